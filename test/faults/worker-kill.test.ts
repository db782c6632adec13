/**
 * The worker process killed with SIGKILL three times in one campaign: in the assignment of work packages, in a
 * field result's Update (its recordFieldResult is a local activity: the kill loses the workflow task that ran it),
 * and in the plan approval's Update. Each time the step's activity has committed its
 * writes and is held before it reports to Temporal (test/support/activity-pause-plugin.ts), so the kill lands
 * exactly where a lost result would show up as doubled or missing rows. The next worker process is already
 * polling when the held one dies (a fleet losing one machine), takes the step over, and the campaign must end
 * exactly as an undisturbed run of the same snapshot with the same simulated people, which runs beside it.
 *
 * Honest shortcut (as in test/activities/ingest-worker-crash.test.ts): after each kill, the running activities the
 * dead worker held get a 3 s heartbeat timeout through Temporal's UpdateActivityOptions API, so Temporal notices
 * the loss in seconds rather than at their start-to-close timeouts (1 to 5 minutes); and the workers that are going
 * to be killed poll a sticky queue with a 2 s schedule-to-start timeout instead of 10 s, so their cached workflows
 * move to the next worker sooner (test/support/activity-pause-plugin.ts).
 */
import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import { createP3keClient } from '../../activities/p3ke/p3ke-client';
import type { campaignWorkflow } from '../../workflows';
import type { DriveCampaignOutcome } from '../../sim/field-actors/drive-campaign';
import { startP3keSimulator, type RunningP3keSimulator } from '../../sim/p3ke-api/server';
import { openHarness, uniqueCampaignId, type Harness } from '../support/harness';
import { TEST_P3KE_TOKEN } from '../support/campaign-fixtures';
import { installQuietRuntime, startWorkerProcess, type WorkerExit, type WorkerProcess } from '../support/worker-process';
import { campaignOutcome, type CampaignOutcome } from '../support/campaign-outcome';
import { driveFaultCampaign, ensureFaultRoster, FAULT_SIM, releaseActivitiesOfDeadWorker, runFaultCampaign, startFaultCampaign, workerIdentity } from '../support/fault-campaign';
import { activityAttempts } from '../support/history-attempts';
import { readFileSync } from 'node:fs';
import type { Client } from '@temporalio/client';
import { findPausedLine } from '../support/activity-pause-plugin';
import { rows } from '../support/lifecycle-helpers';

/** Where the workers die, in campaign order. */
const KILL_POINTS = ['assignWorkPackages:after', 'recordFieldResult:after', 'recordPlanDecision:after'] as const;

/**
 * The field result the killed worker held (its process's log names the package and the submission, ids only): who
 * completed its Update in the package's history, and how many rows it left. The first attempt had committed its
 * row; the next worker ran the local activity again (a lost workflow task leaves no marker), so one row proves the
 * retry idempotent and a completion by another worker proves the retry happened.
 */
async function heldSubmissionOutcome(client: Client, held: WorkerProcess): Promise<{ local: boolean; completedBy: string | null; deadWorkerTouched: boolean; rows: number }> {
  const paused = findPausedLine(readFileSync(held.logFile, 'utf8'));
  if (!paused?.workflowId || !paused.submissionId) throw new Error(`no held field result in ${held.logFile}`);
  const events = (await client.workflow.getHandle(paused.workflowId).fetchHistory()).events ?? [];
  let lastStartedBy: string | null = null;
  let completedBy: string | null = null;
  let deadWorkerTouched = false;
  for (const e of events) {
    const started = e.workflowTaskStartedEventAttributes;
    if (started) {
      lastStartedBy = started.identity ?? null;
      if (lastStartedBy === workerIdentity(held.pid)) deadWorkerTouched = true;
    }
    if (e.workflowExecutionUpdateCompletedEventAttributes?.meta?.updateId === paused.submissionId) completedBy = lastStartedBy;
  }
  const [row] = await rows<{ n: string }>(h.orm, 'select count(*) as n from field_result where submission_id = ?', [paused.submissionId]);
  return { local: paused.isLocal, completedBy, deadWorkerTouched, rows: Number(row?.n ?? 0) };
}

let h: Harness;
let sim: RunningP3keSimulator;
const workers: WorkerProcess[] = [];
const stopPeople = new AbortController();
const taskQueue = `kill-${randomUUID()}`;
const campaignId = uniqueCampaignId('killed');
let handle: WorkflowHandle<typeof campaignWorkflow>;
let people: Promise<DriveCampaignOutcome>;
let referenceRun: Promise<CampaignOutcome>;
const kills = new Map<string, { exit: WorkerExit; released: string[]; identity: string }>();

const spawn = (name: string, pauseAt?: string): WorkerProcess => {
  const w = startWorkerProcess({ stack: h.stack, taskQueue, p3keUrl: sim.url, p3keToken: TEST_P3KE_TOKEN, logName: `kill-${name}-${taskQueue}`, ...(pauseAt ? { pauseAt } : {}) });
  workers.push(w);
  return w;
};

