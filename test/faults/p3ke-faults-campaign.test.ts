/**
 * A whole campaign while the P3KE service fails one request in five: 500s, 503s, 429s with Retry-After, and
 * answers too slow for the client's timeout. Temporal retries the ingest from its heartbeated checkpoint, and the
 * campaign ends exactly as a run against a healthy service: same report, same rows in every table it writes.
 *
 * The worker's P3KE client is the real one, watched by an observer that only records how each call ended, so the
 * test shows every kind of fault really struck. Small pages (20 records) give the faults enough requests to hit.
 * The faulted run gets a simulator of its own (same population, so the same snapshot): its fault decisions are a
 * seeded stream, so the same requests fail the same way on every run instead of depending on what ran before.
 * The healthy run goes on at the same time, on a second worker (same factory) whose client talks to a healthy
 * simulator.
 */
import { join } from 'node:path';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { createVerivaliWorker } from '../../workers/create-worker';
import { createP3keClient, type P3keClient } from '../../activities/p3ke/p3ke-client';
import { P3keApiError, P3keTransientError } from '../../activities/p3ke/p3ke-errors';
import { startP3keSimulator, type RunningP3keSimulator } from '../../sim/p3ke-api/server';
import { openHarness, uniqueCampaignId, type Harness } from '../support/harness';
import { TEST_P3KE_TOKEN } from '../support/campaign-fixtures';
import { TEST_RUN_DIR } from '../support/stack-file';
import { installQuietRuntime } from '../support/worker-process';
import { campaignOutcome } from '../support/campaign-outcome';
import { ensureFaultRoster, faultCampaignConfig, FAULT_SIM, runFaultCampaign } from '../support/fault-campaign';

/** The client gives up on an answer after this long; the simulator's jitter makes about 5 % of answers slower. */
const CLIENT_TIMEOUT_MS = 1_000;
const FAULTS = { error500Rate: 0.07, error503Rate: 0.05, rateLimitRate: 0.04, retryAfterSeconds: 1, jitterMs: 1_050 };
const config = faultCampaignConfig({ ingestPageSize: 20 });

let h: Harness;
let healthySim: RunningP3keSimulator;
let faultySim: RunningP3keSimulator;
let healthyConnection: NativeConnection | undefined;
let healthyWorker: { worker: Worker; done: Promise<void> } | undefined;
const healthyQueue = `p3ke-healthy-${Date.now()}`;
/** Outcomes of the faulted run's P3KE calls only. */
const outcomes: string[] = [];

/** The real client; every call's outcome noted as 'ok', the HTTP status, or 'timeout'. */
function observed(client: P3keClient, log: string[]): P3keClient {
  const note = async <T>(call: () => Promise<T>): Promise<T> => {
    try {
      const result = await call();
      log.push('ok');
      return result;
    } catch (err) {
      log.push(err instanceof P3keTransientError && err.reason === 'timeout' ? 'timeout' : err instanceof P3keApiError ? String(err.status) : 'other');
      throw err;
    }
  };
  return { createSnapshot: (spec, options) => note(() => client.createSnapshot(spec, options)), fetchPage: (input) => note(() => client.fetchPage(input)) };
}

const clientOf = (sim: RunningP3keSimulator): P3keClient => createP3keClient({ baseUrl: sim.url, token: TEST_P3KE_TOKEN, timeoutMs: CLIENT_TIMEOUT_MS });
const healthyOutcomes: string[] = [];

beforeAll(async () => {
  installQuietRuntime();
  h = await openHarness();
  healthySim = await startP3keSimulator(FAULT_SIM);
  faultySim = await startP3keSimulator({ ...FAULT_SIM, faults: FAULTS });
  await ensureFaultRoster(h.orm);
  await h.startWorker({ p3ke: observed(clientOf(faultySim), outcomes) });
  healthyConnection = await NativeConnection.connect({ address: h.stack.temporalAddress });
  const worker = await createVerivaliWorker({
    connection: healthyConnection,
    namespace: h.stack.namespace,
    taskQueue: healthyQueue,
    deps: { orm: h.orm, p3ke: observed(clientOf(healthySim), healthyOutcomes), dataDir: join(TEST_RUN_DIR, 'data', healthyQueue) },
    workflowBundle: { codePath: h.stack.workflowBundlePath },
  });
  healthyWorker = { worker, done: worker.run() };
});

afterAll(async () => {
  if (healthyWorker?.worker.getState() === 'RUNNING') healthyWorker.worker.shutdown();
  await healthyWorker?.done.catch(() => undefined);
  await healthyConnection?.close();
  await h?.close();
  await healthySim?.close();
  await faultySim?.close();
});

describe('a campaign against a P3KE service that fails 20 % of its requests', () => {
  it('when 5xx, 429 and timeouts strike the ingest, then the campaign completes with the same outcome as against a healthy service', async () => {
    // Arrange and act: the healthy run and the faulted run side by side.
    const [healthy, faulted] = await Promise.all([
      runFaultCampaign(h.client, h.orm, healthyQueue, uniqueCampaignId('healthy'), config),
      runFaultCampaign(h.client, h.orm, h.taskQueue, uniqueCampaignId('p3ke-faults'), config),
    ]);

    // Assert: every kind of fault struck, about one call in five failed, and nothing of it shows in the outcome.
    expect(healthyOutcomes.length).toBeGreaterThan(20);
    expect(healthyOutcomes.every((o) => o === 'ok')).toBe(true);
    const failed = outcomes.filter((o) => o !== 'ok');
    expect(new Set(failed)).toEqual(new Set(['500', '503', '429', 'timeout']));
    expect(failed.length / outcomes.length).toBeGreaterThanOrEqual(0.15);
    expect(faulted.report.status).toBe('completed');
    expect(await campaignOutcome(h.orm, faulted.report)).toEqual(await campaignOutcome(h.orm, healthy.report));
  }, 240_000);
});
