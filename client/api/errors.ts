/**
 * Every error leaves the API as `{ error: { code, message, issues? } }`. Messages name fields, rules and ids,
 * never a submitted value (it may be a NIK or a name); unexpected errors are logged without their message.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CodecHttpError } from '../codec/codec-http';

export const errorBodySchema = z
  .object({
    error: z.object({
      code: z.string().describe('machine-readable, snake_case'),
      message: z.string(),
      issues: z.array(z.object({ path: z.string(), message: z.string() })).optional().describe('invalid fields (400)'),
    }),
  })
  .meta({ id: 'Error' });
export type ErrorBody = z.infer<typeof errorBodySchema>;

export interface Issue {
  path: string;
  message: string;
}

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly issues?: Issue[],
  ) {
    super(message);
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.issues ? { issues: this.issues } : {}) } };
  }
}

export const notFound = (message: string, code = 'not_found'): ApiError => new ApiError(404, code, message);
export const forbidden = (message: string, code = 'forbidden'): ApiError => new ApiError(403, code, message);
export const conflict = (message: string, code = 'conflict'): ApiError => new ApiError(409, code, message);

/** `members.0.nik` → `members[0].nik`, prefixed with where it was (body, params, querystring). */
export function issuePath(where: string | undefined, path: readonly PropertyKey[]): string {
  const tail = path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
  const joined = `${where ?? ''}${tail}`;
  return joined.startsWith('.') ? joined.slice(1) : joined || '(root)';
}

export function invalidRequest(where: string, issues: readonly z.core.$ZodIssue[]): ApiError {
  const list = issues.slice(0, 50).map((i) => ({ path: issuePath(where, i.path), message: i.message }));
  return new ApiError(400, 'invalid_request', `the request is invalid: ${list.slice(0, 3).map((i) => `${i.path}: ${i.message}`).join('; ')}`, list);
}

/** Fastify's own 4xx errors, by code. */
const FASTIFY_ERRORS: Record<string, { status: number; code: string; message: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'malformed_json', message: 'the request body is not valid JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'malformed_json', message: 'the request has a JSON content type but no body' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'payload_too_large', message: 'the request body is larger than this route accepts' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'unsupported_media_type', message: 'send the request body as application/json' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'invalid_content_length', message: 'the Content-Length header does not match the body' },
};

/** Only what identifies an error, never its message (a database error may quote a value). */
export function safeErrorFields(err: unknown): Record<string, unknown> {
  const e = err as { name?: unknown; code?: unknown; stack?: unknown };
  const stack = typeof e.stack === 'string' ? e.stack.split('\n').slice(1, 8).join('\n') : undefined;
  return { type: typeof e.name === 'string' ? e.name : typeof err, code: typeof e.code === 'string' ? e.code : undefined, stack };
}

export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | ApiError | CodecHttpError, request, reply) => {
    if (err instanceof ApiError) return reply.code(err.statusCode).send(err.toBody());
    if (err instanceof CodecHttpError) return reply.code(err.statusCode).send(new ApiError(err.statusCode, err.reason.replace(/-/g, '_'), err.message).toBody());
    if (hasZodFastifySchemaValidationErrors(err)) {
      const where = (err as FastifyError).validationContext;
      const issues = err.validation.slice(0, 50).map((v) => ({ path: issuePath(where, v.instancePath.split('/').filter(Boolean).map((p) => (/^\d+$/.test(p) ? Number(p) : p))), message: v.message ?? 'invalid' }));
      return reply.code(400).send(new ApiError(400, 'invalid_request', `the request is invalid: ${issues.slice(0, 3).map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues).toBody());
    }
    const known = typeof err.code === 'string' ? FASTIFY_ERRORS[err.code] : undefined;
    if (known) return reply.code(known.status).send(new ApiError(known.status, known.code, known.message).toBody());
    if (isResponseSerializationError(err as Error & { method?: string })) {
      request.log.error({ err: safeErrorFields(err), issues: (err as { cause?: { issues?: { path: unknown[]; code: string }[] } }).cause?.issues?.map((i) => ({ path: i.path, code: i.code })) }, 'response does not match its schema');
    } else if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
      const code = typeof err.code === 'string' ? err.code.toLowerCase() : 'bad_request';
      return reply.code(err.statusCode).send(new ApiError(err.statusCode, code, 'the request was refused').toBody());
    } else {
      request.log.error({ err: safeErrorFields(err) }, 'request failed');
    }
    return reply.code(500).send(new ApiError(500, 'internal', 'the request failed; it has been logged').toBody());
  });

  app.setNotFoundHandler((_request, reply) => reply.code(404).send(notFound('no such route (see /openapi.json)', 'no_route').toBody()));
}
