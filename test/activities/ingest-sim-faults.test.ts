/**
 * The campaign's ingest against a P3KE service that misbehaves the ways a remote government service does: 500s,
 * 503s, 429s with Retry-After, dropped connections, slow answers and expired cursors, each alone and all at once.
 * Whatever the faults, the campaign stores exactly what a fault-free run of the same snapshot stores.
 *
 * The worker's P3KE client is the real one, wrapped by an observer that only records each call's outcome and time,
 * so a test can show its fault really happened and that a 429's Retry-After was waited out.
 */
import { createP3keClient, type P3keClient } from '../../activities/p3ke/p3ke-client';
import { P3keApiError, P3keRateLimitedError } from '../../activities/p3ke/p3ke-errors';
import { startP3keSimulator, type RunningP3keSimulator } from '../../sim/p3ke-api/server';
import type { FaultSettings } from '../../sim/p3ke-api/faults';
import { openHarness, uniqueCampaignId, type Harness } from '../support/harness';
import { testCampaignConfig, TEST_P3KE_TOKEN } from '../support/campaign-fixtures';
import { installQuietRuntime } from '../support/worker-process';
import {
  campaignChecksums,
  ingestAccounting,
  PER_CAMPAIGN_COLUMNS,
  runCampaignThroughChecks,
  type CampaignRun,
  type IngestAccounting,
  type TableChecksums,
} from '../support/sim-manifest';

/** Small pages over a small snapshot: enough requests for every fault to strike, few enough to keep backoff short. */
const config = testCampaignConfig({ ingestPageSize: 100 });

interface P3keCall {
  op: 'createSnapshot' | 'fetchPage';
  startedAt: number;
  endedAt: number;
  /** 'ok', or the error's name and HTTP status, e.g. 'P3keTransientError 503'. */
  outcome: string;
  retryAfterMs?: number;
}

let h: Harness;
let sim: RunningP3keSimulator;
let calls: P3keCall[] = [];
let baseline: { run: CampaignRun; outcomes: Set<string>; accounting: IngestAccounting; checksums: TableChecksums };

/** The real client, observed: every call and how it ended. */
function observed(client: P3keClient): P3keClient {
  const record = async <T>(op: P3keCall['op'], call: () => Promise<T>): Promise<T> => {
    const startedAt = Date.now();
    try {
      const result = await call();
      calls.push({ op, startedAt, endedAt: Date.now(), outcome: 'ok' });
      return result;
    } catch (err) {
      const outcome = err instanceof P3keApiError ? `${err.name} ${err.status ?? 'no-answer'}` : String(err);
      calls.push({ op, startedAt, endedAt: Date.now(), outcome, ...(err instanceof P3keRateLimitedError ? { retryAfterMs: err.retryAfterMs } : {}) });
      throw err;
    }
  };
  return {
    createSnapshot: (spec, options) => record('createSnapshot', () => client.createSnapshot(spec, options)),
    fetchPage: (input) => record('fetchPage', () => client.fetchPage(input)),
  };
}

async function runWithFaults(faults: FaultSettings) {
  sim.setFaults(faults);
  calls = [];
  const campaignId = uniqueCampaignId('faults');
  try {
    const run = await runCampaignThroughChecks({ client: h.client, taskQueue: h.taskQueue, campaignId, config, startedBy: 'pm-faults', timeoutMs: 90_000 });
    return { run, campaignId, calls: [...calls], outcomes: new Set(calls.map((c) => c.outcome)) };
  } finally {
    sim.setFaults({});
  }
}

async function expectSameAsBaseline(campaignId: string, run: CampaignRun): Promise<void> {
  expect(run.progress.snapshotId).toBe(baseline.run.progress.snapshotId);
  expect(run.progress.counts).toEqual(baseline.run.progress.counts);
  expect(await ingestAccounting(h.orm, campaignId)).toEqual(baseline.accounting);
  expect(await campaignChecksums(h.orm, campaignId, PER_CAMPAIGN_COLUMNS)).toEqual(baseline.checksums);
}

