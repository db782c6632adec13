/**
 * A worker killed with SIGKILL in the middle of the P3KE ingest: Temporal notices the silent activity by its
 * heartbeat timeout, retries it on another worker process, and the retry resumes from the last checkpoint Temporal
 * holds. The campaign ends with exactly what an undisturbed run of the same snapshot stores: nothing twice,
 * nothing lost.
 *
 * Honest shortcut: the campaign workflow gives the ingest a heartbeat timeout of 30 s, so Temporal would notice
 * the dead worker only that long after the last heartbeat it received. Right after the kill the test shortens the
 * heartbeat timeout of that running activity with Temporal's own UpdateActivityOptions API (what an operator does
 * with `temporal activity update-options`). The detection, the retry and the checkpoint handed to the retry are
 * still Temporal's; only the wait is shorter.
 *
 * What the checkpoint can be: the worker sends heartbeats at most every 80 % of the heartbeat timeout (24 s), so
 * a worker killed a few seconds into the listing has reported only its first page; the retry re-reads the pages
 * committed after it, which the idempotent upserts absorb.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { decodeTimeoutType } from '@temporalio/common';
import { msToTs } from '@temporalio/common/lib/time';
import { decodeFromPayloadsAtIndex } from '@temporalio/common/lib/internal-non-workflow';
import type { Client } from '@temporalio/client';
import { createP3keClient } from '../../activities/p3ke/p3ke-client';
import type { IngestCheckpoint, IngestListingResult } from '../../activities/ingest/ingest-activities';
import { startP3keSimulator, type RunningP3keSimulator } from '../../sim/p3ke-api/server';
import { openHarness, uniqueCampaignId, type Harness } from '../support/harness';
import { testCampaignConfig, TEST_P3KE_TOKEN } from '../support/campaign-fixtures';
import { installQuietRuntime, startWorkerProcess, type WorkerProcess } from '../support/worker-process';
import {
  campaignChecksums,
  fetchManifest,
  ingestAccounting,
  PER_CAMPAIGN_COLUMNS,
  runCampaignThroughChecks,
  startCampaign,
  terminateIfRunning,
  waitUntilChecksDone,
} from '../support/sim-manifest';

const PAGE_SIZE = 100;
const INGEST_ACTIVITY = 'ingestSnapshotListing';

let h: Harness;
let sim: RunningP3keSimulator;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  installQuietRuntime();
  h = await openHarness();
  sim = await startP3keSimulator({ token: TEST_P3KE_TOKEN, families: 3000, defectRate: 0.05, seed: 3131 });
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.kill('SIGKILL')));
  await h?.close();
  await sim?.close();
});

describe('ingest when the worker process is killed', () => {
  it('when the worker is SIGKILLed mid-ingest and another takes over, then the campaign stores exactly what an undisturbed run stores', async () => {
    // Arrange: the first worker process boots while the undisturbed run of the same snapshot goes on in-process.
    const config = testCampaignConfig({ ingestPageSize: PAGE_SIZE });
    const taskQueue = `crash-${randomUUID()}`;
    const spawn = (n: number) => {
      const w = startWorkerProcess({ stack: h.stack, taskQueue, p3keUrl: sim.url, p3keToken: TEST_P3KE_TOKEN, logName: `crash-worker-${n}-${taskQueue}` });
      workers.push(w);
      return w;
    };
    const first = spawn(1);
    await h.startWorker({ p3ke: createP3keClient({ baseUrl: sim.url, token: TEST_P3KE_TOKEN, timeoutMs: 5_000 }) });
    const undisturbedId = uniqueCampaignId('undisturbed');
    const undisturbed = await runCampaignThroughChecks({ client: h.client, taskQueue: h.taskQueue, campaignId: undisturbedId, config, startedBy: 'pm-crash' });
    const manifest = await fetchManifest(sim, TEST_P3KE_TOKEN, undisturbed.progress.snapshotId ?? '');
    const familyPages = Math.ceil(manifest.totals.families / PAGE_SIZE);
    await first.ready;
    const crashedId = uniqueCampaignId('crashed');

    // Act: pages slowed down so the families listing takes seconds; kill once some, not all, families are stored.
    sim.setFaults({ latencyMs: 40 });
    const handle = await startCampaign({ client: h.client, taskQueue, campaignId: crashedId, config, startedBy: 'pm-crash' });
    const storedAtKill = await waitForStoredFamilies(h, crashedId, (n) => n >= 3 * PAGE_SIZE && n <= manifest.totals.families - 5 * PAGE_SIZE);
    const exit = await first.kill('SIGKILL');
    sim.setFaults({});
    const committedAtKill = await familyPositionsCommitted(h, crashedId);
    const serverCheckpoint = await pendingIngestCheckpoint(h.client, handle.workflowId);
    const second = spawn(2);
    await shortenIngestHeartbeatTimeout(h.client, handle.workflowId, 10_000);
    await second.ready;
    const crashed = await waitUntilChecksDone(handle, 90_000);
    await terminateIfRunning(handle);

    // Assert: the process really died, and the survivor finished the campaign with the same numbers.
    expect(exit.signal).toBe('SIGKILL');
    expect(storedAtKill).toBeLessThan(manifest.totals.families);
    expect(crashed.counts).toEqual(undisturbed.progress.counts);
    expect(await ingestAccounting(h.orm, crashedId)).toEqual(await ingestAccounting(h.orm, undisturbedId));
    // Row for row the same content (campaign id and quarantine timestamps aside), flags and priorities included.
    expect(await campaignChecksums(h.orm, crashedId, PER_CAMPAIGN_COLUMNS)).toEqual(await campaignChecksums(h.orm, undisturbedId, PER_CAMPAIGN_COLUMNS));
    // Nothing twice, nothing lost: every listing position is stored or quarantined exactly once.
    expect(await positionsAccountedFor(h, crashedId)).toEqual({
      families: { records: manifest.totals.families, distinct: manifest.totals.families, max: manifest.totals.families - 1 },
      individuals: { records: manifest.totals.individuals, distinct: manifest.totals.individuals, max: manifest.totals.individuals - 1 },
    });

    // The checkpoint Temporal held for the dead attempt never ran ahead of what was committed (heartbeat after commit).
    expect(serverCheckpoint.pages).toBeGreaterThanOrEqual(1);
    expect(serverCheckpoint.position).toBe(serverCheckpoint.pages * PAGE_SIZE);
    expect(serverCheckpoint.position).toBeLessThanOrEqual(committedAtKill);
    // The history: the families listing was retried after a heartbeat timeout and fetched only the pages after it.
    const [families, individuals] = await ingestAttempts(h.client, handle.workflowId);
    expect(families?.attempt).toBe(2);
    expect(families?.retryCause).toBe('HEARTBEAT');
    expect(families?.result?.pagesThisAttempt).toBe(familyPages - serverCheckpoint.pages);
    expect(individuals?.attempt).toBe(1);
  });
});

async function waitForStoredFamilies(h: Harness, campaignId: string, ready: (n: number) => boolean): Promise<number> {
  const conn = h.orm.em.fork().getConnection();
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const [row] = await conn.execute<{ n: string }[]>('select count(*) as n from p3ke_family where campaign_id = ?', [campaignId]);
    const n = Number(row?.n ?? 0);
    if (ready(n)) return n;
    await sleep(20);
  }
  throw new Error(`families of ${campaignId} never reached the window to kill the worker in`);
}

/** How far the families listing was committed: one past the highest position stored or quarantined. */
async function familyPositionsCommitted(h: Harness, campaignId: string): Promise<number> {
  const [row] = await h.orm.em
    .fork()
    .getConnection()
    .execute<{ end: number | null }[]>(
      `select max(p) + 1 as end from (select source_position as p from p3ke_family where campaign_id = ?
                                      union all select source_position from quarantined_record where campaign_id = ? and kind = 'family') x`,
      [campaignId, campaignId],
    );
  return Number(row?.end ?? 0);
}

