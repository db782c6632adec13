/**
 * The P3KE ingest: request a snapshot, pull its listings page by page, store valid records and quarantine the rest,
 * then prove that every record fetched is accounted for. Workflows see ids and counts only.
 */
import { Context, log } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { MikroORM } from '@mikro-orm/postgresql';
import { FAILURE_TYPES } from '../../domain/contracts/errors';
import { createP3keIngestRepository, type ListingKind } from '../../db/repositories/p3ke-ingest-repository';
import { P3keCursorExpiredError, P3kePermanentError, P3keRateLimitedError } from '../p3ke/p3ke-errors';
import type { P3keClient } from '../p3ke/p3ke-client';
import type { P3kePage } from '../../domain/p3ke/records';
import { noFaults, type FaultInjector } from '../faults';
import { validatePage, type ValidatedPage } from './validate-page';
import { CommittedPrefix, type PageEnd } from './committed-prefix';
import { duplicateIdRow, writePage, type PageWriteMode } from './write-page';

/**
 * Pages of one listing written at once, each on a connection of its own (the ORM pool holds 10). Two or three keep
 * PostgreSQL busy on the second core while the worker fetches and validates; more only queue on the same cores.
 */
export const INGEST_WRITE_CONCURRENCY = 3;

/** A third of the heartbeat timeout (the SDK throttles sends to its own pace anyway); 10 s when none is set. */
export const keepAliveEveryMs = (heartbeatTimeoutMs: number | undefined): number =>
  heartbeatTimeoutMs ? Math.max(1_000, Math.floor(heartbeatTimeoutMs / 3)) : 10_000;

export interface IngestActivityDeps {
  orm: MikroORM;
  p3ke: Pick<P3keClient, 'createSnapshot' | 'fetchPage'>;
  faults?: FaultInjector;
}

export interface IngestListingInput {
  campaignId: string;
  snapshotId: string;
  kind: ListingKind;
  pageSize: number;
}

/** Heartbeat details: where to resume after a worker crash or a retry. */
export interface IngestCheckpoint {
  position: number;
  cursor: string | null;
  pages: number;
}

export interface IngestListingResult {
  kind: ListingKind;
  total: number;
  pagesThisAttempt: number;
}

export interface ReconcileInput {
  campaignId: string;
  expected: { families: number; individuals: number };
}

export interface ReconcileResult {
  fetched: number;
  stored: number;
  quarantined: number;
  storedFamilies: number;
  storedIndividuals: number;
  quarantineByReason: Record<string, number>;
}

