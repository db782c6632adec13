/**
 * The codec endpoint for the Temporal Web UI and CLI (client/codec/codec-http.ts does the protocol), admins only.
 *
 * How callers authenticate (temporalio/ui src/lib/services/data-encoder.ts): the Web UI sends Content-Type and
 * X-Namespace; it adds `Authorization: Bearer <its own OIDC access token>` only with "pass access token" and an
 * https endpoint, and sends cookies only with "include cross-origin credentials". So:
 *   - the CLI sends our admin token: `temporal workflow show --codec-endpoint <api>/codec --codec-auth 'Bearer vv_…'`;
 *   - a browser signs in once at <api>/codec/login with the admin token and gets an HttpOnly session cookie
 *     (SameSite=Strict, Path=/codec), which the Web UI sends with "include cross-origin credentials" on.
 * CORS answers the preflight (every codec request has one: JSON body, custom header) for the configured origins.
 */
import cors from '@fastify/cors';
import type { PayloadCodec } from '@temporalio/common';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CODEC_BODY_LIMIT_BYTES, CODEC_NAMESPACE_HEADER, CODEC_ROUTES, decodeRequest, encodeRequest } from '../../codec/codec-http';
import { API_AUDIT_ACTIONS, writeAudit } from '../audit';
import { bearerToken, CODEC_SESSION_COOKIE, currentUser } from '../auth/authenticate';
import { findUserByToken } from '../auth/users';
import type { ApiDeps } from '../deps';
import { ApiError } from '../errors';
import { bearerSecurity, errorResponses } from '../schemas/common';

export const CODEC_PREFIX = '/codec';
const TAG = ['codec'];
const SESSION_SECONDS = 8 * 3600;

export interface CodecRouteOptions extends ApiDeps {
  codec: PayloadCodec;
  namespace: string;
  corsOrigins: readonly string[];
}

const payloadsSchema = z
  .object({ payloads: z.array(z.object({ metadata: z.record(z.string(), z.string()).nullish(), data: z.string().nullish() })) })
  .describe('Payloads as proto3 JSON: every bytes field base64');
const payloadsResponse = z.object({ payloads: z.array(z.object({ metadata: z.record(z.string(), z.string()), data: z.string() })) });

const LOGIN_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Verivali codec sign-in</title></head>
<body style="font-family: sans-serif; max-width: 40em; margin: 3em auto">
<h1>Codec endpoint sign-in</h1>
<p>Paste an admin API token. This browser then gets a session cookie for the codec endpoint (8 hours), which the
Temporal Web UI sends when its codec setting "Include cross-origin credentials" is on. Open the Web UI on the same
host name as this page (127.0.0.1 with 127.0.0.1, localhost with localhost).</p>
<form method="post" action="${CODEC_PREFIX}/session">
<input type="password" name="token" autocomplete="off" size="60" required>
<button type="submit">Sign in</button>
</form></body></html>`;

/** Path relative to the plugin prefix, from the shared route table. */
const under = (path: string): string => path.slice(CODEC_PREFIX.length);

export const codecRoutes: FastifyPluginAsyncZod<CodecRouteOptions> = async (app, opts) => {
  // Registered in this (encapsulated) plugin: CORS and the form parser apply to the codec routes only.
  await app.register(cors, {
    origin: [...opts.corsOrigins],
    credentials: true,
    methods: ['POST', 'DELETE'],
    allowedHeaders: ['Content-Type', 'X-Namespace', 'Authorization'],
    maxAge: 600,
  });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 4096 }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });

  for (const [kind, path] of Object.entries(CODEC_ROUTES) as [keyof typeof CODEC_ROUTES, string][]) {
    app.post(
      under(path),
      {
        bodyLimit: CODEC_BODY_LIMIT_BYTES,
        config: { roles: ['admin'], cookieAuth: true },
        schema: {
          tags: TAG,
          summary: `${kind === 'decode' ? 'Decode (decrypt)' : 'Encode (encrypt)'} payloads for the Temporal Web UI or CLI`,
          security: [...bearerSecurity, { codecSession: [] }],
          body: payloadsSchema,
          response: { 200: payloadsResponse, ...errorResponses },
        },
      },
      async (request) => {
        const header = request.headers[CODEC_NAMESPACE_HEADER];
        const options = { namespace: typeof header === 'string' ? header : undefined, servedNamespaces: [opts.namespace] };
        if (kind === 'encode') return encodeRequest(request.body, opts.codec, options);
        const decoded = await decodeRequest(request.body, opts.codec, options);
        // Decoded payloads can hold field results (names, NIKs): a read of personal data by a person, audited.
        // Which families is not known here (the payloads are opaque), so the entry names the namespace and a count.
        await writeAudit(opts.orm, currentUser(request), {
          action: API_AUDIT_ACTIONS.readPersonalData,
          entity: 'temporal_payloads',
          entityId: opts.namespace,
          after: { via: 'codec_decode', payloads: request.body.payloads.length },
        });
        return decoded;
      },
    );
  }

  app.get('/login', { schema: { tags: TAG, summary: 'A sign-in page that gives this browser a codec session cookie' } }, async (_request, reply) =>
    reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').header('x-frame-options', 'DENY').send(LOGIN_PAGE),
  );

  app.post(
    '/session',
    {
      schema: {
        tags: TAG,
        summary: 'Start a codec session: an admin token (bearer, or the form field "token") becomes an HttpOnly cookie',
        body: z.object({ token: z.string().max(200).optional() }).nullish(),
        response: { 200: z.object({ user: z.string(), expiresInSeconds: z.number() }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const token = bearerToken(request) ?? request.body?.token ?? null;
      const user = token ? await findUserByToken(opts.orm.em.fork(), token) : null;
      if (!token || !user) throw new ApiError(401, 'unauthorized', 'an admin token is required');
      if (user.role !== 'admin') throw new ApiError(403, 'forbidden_role', 'the codec endpoint is for admins');
      const secure = request.protocol === 'https' ? '; Secure' : '';
      reply.header('set-cookie', `${CODEC_SESSION_COOKIE}=${encodeURIComponent(token)}; Path=${CODEC_PREFIX}; HttpOnly; SameSite=Strict; Max-Age=${SESSION_SECONDS}${secure}`);
      return { user: user.id, expiresInSeconds: SESSION_SECONDS };
    },
  );

  app.delete(
    '/session',
    { schema: { tags: TAG, summary: 'End the codec session of this browser', response: { 204: z.null() } } },
    async (_request, reply) => {
      reply.header('set-cookie', `${CODEC_SESSION_COOKIE}=; Path=${CODEC_PREFIX}; HttpOnly; SameSite=Strict; Max-Age=0`);
      return reply.code(204).send(null);
    },
  );
};
