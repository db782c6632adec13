/**
 * Page bodies serialised ahead of time. The real P3KE service is another machine, so what it spends building and
 * serialising a page is not the ingest's cost; on a shared two-core bench machine it would be. A snapshot's pages
 * can therefore be prepared once (POST /_sim/snapshots/:id/prepare) and then served as bytes: the same items, in
 * the same JSON, with cursors and fault injection handled per request exactly as for a page built on the spot.
 */
import type { P3keRecordKind } from '../../domain/p3ke/records';
import type { Population } from './population';
import { listingTotal, readPage, type Snapshot } from './snapshots';

/** The items of one page, already as the JSON text of the `items` array. */
export interface PreparedItems {
  json: Buffer;
  count: number;
}

export interface PreparedSummary {
  pageSize: number;
  pages: number;
  bytes: number;
}

export function createPreparedPages() {
  /** snapshot id → `${kind}:${startAt}:${pageSize}` → items. Dropped with the snapshot. */
  const bySnapshot = new Map<string, Map<string, PreparedItems>>();
  const key = (kind: P3keRecordKind, startAt: number, pageSize: number) => `${kind}:${startAt}:${pageSize}`;

  return {
    /**
     * Serialises every page a reader starting at 0 with this page size meets, both listings. A reader resuming
     * at another position (startAt) is served pages built on the spot, as without preparation.
     */
    prepare(population: Population, snapshot: Snapshot, pageSize: number): PreparedSummary {
      const pages = bySnapshot.get(snapshot.id) ?? new Map<string, PreparedItems>();
      bySnapshot.set(snapshot.id, pages);
      let count = 0;
      let bytes = 0;
      for (const kind of ['families', 'individuals'] as const) {
        const total = listingTotal(snapshot, kind);
        for (let startAt = 0; startAt < total; startAt += pageSize) {
          const items = readPage(population, snapshot, kind, startAt, pageSize);
          const prepared = { json: Buffer.from(JSON.stringify(items)), count: items.length };
          pages.set(key(kind, startAt, pageSize), prepared);
          count += 1;
          bytes += prepared.json.length;
        }
      }
      return { pageSize, pages: count, bytes };
    },

    get(snapshotId: string, kind: P3keRecordKind, startAt: number, pageSize: number): PreparedItems | undefined {
      return bySnapshot.get(snapshotId)?.get(key(kind, startAt, pageSize));
    },

    forget(snapshotId: string): void {
      bySnapshot.delete(snapshotId);
    },
  };
}
export type PreparedPages = ReturnType<typeof createPreparedPages>;

/**
 * The page body around prepared items, byte for byte what Fastify's JSON.stringify of
 * `{ items, nextCursor, startAt, total }` gives for the same values (test/sim/prepared-pages.test.ts).
 */
export function pageBody(items: Buffer, tail: { nextCursor: string | null; startAt: number; total: number }): Buffer {
  const after = `,"nextCursor":${JSON.stringify(tail.nextCursor)},"startAt":${tail.startAt},"total":${tail.total}}`;
  return Buffer.concat([HEAD, items, Buffer.from(after)]);
}
const HEAD = Buffer.from('{"items":');
