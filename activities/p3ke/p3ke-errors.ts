/**
 * Typed failures of the P3KE data service client. The client never retries: Temporal retries activities, and the
 * ingest activity decides per type (honour Retry-After, resume by position after an expired cursor, fail fast on
 * a permanent refusal). Each class sets `name`, which Temporal reports as the failure type, so retry policies can
 * list P3kePermanentError under nonRetryableErrorTypes. Messages carry method, path and status only.
 */

export const P3KE_ERROR_NAMES = {
  rateLimited: 'P3keRateLimitedError',
  transient: 'P3keTransientError',
  cursorExpired: 'P3keCursorExpiredError',
  permanent: 'P3kePermanentError',
} as const;

export abstract class P3keApiError extends Error {
  /** HTTP status, or null when no response arrived (connection reset, timeout). */
  abstract readonly status: number | null;
}

/** 429: wait `retryAfterMs` before asking again. */
export class P3keRateLimitedError extends P3keApiError {
  override readonly name = P3KE_ERROR_NAMES.rateLimited;
  readonly status = 429;
  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(message);
  }
}

export type TransientReason = 'server_error' | 'connection' | 'timeout' | 'bad_body';

/** Worth retrying as is: a 5xx or 408, a dropped connection, a timeout, or a body cut off mid-way. */
export class P3keTransientError extends P3keApiError {
  override readonly name = P3KE_ERROR_NAMES.transient;
  constructor(
    message: string,
    readonly reason: TransientReason,
    readonly status: number | null,
    /** From Retry-After when the service sent one with a 503. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** 410 CURSOR_EXPIRED: the position is still good; ask again with `startAt`. */
export class P3keCursorExpiredError extends P3keApiError {
  override readonly name = P3KE_ERROR_NAMES.cursorExpired;
  readonly status = 410;
}

/** 400, 401, 403, 404 and other refusals that the same request will meet again; also a response of the wrong shape. */
export class P3kePermanentError extends P3keApiError {
  override readonly name = P3KE_ERROR_NAMES.permanent;
  constructor(
    message: string,
    readonly status: number,
    /** The service's machine-readable code, e.g. SNAPSHOT_NOT_FOUND. */
    readonly code?: string,
  ) {
    super(message);
  }
}

/**
 * Retry-After is either delay-seconds or an HTTP date (RFC 9110 section 10.2.3). Returns milliseconds, at least
 * 0, or undefined when the header is absent or unreadable.
 */
export function parseRetryAfter(header: string | null | undefined, nowMs: number): number | undefined {
  if (header === null || header === undefined || header.trim() === '') return undefined;
  const text = header.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}