beforeAll(async () => {
  installQuietRuntime();
  h = await openHarness();
  sim = await startP3keSimulator({ token: TEST_P3KE_TOKEN, families: 150, defectRate: 0.08, seed: 9090 });
  await h.startWorker({ p3ke: observed(createP3keClient({ baseUrl: sim.url, token: TEST_P3KE_TOKEN, timeoutMs: 5_000 })) });
  const { run, campaignId, outcomes } = await runWithFaults({});
  baseline = { run, outcomes, accounting: await ingestAccounting(h.orm, campaignId), checksums: await campaignChecksums(h.orm, campaignId, PER_CAMPAIGN_COLUMNS) };
});
afterAll(async () => {
  await h?.close();
  await sim?.close();
});

describe('ingest under P3KE service faults', () => {
  it('when the fault-free baseline runs, then it stores and quarantines records and no call fails', () => {
    expect([...baseline.outcomes]).toEqual(['ok']);
    expect(baseline.run.progress.counts.stored).toBeGreaterThan(500);
    expect(baseline.run.progress.counts.quarantined).toBeGreaterThan(0);
    expect(baseline.checksums.family_flag.rows).toBeGreaterThan(0);
  });

  it('when 30 % of requests fail with 500, then the ingest retries and stores the same as without faults', async () => {
    const { run, campaignId, outcomes } = await runWithFaults({ error500Rate: 0.3 });
    expect(outcomes).toContain('P3keTransientError 500');
    await expectSameAsBaseline(campaignId, run);
  });

  it('when 30 % of requests fail with 503, then the ingest retries and stores the same as without faults', async () => {
    const { run, campaignId, outcomes } = await runWithFaults({ error503Rate: 0.3 });
    expect(outcomes).toContain('P3keTransientError 503');
    await expectSameAsBaseline(campaignId, run);
  });

  it('when 25 % of requests are rate-limited with Retry-After 2 s, then no retry comes sooner and the result is the same', async () => {
    // Act
    const { run, campaignId, calls: made } = await runWithFaults({ rateLimitRate: 0.25, retryAfterSeconds: 2 });

    // Assert: after each 429 the next call (a new activity attempt) waited at least what the service asked.
    const limited = made.filter((c) => c.outcome === 'P3keRateLimitedError 429');
    expect(limited.length).toBeGreaterThan(0);
    for (const c of limited) {
      expect(c.retryAfterMs).toBe(2_000);
      const next = made.find((n) => n.startedAt >= c.endedAt && n !== c);
      expect(next).toBeDefined();
      expect((next?.startedAt ?? 0) - c.endedAt).toBeGreaterThanOrEqual(2_000);
    }
    await expectSameAsBaseline(campaignId, run);
  });

  it('when 20 % of connections are reset without an answer, then the ingest retries and stores the same as without faults', async () => {
    const { run, campaignId, outcomes } = await runWithFaults({ connectionResetRate: 0.2 });
    expect(outcomes).toContain('P3keTransientError no-answer');
    await expectSameAsBaseline(campaignId, run);
  });

  it('when every answer is slow (40-100 ms), then the ingest stores the same as without faults', async () => {
    const { run, campaignId, calls: made } = await runWithFaults({ latencyMs: 40, jitterMs: 60 });
    expect(made.every((c) => c.outcome === 'ok' && c.endedAt - c.startedAt >= 40)).toBe(true);
    await expectSameAsBaseline(campaignId, run);
  });

  it('when 30 % of cursors are reported expired, then the ingest resumes by position and stores the same as without faults', async () => {
    const { run, campaignId, outcomes } = await runWithFaults({ cursorExpiredRate: 0.3 });
    expect(outcomes).toContain('P3keCursorExpiredError 410');
    await expectSameAsBaseline(campaignId, run);
  });

  it('when all faults strike together at 20 %, then the ingest still stores the same as without faults', async () => {
    const { run, campaignId, outcomes } = await runWithFaults({
      error500Rate: 0.05,
      error503Rate: 0.05,
      rateLimitRate: 0.05,
      retryAfterSeconds: 1,
      connectionResetRate: 0.05,
      cursorExpiredRate: 0.2,
      latencyMs: 10,
      jitterMs: 30,
    });
    expect(outcomes.size).toBeGreaterThan(2);
    await expectSameAsBaseline(campaignId, run);
  });
});