export function createIngestActivities({ orm, p3ke, faults = noFaults }: IngestActivityDeps) {
  async function fetchPageHonouringFaults(input: IngestListingInput, checkpoint: IngestCheckpoint) {
    try {
      return await p3ke.fetchPage({
        snapshotId: input.snapshotId,
        kind: input.kind,
        pageSize: input.pageSize,
        ...(checkpoint.cursor ? { cursor: checkpoint.cursor } : { startAt: checkpoint.position }),
      });
    } catch (err) {
      if (err instanceof P3keCursorExpiredError) {
        // The position survives the cursor: ask again from the same record.
        log.warn('P3KE cursor expired; resuming by position', { position: checkpoint.position });
        return p3ke.fetchPage({ snapshotId: input.snapshotId, kind: input.kind, pageSize: input.pageSize, startAt: checkpoint.position }).catch((again: unknown) => {
          throw toActivityFailure(again, 'the ingest');
        });
      }
      throw toActivityFailure(err, 'the ingest');
    }
  }

  return {
    async requestSnapshot(spec: { regionCodes: string[]; desilMin: number; desilMax: number }) {
      try {
        const created = await p3ke.createSnapshot(spec);
        return { snapshotId: created.snapshotId, families: created.families, individuals: created.individuals };
      } catch (err) {
        throw toActivityFailure(err, 'the snapshot request');
      }
    },

    /**
     * Pulls one listing (families or individuals) to the end. Pages are fetched and validated one after another
     * (at most one request in flight, in cursor order) and written on up to INGEST_WRITE_CONCURRENCY connections
     * at once, so PostgreSQL works on one page while the next is fetched and validated. The checkpoint is
     * heartbeated only over the contiguous prefix of committed pages: a crash or a retry resumes at the first page
     * that may not be committed, and rewriting a committed page after it is harmless (idempotent upsert).
     */
    async ingestSnapshotListing(input: IngestListingInput): Promise<IngestListingResult> {
      const ctx = Context.current();
      const resumed = ctx.info.heartbeatDetails as IngestCheckpoint | undefined;
      const checkpoint: IngestCheckpoint = resumed ? { ...resumed } : { position: 0, cursor: null, pages: 0 };
      if (resumed) log.info('ingest resuming from checkpoint', { kind: input.kind, position: resumed.position });
      const prefix = new CommittedPrefix(checkpoint.pages);
      // A resumed attempt may meet its own earlier pages: it upserts from the start instead of finding out.
      const mode: PageWriteMode = { upsert: resumed !== undefined };
      const idsBeingWritten = new Set<string>();
      const writes = new Set<Promise<void>>();
      let failure: { error: unknown } | null = null;
      let total = 0;
      let pagesThisAttempt = 0;

      const onCommitted = (end: PageEnd): void => {
        for (const passed of prefix.commit(end)) {
          Object.assign(checkpoint, passed);
          ctx.heartbeat(checkpoint);
          faults.check(`ingest:${input.kind}:afterPage${checkpoint.pages}`, ctx.info.attempt);
        }
      };

      // Liveness apart from progress: a page that takes long to fetch or commit on a loaded machine must not look
      // like a dead worker. Between commits the same checkpoint is heartbeated again, never one ahead of them.
      const keepAlive = setInterval(() => ctx.heartbeat(checkpoint), keepAliveEveryMs(ctx.info.heartbeatTimeoutMs));
      try {
        return await pullListing();
      } finally {
        clearInterval(keepAlive);
      }

      async function pullListing(): Promise<IngestListingResult> {
        let from: IngestCheckpoint = { ...checkpoint };
        let next: Promise<P3kePage> | null = fetchPageHonouringFaults(input, from);
        while (next && !failure) {
          let fetched: P3kePage;
          try {
            fetched = await next;
          } catch (err) {
            failure ??= { error: err };
            break;
          }
          if (failure) break; // a write failed while this page was on its way: the attempt ends, the page is dropped
          const end: PageEnd = { position: fetched.startAt + fetched.items.length, cursor: fetched.nextCursor, pages: from.pages + 1 };
          const more = fetched.nextCursor !== null && fetched.items.length > 0;
          // The next request leaves before this page is validated: the service prepares it meanwhile. Unread if the
          // attempt ends first, hence the catch (its failure is still seen by whoever awaits it).
          next = more ? fetchPageHonouringFaults(input, end) : null;
          next?.catch(() => undefined);
          from = end;
          const page = setAsideIdsBeingWritten(validatePage(input.kind, fetched.items, fetched.startAt), idsBeingWritten);
          total = fetched.total;
          const ids = page.valid.map((v) => v.id);
          for (const id of ids) idsBeingWritten.add(id);
          const write = writePage(orm, input, page, mode)
            .then(() => {
              pagesThisAttempt += 1;
              onCommitted(end);
            })
            .catch((err: unknown) => {
              failure ??= { error: err };
            })
            .finally(() => {
              for (const id of ids) idsBeingWritten.delete(id);
              writes.delete(write);
            });
          writes.add(write);
          while (writes.size >= INGEST_WRITE_CONCURRENCY) await Promise.race(writes);
        }
        // A failed fetch or write ends the attempt only once the pages already sent are committed or failed, so the
        // checkpoint keeps every page it can (a 429's Retry-After then applies to the next attempt as before).
        await Promise.all(writes);
        if (failure) throw afterProgress(failure.error, pagesThisAttempt);
        log.info('ingest listing done', { kind: input.kind, total, pages: checkpoint.pages });
        return { kind: input.kind, total, pagesThisAttempt };
      }
    },

    /** Quarantines orphan individuals and proves stored + quarantined = fetched for each listing. */
    async reconcileIngest(input: ReconcileInput): Promise<ReconcileResult> {
      const repo = createP3keIngestRepository(orm.em.fork());
      await repo.quarantineOrphanIndividuals(input.campaignId);
      const c = await repo.counts(input.campaignId);
      const familiesAccounted = c.storedFamilies + c.quarantinedFamilies;
      const individualsAccounted = c.storedIndividuals + c.quarantinedIndividuals;
      if (familiesAccounted !== input.expected.families || individualsAccounted !== input.expected.individuals) {
        throw ApplicationFailure.nonRetryable(
          `ingest does not reconcile: families ${familiesAccounted}/${input.expected.families}, individuals ${individualsAccounted}/${input.expected.individuals}`,
          FAILURE_TYPES.reconciliationFailed,
        );
      }
      return {
        fetched: input.expected.families + input.expected.individuals,
        stored: c.storedFamilies + c.storedIndividuals,
        quarantined: c.quarantinedFamilies + c.quarantinedIndividuals,
        storedFamilies: c.storedFamilies,
        storedIndividuals: c.storedIndividuals,
        quarantineByReason: await repo.quarantineByReason(input.campaignId),
      };
    },
  };
}

