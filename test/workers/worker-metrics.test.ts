/**
 * Worker metrics: a worker process installed the way `npm run worker` and `npm start` install it
 * (workers/runtime.ts) serves the Temporal SDK's Prometheus metrics, and after it ran a campaign's workflow tasks
 * and activities the endpoint shows them by workflow and activity type. The worker runs in a child process
 * because the Runtime (and with it the metrics exporter) is per process, and the jest process has the harness's.
 */
import { randomUUID } from 'node:crypto';
import { loadEnv, ConfigError } from '../../config/env';
import { startP3keSimulator, type RunningP3keSimulator } from '../../sim/p3ke-api/server';
import { freePort } from '../../scripts/lib/ports';
import { metricsUrlOf, parseMetricsAddress, WorkerRuntimeError } from '../../workers/runtime';
import { openHarness, uniqueCampaignId, type Harness } from '../support/harness';
import { testCampaignConfig, TEST_P3KE_TOKEN } from '../support/campaign-fixtures';
import { startCampaign, terminateIfRunning, waitUntilChecksDone } from '../support/sim-manifest';
import { installQuietRuntime, startWorkerProcess, type WorkerProcess } from '../support/worker-process';

let h: Harness;
let sim: RunningP3keSimulator;
let worker: WorkerProcess | undefined;

beforeAll(async () => {
  installQuietRuntime();
  h = await openHarness();
  sim = await startP3keSimulator({ token: TEST_P3KE_TOKEN, families: 40, defectRate: 0.05, seed: 4646 });
});
afterAll(async () => {
  await worker?.kill('SIGKILL');
  await h?.close();
  await sim?.close();
});

/** Sample lines of one metric family (`name`, `name_bucket`, `name_sum`…) from a Prometheus text exposition. */
const samples = (text: string, name: string): string[] => text.split('\n').filter((l) => l.startsWith(name) && !l.startsWith('#'));

describe('WORKER_METRICS_ADDRESS', () => {
  it('when unset, then the default 127.0.0.1:9464; when empty, then off; when not ip:port, then a ConfigError naming it', () => {
    expect(loadEnv({}).WORKER_METRICS_ADDRESS).toBe('127.0.0.1:9464');
    expect(loadEnv({ WORKER_METRICS_ADDRESS: '' }).WORKER_METRICS_ADDRESS).toBeNull();
    expect(loadEnv({ WORKER_METRICS_ADDRESS: '0.0.0.0:9100' }).WORKER_METRICS_ADDRESS).toBe('0.0.0.0:9100');
    expect(() => loadEnv({ WORKER_METRICS_ADDRESS: 'localhost:9464' })).toThrow(ConfigError);
    expect(() => loadEnv({ WORKER_METRICS_ADDRESS: '127.0.0.1' })).toThrow(/WORKER_METRICS_ADDRESS/);
  });

  it('when the address binds every interface, then the printed URL is the loopback one; a bad port is refused', () => {
    expect(metricsUrlOf('0.0.0.0:9464')).toBe('http://127.0.0.1:9464/metrics');
    expect(metricsUrlOf('[::1]:9100')).toBe('http://[::1]:9100/metrics');
    expect(parseMetricsAddress('10.0.0.5:9464')).toEqual({ host: '10.0.0.5', port: 9464 });
    expect(() => parseMetricsAddress('127.0.0.1:70000')).toThrow(WorkerRuntimeError);
  });
});

describe('a worker process with metrics on', () => {
  it('when it has run a campaign through its checks, then its endpoint shows temporal_ metrics by workflow and activity type', async () => {
    const port = await freePort();
    const taskQueue = `metrics-${randomUUID()}`;
    worker = startWorkerProcess({ stack: h.stack, taskQueue, p3keUrl: sim.url, p3keToken: TEST_P3KE_TOKEN, logName: `metrics-worker-${taskQueue}`, metricsAddress: `127.0.0.1:${port}` });
    await worker.ready;

    const handle = await startCampaign({ client: h.client, taskQueue, campaignId: uniqueCampaignId('metrics'), config: testCampaignConfig(), startedBy: 'pm-metrics' });
    await waitUntilChecksDone(handle, 60_000);
    await terminateIfRunning(handle);

    const res = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(res.status).toBe(200);
    const text = await res.text();
    const slots = samples(text, 'temporal_worker_task_slots_available');
    expect(slots.some((l) => l.includes(`task_queue="${taskQueue}"`))).toBe(true);
    const workflowTasks = samples(text, 'temporal_workflow_task_execution_latency_count');
    expect(workflowTasks.some((l) => l.includes('workflow_type="campaignWorkflow"') && Number(l.split(' ').pop()) > 0)).toBe(true);
    const activities = samples(text, 'temporal_activity_execution_latency_count');
    expect(activities.some((l) => l.includes('activity_type="ingestSnapshotListing"') && Number(l.split(' ').pop()) > 0)).toBe(true);
    // Labels are types and queues, never ids: no campaign, family or person in the exposition.
    expect(text).not.toContain(handle.workflowId);
  });
});
