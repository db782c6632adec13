/** Small pieces shared by the simulator's routes: bearer-token auth, error bodies, query validation. */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';

export function sendError(reply: FastifyReply, status: number, code: string, reason?: string): FastifyReply {
  return reply.code(status).send(reason === undefined ? { code } : { code, reason });
}

export function tokenMatches(request: FastifyRequest, token: string): boolean {
  const header = request.headers.authorization ?? '';
  const match = /^Bearer (.+)$/i.exec(header);
  if (!match?.[1]) return false;
  const given = Buffer.from(match[1]);
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Reasons name the parameter and the rule broken; request values are not echoed back. */
export function describeProblems(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length > 0 ? i.path.join('.') : 'request'}: ${i.message}`).join('; ');
}
