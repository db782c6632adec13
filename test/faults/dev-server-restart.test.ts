/**
 * The Temporal dev server stopped in the middle of the field phase and started again on its persistence file:
 * the campaign's workflows (campaign, desa, packages, cases), their timers and their pending activities are all in
 * that file, so they carry on where they were, and the campaign ends exactly as an undisturbed run of the same
 * snapshot with the same simulated people.
 *
 * The shared test dev server is never stopped: this file starts its own (scripts/lib/dev-server.ts, SQLite file in
 * the test run's folder, free port) with a worker process of its own. The undisturbed run goes on meanwhile on the
 * shared stack.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Connection } from '@temporalio/client';
import { loadEnv } from '../../config/env';
import { verivaliDataConverter } from '../../client/codec/data-converter';
import { SA_CAMPAIGN_ID } from '../../domain/contracts/search-attributes';
import { createP3keClient } from '../../activities/p3ke/p3ke-client';
import { startDevServer, type DevServerOptions, type RunningDevServer } from '../../scripts/lib/dev-server';
import { freePort } from '../../scripts/lib/ports';
import { ensureTemporalCli } from '../../scripts/lib/temporal-cli';
import { startP3keSimulator, type RunningP3keSimulator } from '../../sim/p3ke-api/server';
import { openHarness, uniqueCampaignId, type Harness } from '../support/harness';
import { TEST_P3KE_TOKEN } from '../support/campaign-fixtures';
import { TEST_RUN_DIR } from '../support/stack-file';
import { installQuietRuntime, startWorkerProcess, type WorkerProcess } from '../support/worker-process';
import { campaignOutcome } from '../support/campaign-outcome';
import { driveThroughOutage, ensureFaultRoster, FAULT_SIM, fieldResultsSoFar, runFaultCampaign, startFaultCampaign } from '../support/fault-campaign';

const OUTAGE_MS = 3_000;

let h: Harness;
let sim: RunningP3keSimulator;
let serverOptions: DevServerOptions;
let server: RunningDevServer | undefined;
let connection: Connection | undefined;
let client: Client;
const workers: WorkerProcess[] = [];
const stopPeople = new AbortController();

beforeAll(async () => {
  installQuietRuntime();
  h = await openHarness();
  sim = await startP3keSimulator(FAULT_SIM);
  await ensureFaultRoster(h.orm);
  await h.startWorker({ p3ke: createP3keClient({ baseUrl: sim.url, token: TEST_P3KE_TOKEN, timeoutMs: 5_000 }) });

  const dir = mkdtempSync(join(TEST_RUN_DIR, 'private-temporal-'));
  serverOptions = {
    binary: ensureTemporalCli(() => undefined),
    port: await freePort(),
    uiPort: null,
    namespace: h.stack.namespace,
    dbFile: join(dir, 'temporal.db'),
    logFile: join(dir, 'temporal.log'),
    detached: false,
  };
  server = await startDevServer(serverOptions);
  connection = await Connection.connect({ address: server.address });
  client = new Client({ connection, namespace: h.stack.namespace, dataConverter: verivaliDataConverter(loadEnv()) });
}, 120_000);

afterAll(async () => {
  stopPeople.abort();
  await Promise.all(workers.map((w) => w.kill('SIGKILL')));
  await connection?.close();
  await server?.stop();
  await h?.close();
  await sim?.close();
});

describe('the Temporal dev server restarted with its persistence file in the middle of a campaign', () => {
  it('when the server stops while officers work and starts again, then the running workflows continue and the campaign ends as an undisturbed run', async () => {
    // Arrange: the undisturbed run on the shared stack, beside a worker process on the private server.
    const reference = runFaultCampaign(h.client, h.orm, h.taskQueue, uniqueCampaignId('undisturbed')).then(({ report }) => campaignOutcome(h.orm, report));
    reference.catch(() => undefined);
    const taskQueue = `dev-restart-${randomUUID()}`;
    const worker = startWorkerProcess({ stack: { ...h.stack, temporalAddress: server!.address }, taskQueue, p3keUrl: sim.url, p3keToken: TEST_P3KE_TOKEN, logName: `dev-restart-worker-${taskQueue}` });
    workers.push(worker);
    await worker.ready;
    const campaignId = uniqueCampaignId('dev-restart');
    const handle = await startFaultCampaign(client, taskQueue, campaignId);
    const runningBefore: string[] = [];

    // Act: stop the server once a third of the families have a result; start it again on the same file.
    const people = await driveThroughOutage({
      client,
      orm: h.orm,
      campaignId,
      stopSignal: stopPeople.signal,
      outageWhen: async () => (await fieldResultsSoFar(h.orm, campaignId)) >= 30,
      outage: async () => {
        for await (const wf of client.workflow.list({ query: `${SA_CAMPAIGN_ID.name} = '${campaignId}' AND ExecutionStatus = 'Running'` })) runningBefore.push(wf.workflowId);
        await server!.stop();
        await sleep(OUTAGE_MS);
        server = await startDevServer(serverOptions);
      },
    });
    const report = await handle.result();

    // Assert: workflows that were running when the server stopped are the same executions that completed.
    expect(people.status).toBe('COMPLETED');
    expect(report.status).toBe('completed');
    expect(runningBefore.length).toBeGreaterThan(3);
    // The worker process rode the outage out: its pollers reconnected by themselves.
    expect(await Promise.race([worker.exited.then(() => 'exited'), sleep(0).then(() => 'alive')])).toBe('alive');
    for (const workflowId of runningBefore) {
      const { status, historyLength } = await client.workflow.getHandle(workflowId).describe();
      expect({ workflowId, status: status.name }).toEqual({ workflowId, status: 'COMPLETED' });
      expect(historyLength).toBeGreaterThan(5);
    }
    const outcome = await campaignOutcome(h.orm, report);
    expect(outcome).toEqual(await reference);
    expect(outcome.fieldResults.rows).toBe(outcome.fieldResults.keys);
  }, 240_000);
});