/** The heartbeat details Temporal holds for the (now orphaned) running ingest: what a retry will resume from. */
async function pendingIngestCheckpoint(client: Client, workflowId: string): Promise<IngestCheckpoint> {
  const { raw } = await client.workflow.getHandle(workflowId).describe();
  const pending = (raw.pendingActivities ?? []).find((a) => a.activityType?.name === INGEST_ACTIVITY);
  const payloads = pending?.heartbeatDetails?.payloads;
  if (!payloads) throw new Error('the running ingest has no heartbeat recorded');
  return decodeFromPayloadsAtIndex<IngestCheckpoint>(client.options.loadedDataConverter, 0, payloads);
}

/** Temporal's operator API: the running ingest activity of this workflow gets a shorter heartbeat timeout. */
async function shortenIngestHeartbeatTimeout(client: Client, workflowId: string, ms: number): Promise<void> {
  await client.workflowService.updateActivityOptions({
    namespace: client.options.namespace,
    execution: { workflowId },
    type: INGEST_ACTIVITY,
    activityOptions: { heartbeatTimeout: msToTs(ms) },
    updateMask: { paths: ['heartbeat_timeout'] },
    identity: 'ingest-worker-crash test',
  });
}

interface IngestAttempt {
  attempt: number;
  retryCause: string | null;
  result: IngestListingResult | null;
}

/** One entry per ingest activity, in schedule order: its last attempt, why it was retried, and its result. */
async function ingestAttempts(client: Client, workflowId: string): Promise<IngestAttempt[]> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const events = history.events ?? [];
  const converter = client.options.loadedDataConverter;
  const scheduled = events.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === INGEST_ACTIVITY);
  return Promise.all(
    scheduled.map(async (s) => {
      const id = Number(s.eventId);
      const started = events.find((e) => Number(e.activityTaskStartedEventAttributes?.scheduledEventId) === id)?.activityTaskStartedEventAttributes;
      const completed = events.find((e) => Number(e.activityTaskCompletedEventAttributes?.scheduledEventId) === id)?.activityTaskCompletedEventAttributes;
      const timeout = started?.lastFailure?.timeoutFailureInfo;
      return {
        attempt: started?.attempt ?? 0,
        retryCause: timeout ? (decodeTimeoutType(timeout.timeoutType) ?? 'unknown') : null,
        result: completed?.result?.payloads ? await decodeFromPayloadsAtIndex<IngestListingResult>(converter, 0, completed.result.payloads) : null,
      };
    }),
  );
}

async function positionsAccountedFor(h: Harness, campaignId: string) {
  const conn = h.orm.em.fork().getConnection();
  const read = async (table: string, kind: string) => {
    const [row] = await conn.execute<{ records: string; distinct: string; max: number }[]>(
      `select count(*) as records, count(distinct p) as distinct, max(p) as max from (
         select source_position as p from ${table} where campaign_id = ?
         union all select source_position from quarantined_record where campaign_id = ? and kind = ?) x`,
      [campaignId, campaignId, kind],
    );
    return { records: Number(row?.records), distinct: Number(row?.distinct), max: Number(row?.max) };
  };
  return { families: await read('p3ke_family', 'family'), individuals: await read('p3ke_individual', 'individual') };
}
