/**
 * PostgreSQL restarted in the middle of the field phase: a fast shutdown (SIGINT, as `pg_ctl stop -m fast`) drops
 * every connection while field results, reminders and counts are being written; a few seconds later it starts
 * again on the same data directory. Activities fail and Temporal retries them until the database answers, and the
 * campaign ends exactly as an undisturbed run of the same snapshot with the same simulated people.
 *
 * The shared test PostgreSQL is never touched: this file runs its own (test/support/private-postgres.ts, initdb
 * and pg_ctl as the OS user postgres when the tests run as root) on a free port, with a worker process pointed at
 * it. The undisturbed run goes on meanwhile on the shared stack.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { MikroORM } from '@mikro-orm/postgresql';
import { ormConfig } from '../../db/mikro-orm.config';
import { createP3keClient } from '../../activities/p3ke/p3ke-client';
import { campaignWorkflowId } from '../../domain/contracts/workflow-ids';
import { ensureDatabase, migrate } from '../../scripts/lib/database';
import { freePort } from '../../scripts/lib/ports';
import { startP3keSimulator, type RunningP3keSimulator } from '../../sim/p3ke-api/server';
import { openHarness, uniqueCampaignId, type Harness } from '../support/harness';
import { TEST_P3KE_TOKEN } from '../support/campaign-fixtures';
import { TEST_RUN_DIR } from '../support/stack-file';
import { startPrivatePostgres, type PrivatePostgres } from '../support/private-postgres';
import { installQuietRuntime, startWorkerProcess, type WorkerProcess } from '../support/worker-process';
import { campaignOutcome } from '../support/campaign-outcome';
import { driveThroughOutage, ensureFaultRoster, FAULT_SIM, fieldResultsSoFar, nextFaultVisit, runFaultCampaign, startFaultCampaign } from '../support/fault-campaign';
import { activityAttempts } from '../support/history-attempts';

const OUTAGE_MS = 5_000;

let h: Harness;
let sim: RunningP3keSimulator;
let pg: PrivatePostgres | undefined;
let pgUp = false;
let orm: MikroORM | undefined;
let worker: WorkerProcess | undefined;
const stopPeople = new AbortController();

beforeAll(async () => {
  installQuietRuntime();
  h = await openHarness();
  sim = await startP3keSimulator(FAULT_SIM);
  await ensureFaultRoster(h.orm);
  await h.startWorker({ p3ke: createP3keClient({ baseUrl: sim.url, token: TEST_P3KE_TOKEN, timeoutMs: 5_000 }) });

  pg = startPrivatePostgres(mkdtempSync(join(TEST_RUN_DIR, 'private-pg-')), await freePort());
  pgUp = true;
  await ensureDatabase(pg.databaseUrl);
  await migrate(pg.databaseUrl);
  orm = await MikroORM.init(ormConfig(pg.databaseUrl));
  await ensureFaultRoster(orm);
}, 120_000);

afterAll(async () => {
  stopPeople.abort();
  await worker?.kill('SIGKILL');
  await orm?.close();
  if (pgUp) pg?.stop();
  await h?.close();
  await sim?.close();
});

describe('PostgreSQL restarted in the middle of a campaign', () => {
  it('when the database goes away while activities write and comes back, then they retry and the campaign ends as an undisturbed run', async () => {
    // Arrange: the undisturbed run on the shared stack, beside a worker process on the private database.
    const reference = runFaultCampaign(h.client, h.orm, h.taskQueue, uniqueCampaignId('undisturbed')).then(({ report }) => campaignOutcome(h.orm, report));
    reference.catch(() => undefined);
    const privateOrm = orm!;
    const taskQueue = `pg-restart-${randomUUID()}`;
    worker = startWorkerProcess({ stack: { ...h.stack, databaseUrl: pg!.databaseUrl }, taskQueue, p3keUrl: sim.url, p3keToken: TEST_P3KE_TOKEN, logName: `pg-restart-worker-${taskQueue}` });
    await worker.ready;
    const campaignId = uniqueCampaignId('pg-restart');
    const handle = await startFaultCampaign(h.client, taskQueue, campaignId);
    let downAt = 0;
    let visitDuringOutage: { version: number } | undefined;
    let restartedAt = 0;
    let visitAnsweredAt = 0;

    // Act: a fast shutdown once a third of the families have a result, a restart on the same data a few seconds later.
    const people = await driveThroughOutage({
      client: h.client,
      orm: privateOrm,
      campaignId,
      stopSignal: stopPeople.signal,
      outageWhen: async () => (await fieldResultsSoFar(privateOrm, campaignId)) >= 30,
      outage: async () => {
        // An officer submits while the database is down: that Update's recording is surely in flight during the fault.
        const sendVisit = await nextFaultVisit(h.client, privateOrm, campaignId);
        pg!.stop();
        pgUp = false;
        downAt = Date.now();
        const sent = sendVisit().then((receipt) => {
          visitAnsweredAt = Date.now();
          return receipt;
        });
        await sleep(OUTAGE_MS);
        pg!.start();
        pgUp = true;
        restartedAt = Date.now();
        visitDuringOutage = await sent;
      },
    });
    const report = await handle.result();

    // Assert: the outage really cut the worker off (a recording held through it), and nothing shows of it.
    expect(downAt).toBeGreaterThan(0);
    expect(people.status).toBe('COMPLETED');
    expect(report.status).toBe('completed');
    expect(worker.pid).toBeGreaterThan(0);
    expect(visitDuringOutage?.version).toBe(1);
    // The recording was in flight through the whole outage and answered only after the restart, once: its first
    // attempt either failed and was retried, or waited for a connection until the database was back (the pool
    // keeps trying to connect); which one depends on whether the pool held an idle connection when it went down.
    const attempts = await activityAttempts(h.client, campaignId, 'recordFieldResult');
    expect(visitAnsweredAt).toBeGreaterThanOrEqual(restartedAt);
    expect(Math.max(...attempts)).toBeGreaterThanOrEqual(1);
    const outcome = await campaignOutcome(privateOrm, report);
    const expected = await reference;
    expect(expected.fieldResults.rows).toBe(expected.report.counts.assigned);
    expect(outcome).toEqual(expected);
    expect(outcome.fieldResults.rows).toBe(outcome.fieldResults.keys);
    expect(await h.client.workflow.getHandle(campaignWorkflowId(campaignId)).describe()).toMatchObject({ status: { name: 'COMPLETED' } });
  }, 240_000);
});
