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
import { noFaults, type FaultInjector } from '../faults';
import { validatePage } from './validate-page';

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

    /** Pulls one listing (families or individuals) to the end, heartbeating its checkpoint after every page. */
    async ingestSnapshotListing(input: IngestListingInput): Promise<IngestListingResult> {
      const ctx = Context.current();
      const resumed = ctx.info.heartbeatDetails as IngestCheckpoint | undefined;
      const checkpoint: IngestCheckpoint = resumed ?? { position: 0, cursor: null, pages: 0 };
      if (resumed) log.info('ingest resuming from checkpoint', { kind: input.kind, position: resumed.position });
      let total = 0;
      let pagesThisAttempt = 0;
      // One page is always on its way while the one before is written: the P3KE service's latency, the zod
      // validation and the database's write overlap instead of adding up. At most one request is in flight, and
      // the checkpoint only moves once a page is committed, so a crash or a retry resumes exactly as before.
      const fetchAndValidate = (from: IngestCheckpoint) =>
        fetchPageHonouringFaults(input, from).then((page) => ({ page, ...validatePage(input.kind, page.items, page.startAt) }));
      let next = fetchAndValidate(checkpoint);
      for (;;) {
        const { page, valid, quarantined } = await next;
        total = page.total;
        const more = page.nextCursor !== null && page.items.length > 0;
        if (more) {
          next = fetchAndValidate({ position: page.startAt + page.items.length, cursor: page.nextCursor, pages: checkpoint.pages + 1 });
          // If writing this page fails, the attempt ends here and the prefetched answer is dropped unread.
          next.catch(() => undefined);
        }
        await orm.em.fork().transactional(async (em) => {
          const repo = createP3keIngestRepository(em);
          const { duplicatePositions } = await repo.upsertRows(input.kind, input.campaignId, valid);
          const duplicates = new Set(duplicatePositions);
          const duplicateRows = valid
            .filter((v) => duplicates.has(v.position))
            .map((v) => ({ position: v.position, sourceId: v.id, reasonCode: 'duplicate_id', reason: 'the id repeats a record at another position of the snapshot', raw: v.record }));
          await repo.quarantine(input.kind, input.campaignId, [...quarantined, ...duplicateRows]);
        });
        checkpoint.position = page.startAt + page.items.length;
        checkpoint.cursor = page.nextCursor;
        checkpoint.pages += 1;
        pagesThisAttempt += 1;
        ctx.heartbeat(checkpoint);
        faults.check(`ingest:${input.kind}:afterPage${checkpoint.pages}`, ctx.info.attempt);
        if (!more) break;
      }
      log.info('ingest listing done', { kind: input.kind, total, pages: checkpoint.pages });
      return { kind: input.kind, total, pagesThisAttempt };
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
