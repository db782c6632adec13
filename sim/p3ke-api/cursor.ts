/**
 * Opaque paging cursors. A cursor carries the snapshot, the listing, the next position and when it was issued,
 * signed so a client cannot forge one; clients that lose a cursor (or see it expire) resume with `startAt`.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { P3keRecordKind } from '../../domain/p3ke/records';

export interface CursorState {
  snapshotId: string;
  kind: P3keRecordKind;
  position: number;
  issuedAtMs: number;
}

export type CursorCheck =
  | { ok: true; state: CursorState }
  | { ok: false; problem: 'malformed' | 'other_listing' | 'expired' };

export function createCursorCodec(secret: string) {
  const sign = (body: string) => createHmac('sha256', secret).update(body).digest('base64url').slice(0, 22);

  function encode(state: CursorState): string {
    const body = Buffer.from(JSON.stringify([state.snapshotId, state.kind, state.position, state.issuedAtMs])).toString('base64url');
    return `${body}.${sign(body)}`;
  }

  function decode(cursor: string, expected: { snapshotId: string; kind: P3keRecordKind }, nowMs: number, ttlMs: number): CursorCheck {
    const [body = '', signature = ''] = cursor.split('.');
    const good = sign(body);
    if (signature.length !== good.length || !timingSafeEqual(Buffer.from(signature), Buffer.from(good))) {
      return { ok: false, problem: 'malformed' };
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    } catch {
      return { ok: false, problem: 'malformed' };
    }
    if (!Array.isArray(parsed) || parsed.length !== 4) return { ok: false, problem: 'malformed' };
    const [snapshotId, kind, position, issuedAtMs] = parsed as unknown[];
    if (typeof position !== 'number' || typeof issuedAtMs !== 'number') return { ok: false, problem: 'malformed' };
    if (snapshotId !== expected.snapshotId || kind !== expected.kind) return { ok: false, problem: 'other_listing' };
    if (ttlMs > 0 && nowMs - issuedAtMs > ttlMs) return { ok: false, problem: 'expired' };
    return { ok: true, state: { snapshotId: expected.snapshotId, kind: expected.kind, position, issuedAtMs } };
  }

  return { encode, decode };
}