export type IngestActivities = ReturnType<typeof createIngestActivities>;

/**
 * A valid record whose id is on a page still being written is a duplicate of that earlier position. Deciding it
 * here, in listing order, keeps "the first position wins" true when pages commit out of order, and keeps two
 * transactions from inserting the same key at once. Ids of committed pages are caught by the upsert instead.
 */
function setAsideIdsBeingWritten(page: ValidatedPage, idsBeingWritten: ReadonlySet<string>): ValidatedPage {
  if (!page.valid.some((v) => idsBeingWritten.has(v.id))) return page;
  return {
    valid: page.valid.filter((v) => !idsBeingWritten.has(v.id)),
    quarantined: [...page.quarantined, ...page.valid.filter((v) => idsBeingWritten.has(v.id)).map(duplicateIdRow)],
  };
}

/**
 * Temporal's backoff grows with the attempt number, and the attempt number counts every failure of the listing, not
 * failures in a row: an ingest through a flaky service would soon wait a minute between attempts although each one
 * moved on. An attempt that committed pages asks for the next one a second later instead; an attempt that made no
 * progress keeps the workflow's growing backoff, and a failure that says when (Retry-After) or never keeps its say.
 */
export function afterProgress(err: unknown, committedPages: number): unknown {
  if (committedPages === 0) return err;
  if (err instanceof ApplicationFailure && (err.nonRetryable || err.nextRetryDelay !== undefined)) return err;
  return ApplicationFailure.create({
    message: `${err instanceof Error ? err.message : String(err)} (after ${committedPages} committed pages)`,
    type: err instanceof ApplicationFailure && err.type ? err.type : 'IngestInterrupted',
    nextRetryDelay: '1s',
    ...(err instanceof Error ? { cause: err } : {}),
  });
}

/**
 * How a P3KE failure reaches Temporal: a 429's Retry-After sets when the next attempt may start (for the snapshot
 * request as much as for a page), a refusal fails for good, anything else is retried by the workflow's policy.
 */
function toActivityFailure(err: unknown, what: string): unknown {
  if (err instanceof P3keRateLimitedError) {
    // The checkpoint keeps the place; Temporal waits as long as the service asked.
    return ApplicationFailure.create({
      message: `P3KE service rate-limited ${what}; retrying after ${err.retryAfterMs} ms`,
      type: 'P3keRateLimited',
      nextRetryDelay: Math.max(err.retryAfterMs, 100),
    });
  }
  if (err instanceof P3kePermanentError) {
    return ApplicationFailure.nonRetryable(`P3KE service refused ${what}: ${err.message}`, FAILURE_TYPES.p3kePermanent);
  }
  return err;
}
