/**
 * The Temporal codec server protocol, as pure request → response translation so the HTTP API only mounts it.
 * The Web UI ("remote codec endpoint") and `temporal … --codec-endpoint` send
 *   POST <endpoint>/decode or <endpoint>/encode, Content-Type: application/json, header X-Namespace: <namespace>
 *   body: Payloads as proto3 JSON, every bytes field base64: {"payloads":[{"metadata":{"encoding":"<b64>"},"data":"<b64>"}]}
 * and expect the same shape back, run through the codec. A bad request is a CodecHttpError with a status (400, or
 * 413 when too large) and a reason; its message names sizes, indexes and key ids, never payload contents.
 */
import type { Payload, PayloadCodec } from '@temporalio/common';
import { z } from 'zod';
import { PayloadDecryptionError } from './aes-gcm-codec';

export const CODEC_ROUTES = { encode: '/codec/encode', decode: '/codec/decode' } as const;
export const CODEC_NAMESPACE_HEADER = 'x-namespace';
/**
 * Largest request body in bytes. Temporal refuses payloads over 2 MiB and base64 grows them by a third; the rest is
 * room for a page of history. Give the HTTP route the same limit (Fastify `bodyLimit`) so it never buffers more.
 */
export const CODEC_BODY_LIMIT_BYTES = 4 * 1024 * 1024;
export const CODEC_MAX_PAYLOADS = 1_000;

export const CODEC_HTTP_ERROR_REASONS = [
  'body-too-large',
  'malformed-json',
  'invalid-body',
  'too-many-payloads',
  'namespace-not-served',
  'undecodable-payload',
] as const;
export type CodecHttpErrorReason = (typeof CODEC_HTTP_ERROR_REASONS)[number];

export class CodecHttpError extends Error {
  override name = 'CodecHttpError';
  readonly statusCode: 400 | 413;
  constructor(
    readonly reason: CodecHttpErrorReason,
    message: string,
  ) {
    super(message);
    this.statusCode = reason === 'body-too-large' ? 413 : 400;
  }

  toResponseBody(): { error: CodecHttpErrorReason; message: string } {
    return { error: this.reason, message: this.message };
  }
}

/** One payload in proto3 JSON: metadata values and data are base64. */
export interface PayloadJson {
  metadata: Record<string, string>;
  data: string;
}
export interface CodecHttpBody {
  payloads: PayloadJson[];
}

export interface CodecRequestOptions {
  /** The X-Namespace header, when the caller sent one. */
  namespace?: string | undefined;
  /** Namespaces this endpoint serves; a request naming another is refused. Omit to serve any. */
  servedNamespaces?: readonly string[];
}

/** proto3 JSON accepts standard and URL-safe base64, padded or not. */
const base64 = z
  .string()
  .regex(/^[A-Za-z0-9+/_-]*={0,2}$/, 'not base64')
  .refine((s) => s.replace(/=+$/, '').length % 4 !== 1, 'not base64');
const bodySchema = z.object({
  payloads: z.array(
    z.object({
      metadata: z.record(z.string(), base64).nullish(),
      data: base64.nullish(),
    }),
  ),
});

export function decodeRequest(body: unknown, codec: PayloadCodec, options: CodecRequestOptions = {}): Promise<CodecHttpBody> {
  return translate(body, options, (payloads) => codec.decode(payloads));
}

export function encodeRequest(body: unknown, codec: PayloadCodec, options: CodecRequestOptions = {}): Promise<CodecHttpBody> {
  return translate(body, options, (payloads) => codec.encode(payloads));
}

async function translate(
  body: unknown,
  options: CodecRequestOptions,
  run: (payloads: Payload[]) => Promise<Payload[]>,
): Promise<CodecHttpBody> {
  checkNamespace(options);
  const payloads = parseBody(body);
  try {
    return { payloads: (await run(payloads)).map(toJson) };
  } catch (err) {
    if (err instanceof PayloadDecryptionError) throw new CodecHttpError('undecodable-payload', err.message);
    throw err;
  }
}

function checkNamespace({ namespace, servedNamespaces }: CodecRequestOptions): void {
  if (namespace === undefined || servedNamespaces === undefined || servedNamespaces.includes(namespace)) return;
  throw new CodecHttpError('namespace-not-served', `this codec endpoint serves ${servedNamespaces.join(', ')}, not the namespace in ${CODEC_NAMESPACE_HEADER}`);
}

/** Accepts the raw body (string or bytes) or a body a JSON parser already read. */
export function parseBody(body: unknown): Payload[] {
  let json: unknown = body;
  if (typeof body === 'string' || body instanceof Uint8Array) {
    const size = typeof body === 'string' ? Buffer.byteLength(body, 'utf8') : body.byteLength;
    if (size > CODEC_BODY_LIMIT_BYTES) tooLarge(size);
    try {
      json = JSON.parse(typeof body === 'string' ? body : Buffer.from(body).toString('utf8'));
    } catch {
      throw new CodecHttpError('malformed-json', 'the request body is not valid JSON');
    }
  }
  const count = (json as { payloads?: unknown } | null)?.payloads;
  if (Array.isArray(count) && count.length > CODEC_MAX_PAYLOADS) {
    throw new CodecHttpError('too-many-payloads', `the request holds ${count.length} payloads; at most ${CODEC_MAX_PAYLOADS} per request`);
  }
  const parsed = bodySchema.safeParse(json);
  if (!parsed.success) {
    const where = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`);
    throw new CodecHttpError('invalid-body', `the request body is not {"payloads":[{"metadata":{…},"data":"…"}]}: ${where.join('; ')}`);
  }
  let size = 0;
  const payloads = parsed.data.payloads.map((p): Payload => {
    const metadata: Record<string, Uint8Array> = {};
    for (const [key, value] of Object.entries(p.metadata ?? {})) {
      size += key.length + value.length;
      metadata[key] = Buffer.from(value, 'base64');
    }
    size += p.data?.length ?? 0;
    return { metadata, data: Buffer.from(p.data ?? '', 'base64') };
  });
  if (size > CODEC_BODY_LIMIT_BYTES) tooLarge(size);
  return payloads;
}

function tooLarge(size: number): never {
  throw new CodecHttpError('body-too-large', `the request body is ${size} bytes; the limit is ${CODEC_BODY_LIMIT_BYTES}`);
}

function toJson(payload: Payload): PayloadJson {
  const metadata: Record<string, string> = {};
  for (const [key, value] of Object.entries(payload.metadata ?? {})) metadata[key] = Buffer.from(value).toString('base64');
  return { metadata, data: Buffer.from(payload.data ?? new Uint8Array()).toString('base64') };
}
