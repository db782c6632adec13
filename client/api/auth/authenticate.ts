/**
 * Route-level authentication: a route that declares `config.roles` needs `Authorization: Bearer <token>` of an
 * enabled user holding one of those roles (401 without or with an unknown token, 403 for another role). The codec
 * routes also accept the session cookie a browser got from POST /codec/session (`config.cookieAuth`).
 *
 * The check is added to each route's own onRequest hooks (through onRoute), so it runs after plugin hooks such as
 * CORS (a browser can read a 401) and before the body is read (an unauthenticated upload is not buffered).
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import type { ApiRole } from '../../../db/entities/api-user.entity';
import { ApiError } from '../errors';
import { findUserByToken, type AuthUser } from './users';

export const CODEC_SESSION_COOKIE = 'verivali_codec_session';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Roles allowed on the route; absent: the route is public. */
    roles?: readonly ApiRole[];
    /** Also accept the codec session cookie (codec routes only: the Web UI cannot send our bearer token). */
    cookieAuth?: boolean;
  }
  interface FastifyRequest {
    user: AuthUser | null;
  }
}

export function bearerToken(request: FastifyRequest): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  return match?.[1] ?? null;
}

export function cookieValue(request: FastifyRequest, name: string): string | null {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return null;
}

function unauthorized(reply: FastifyReply, message: string): ApiError {
  reply.header('www-authenticate', 'Bearer realm="verivali"');
  return new ApiError(401, 'unauthorized', message);
}

export function installAuthentication(app: FastifyInstance, orm: MikroORM): void {
  app.decorateRequest('user', null);
  app.addHook('onRoute', (route) => {
    const roles = route.config?.roles;
    if (!roles) return;
    const cookieAuth = route.config?.cookieAuth === true;
    const check: onRequestAsyncHookHandler = async function authenticate(request, reply) {
      const token = bearerToken(request) ?? (cookieAuth ? cookieValue(request, CODEC_SESSION_COOKIE) : null);
      if (!token) throw unauthorized(reply, 'this route needs Authorization: Bearer <token>');
      const user = await findUserByToken(orm.em.fork(), token);
      if (!user) throw unauthorized(reply, 'the token is unknown or its user is disabled');
      if (!roles.includes(user.role)) throw new ApiError(403, 'forbidden_role', `this route is for ${roles.join(' or ')}, not ${user.role}`);
      request.user = user;
    };
    const existing = route.onRequest;
    route.onRequest = [...(existing === undefined ? [] : Array.isArray(existing) ? existing : [existing]), check];
  });
}

/** The authenticated user of a route that declared roles (the hook ran, so it is set). */
export function currentUser(request: FastifyRequest): AuthUser {
  if (!request.user) throw new ApiError(401, 'unauthorized', 'not authenticated');
  return request.user;
}
