/**
 * Typed client of the Kemenko PMK P3KE data service (or its simulator in sim/p3ke-api). Base URL and token come
 * from configuration. Envelopes are validated here; records stay `unknown` because the ingest validates each one
 * and quarantines the bad ones. Failures are thrown as the types in p3ke-errors.ts; nothing is retried here.
 */
import {
  P3keErrorBodySchema,
  P3kePageSchema,
  P3keSnapshotCreatedSchema,
  type P3kePage,
  type P3keRecordKind,
  type P3keSnapshotCreated,
  type P3keSnapshotRequest,
} from '../../domain/p3ke/records';
import type { z } from 'zod';
import { P3keCursorExpiredError, P3kePermanentError, P3keRateLimitedError, P3keTransientError, parseRetryAfter } from './p3ke-errors';

export interface P3keClientOptions {
  baseUrl: string;
  token: string;
  /** Per request, covering the response body too. */
  timeoutMs: number;
  /** Wait suggested for a 429 that comes without a usable Retry-After. */
  defaultRetryAfterMs?: number;
}

export interface FetchPageInput {
  snapshotId: string;
  kind: P3keRecordKind;
  pageSize: number;
  /** From the previous page; leave out (and give startAt) to start or resume by position. */
  cursor?: string;
  startAt?: number;
  /** Cancellation from the caller, e.g. the activity's cancellation signal. */
  signal?: AbortSignal;
}

export interface P3keClient {
  createSnapshot(spec: P3keSnapshotRequest, options?: { signal?: AbortSignal }): Promise<P3keSnapshotCreated>;
  fetchPage(input: FetchPageInput): Promise<P3kePage>;
}

const MAX_REASON_LENGTH = 200;

export function createP3keClient(options: P3keClientOptions): P3keClient {
  const base = options.baseUrl.replace(/\/+$/, '');
  const defaultRetryAfterMs = options.defaultRetryAfterMs ?? 1000;

  async function call<T>(method: 'GET' | 'POST', path: string, query: URLSearchParams | null, body: unknown, schema: z.ZodType<T>, callerSignal?: AbortSignal): Promise<T> {
    // The label names the endpoint without its query string: cursors are opaque and need not reach logs.
    const label = `P3KE ${method} ${path}`;
    const timeout = AbortSignal.timeout(options.timeoutMs);
    const signal = callerSignal ? AbortSignal.any([callerSignal, timeout]) : timeout;
    const url = `${base}${path}${query ? `?${query.toString()}` : ''}`;
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        method,
        headers: {
          authorization: `Bearer ${options.token}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal,
      });
      text = await response.text();
    } catch (error) {
      if (callerSignal?.aborted) throw callerSignal.reason ?? error;
      if (timeout.aborted) throw new P3keTransientError(`${label}: no complete answer within ${options.timeoutMs} ms`, 'timeout', null);
      throw new P3keTransientError(`${label}: connection failed (${networkCode(error)})`, 'connection', null);
    }
    if (!response.ok) throw failureFor(label, response, text);

    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new P3keTransientError(`${label}: ${response.status} with a body that is not JSON`, 'bad_body', response.status);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const where = [...new Set(parsed.error.issues.map((i) => i.path.join('.') || '(body)'))].join(', ');
      throw new P3kePermanentError(`${label}: unexpected response shape at ${where}`, response.status, 'INVALID_ENVELOPE');
    }
    return parsed.data;
  }

  function failureFor(label: string, response: Response, text: string): Error {
    const body = readErrorBody(text);
    const detail = `${response.status}${body.code ? ` ${body.code}` : ''}${body.reason ? `: ${body.reason}` : ''}`;
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), Date.now());
    if (response.status === 429) return new P3keRateLimitedError(`${label}: rate limited`, retryAfterMs ?? defaultRetryAfterMs);
    if (response.status === 410 && body.code === 'CURSOR_EXPIRED') return new P3keCursorExpiredError(`${label}: cursor expired`);
    if (response.status >= 500 || response.status === 408) {
      return new P3keTransientError(`${label}: ${detail}`, 'server_error', response.status, retryAfterMs);
    }
    return new P3kePermanentError(`${label}: ${detail}`, response.status, body.code);
  }

  return {
    createSnapshot: (spec, callOptions) => call('POST', '/v1/snapshots', null, spec, P3keSnapshotCreatedSchema, callOptions?.signal),

    fetchPage(input) {
      if (input.cursor !== undefined && input.startAt !== undefined) {
        return Promise.reject(new P3kePermanentError('P3KE fetchPage: give either cursor or startAt, not both', 400, 'BAD_REQUEST'));
      }
      const query = new URLSearchParams({ pageSize: String(input.pageSize) });
      if (input.cursor !== undefined) query.set('cursor', input.cursor);
      if (input.startAt !== undefined) query.set('startAt', String(input.startAt));
      const path = `/v1/snapshots/${encodeURIComponent(input.snapshotId)}/${input.kind}`;
      return call('GET', path, query, undefined, P3kePageSchema, input.signal);
    },
  };
}

function readErrorBody(text: string): { code?: string; reason?: string } {
  try {
    const parsed = P3keErrorBodySchema.safeParse(JSON.parse(text));
    if (!parsed.success) return {};
    const reason = parsed.data.reason?.slice(0, MAX_REASON_LENGTH);
    return { code: parsed.data.code.slice(0, 64), ...(reason ? { reason } : {}) };
  } catch {
    return {};
  }
}

/** The system error code behind undici's generic "fetch failed", e.g. ECONNRESET or UND_ERR_SOCKET. */
function networkCode(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  return typeof cause?.code === 'string' ? cause.code : error instanceof Error ? error.name : 'unknown';
}