/**
 * Waits until `held` holds its step, then brings the next worker up (only now, so it cannot take the step from
 * `held` first), kills `held` and tells Temporal what it lost.
 */
async function killWhenHeld(held: WorkerProcess, startNext: () => WorkerProcess): Promise<void> {
  const point = await held.paused;
  await startNext().ready;
  const exit = await held.kill('SIGKILL');
  const released = await releaseActivitiesOfDeadWorker(h.client, campaignId, workerIdentity(held.pid));
  kills.set(point, { exit, released, identity: workerIdentity(held.pid) });
}

beforeAll(async () => {
  installQuietRuntime();
  h = await openHarness();
  sim = await startP3keSimulator(FAULT_SIM);
  await ensureFaultRoster(h.orm);
  // The undisturbed run, on an in-process worker of the same factory, goes on beside the killed one.
  await h.startWorker({ p3ke: createP3keClient({ baseUrl: sim.url, token: TEST_P3KE_TOKEN, timeoutMs: 5_000 }) });
  referenceRun = runFaultCampaign(h.client, h.orm, h.taskQueue, uniqueCampaignId('undisturbed')).then(({ report }) => campaignOutcome(h.orm, report));
  referenceRun.catch(() => undefined);

  const first = spawn('1', KILL_POINTS[0]);
  await first.ready;
  handle = await startFaultCampaign(h.client, taskQueue, campaignId);
  people = driveFaultCampaign(h.client, h.orm, campaignId, { timeoutMs: 200_000, stopSignal: stopPeople.signal });
  people.catch(() => undefined);
}, 60_000);

afterAll(async () => {
  // A failed step must not leave the simulated people polling a closed connection after the file ends.
  stopPeople.abort();
  await people?.catch(() => undefined);
  await referenceRun?.catch(() => undefined);
  await Promise.all(workers.map((w) => w.kill('SIGKILL')));
  await h?.close();
  await sim?.close();
});

describe('a campaign whose worker is killed with SIGKILL three times', () => {
  it('when the worker dies in the assignment, after the packages are written, then the next worker assigns nothing twice', async () => {
    await killWhenHeld(workers[0]!, () => spawn('2', KILL_POINTS[1]));
    const kill = kills.get(KILL_POINTS[0]);
    expect(kill?.exit.signal).toBe('SIGKILL');
    expect(kill?.released).toContain('assignWorkPackages');
  }, 90_000);

  it('when the worker dies in a field result Update, after the result is recorded, then the next worker answers it once', async () => {
    await killWhenHeld(workers[1]!, () => spawn('3', KILL_POINTS[2]));
    const kill = kills.get(KILL_POINTS[1]);
    expect(kill?.exit.signal).toBe('SIGKILL');
    // recordFieldResult is a local activity (workflows/patches.ts, fieldResultLocalActivity): the dead worker held
    // a workflow task, not an activity the server tracks, so there is nothing to release; the task times out.
    expect(kill?.released).not.toContain('recordFieldResult');
  }, 120_000);

  it('when the worker dies in the plan approval Update, after the decision is stored, then the next worker completes the campaign', async () => {
    await killWhenHeld(workers[2]!, () => spawn('4'));
    const kill = kills.get(KILL_POINTS[2]);
    expect(kill?.exit.signal).toBe('SIGKILL');
    expect(kill?.released).toContain('recordPlanDecision');
    expect((await people).status).toBe('COMPLETED');
    expect((await handle.result()).status).toBe('completed');
  }, 150_000);

  it('then each killed step ran again after its first attempt was lost, and the campaign ended exactly as the undisturbed run', async () => {
    for (const point of [KILL_POINTS[0], KILL_POINTS[2]]) {
      const activity = point.split(':')[0] ?? '';
      const attempts = await activityAttempts(h.client, campaignId, activity);
      expect({ activity, retried: Math.max(...attempts) >= 2 }).toEqual({ activity, retried: true });
    }
    // The local activity: the held submission was answered by another worker, and recorded once.
    const held = await heldSubmissionOutcome(h.client, workers[1]!);
    expect(held.local).toBe(true);
    expect(held.deadWorkerTouched).toBe(true);
    expect(held.completedBy).toEqual(expect.any(String));
    expect(held.completedBy).not.toBe(workerIdentity(workers[1]!.pid));
    expect(held.rows).toBe(1);
    const reference = await referenceRun;
    // The reference did every step, so the comparison compares something.
    expect(reference.report.counts.assigned).toBeGreaterThan(50);
    expect(reference.fieldResults.rows).toBe(reference.report.counts.assigned);
    expect(reference.escalationCases.rows).toBeGreaterThan(0);
    expect(reference.planItems.rows).toBeGreaterThan(0);
    expect(reference.report.planStatus).toBe('approved');
    // Nothing lost, nothing doubled: the same report and, table by table, the same rows.
    const outcome = await campaignOutcome(h.orm, await handle.result());
    expect(outcome).toEqual(reference);
    expect(outcome.fieldResults.rows).toBe(outcome.fieldResults.keys);
  }, 60_000);
});
