/**
 * Writes one validated page of a listing in a transaction of its own: the valid rows, then the quarantined ones.
 * A page commits whole or not at all, so the checkpoint can count it once it is committed.
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import { createP3keIngestRepository, isUniqueViolation, type ListingKind, type QuarantineRow, type ValidRow } from '../../db/repositories/p3ke-ingest-repository';
import { QUARANTINE_REASONS, type ValidatedPage } from './validate-page';

/**
 * How a listing's pages are written. A first ingest starts with COPY (no conflict arbitration, no RETURNING, no
 * JSON to parse: half the PostgreSQL CPU of the upsert, bench/ingest-vs-copy.ts); the first page that meets a stored id (a resumed attempt, a re-run of the
 * campaign, an id that repeats an earlier page's) switches the listing to the upsert for the rest of the attempt.
 */
export interface PageWriteMode {
  upsert: boolean;
}

/** A valid record whose id is stored (or being stored) at another position: quarantined, never merged. */
export function duplicateIdRow(row: ValidRow): QuarantineRow {
  return {
    position: row.position,
    sourceId: row.id,
    reasonCode: QUARANTINE_REASONS.duplicateId,
    reason: 'the id repeats a record at another position of the snapshot',
    raw: row.record,
  };
}

export async function writePage(
  orm: MikroORM,
  target: { kind: ListingKind; campaignId: string },
  page: ValidatedPage,
  mode: PageWriteMode,
): Promise<void> {
  const { kind, campaignId } = target;
  const write = (upsert: boolean) =>
    orm.em.fork().transactional(async (em) => {
      const repo = createP3keIngestRepository(em);
      let duplicates: QuarantineRow[] = [];
      if (upsert) {
        const positions = new Set((await repo.upsertRows(kind, campaignId, page.valid)).duplicatePositions);
        duplicates = page.valid.filter((v) => positions.has(v.position)).map(duplicateIdRow);
      } else {
        await repo.copyRows(kind, campaignId, page.valid);
      }
      await repo.quarantine(kind, campaignId, [...page.quarantined, ...duplicates]);
    });
  if (mode.upsert) return write(true);
  try {
    await write(false);
  } catch (err) {
    // The COPY met a stored id and its transaction rolled back whole: the page is written again, sorted.
    if (!isUniqueViolation(err)) throw err;
    mode.upsert = true;
    await write(true);
  }
}
