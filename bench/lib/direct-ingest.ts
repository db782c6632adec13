/**
 * The ingest called directly: the same activity functions the worker registers (activities/ingest), run in an
 * activity context of their own (MockActivityEnvironment gives them Context.current() and a heartbeat sink)
 * instead of through Temporal. The baseline of the orchestration-overhead benchmark, and the service side of
 * the ingest-vs-COPY benchmark.
 */
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import type { MikroORM } from '@mikro-orm/postgresql';
import { createIngestActivities, type ReconcileResult } from '../../activities/ingest/ingest-activities';
import type { P3keClient } from '../../activities/p3ke/p3ke-client';
import { loadIknArea } from '../../domain/regions';

/** The snapshot every ingest benchmark asks for: the whole IKN area, every desil (as the demo campaign). */
export function ikNSnapshotSpec(): { regionCodes: string[]; desilMin: number; desilMax: number } {
  return { regionCodes: loadIknArea().kecamatan.map((k) => k.code), desilMin: 1, desilMax: 10 };
}

export async function ingestDirectly(input: { orm: MikroORM; p3ke: P3keClient; campaignId: string; pageSize: number }): Promise<ReconcileResult> {
  const activities = createIngestActivities({ orm: input.orm, p3ke: input.p3ke });
  // Warnings only, as the bench's worker logs: per-listing INFO lines would interleave with the figures.
  const logger = new DefaultLogger('WARN');
  const run = <A extends unknown[], R>(fn: (...args: A) => Promise<R>, ...args: A): Promise<R> => new MockActivityEnvironment(undefined, { logger }).run(fn, ...args);
  const snapshot = await run(activities.requestSnapshot, ikNSnapshotSpec());
  for (const kind of ['families', 'individuals'] as const) {
    await run(activities.ingestSnapshotListing, { campaignId: input.campaignId, snapshotId: snapshot.snapshotId, kind, pageSize: input.pageSize });
  }
  return run(activities.reconcileIngest, { campaignId: input.campaignId, expected: { families: snapshot.families, individuals: snapshot.individuals } });
}
