/**
 * One small campaign, the same in every fault test, driven to its end by the simulated people: Samboja Barat out
 * of a 1,200-family simulator (94 families, 5 desa), officers and supervisors whose every choice is a pure function
 * of the seed and the family, so an undisturbed run and a disturbed run of it must end with the same outcome
 * (test/support/campaign-outcome.ts).
 *
 * What would make two runs differ for reasons other than a fault is switched off: corrections and re-visits
 * (drawn per package id, which holds the campaign id), cases left to climb, and deadlines short enough to pass
 * while a worker is down (timers are minutes here; reminders still come every 4 s, so activities keep running).
 */
import type { Client, WorkflowHandle } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import type { MikroORM } from '@mikro-orm/postgresql';
import { campaignWorkflow } from '../../workflows';
import type { CampaignConfig, CampaignReport } from '../../domain/contracts/campaign';
import { campaignWorkflowId } from '../../domain/contracts/workflow-ids';
import { SA_CAMPAIGN_ID } from '../../domain/contracts/search-attributes';
import { loadIknArea } from '../../domain/regions';
import type { P3keSimulatorOptions } from '../../sim/p3ke-api/server';
import { driveCampaign, type DriveCampaignOutcome } from '../../sim/field-actors/drive-campaign';
import { submitFieldResult } from '../../sim/field-actors/actions';
import { familiesToVisit, openPackages } from '../../sim/field-actors/package-reader';
import { DEFAULT_OFFICER_SHARES, plannedVisit } from '../../sim/field-actors/simulated-officers';
import type { FieldResultReceipt } from '../../domain/contracts/work-package';
import { demoRoster, demoUsers, upsertOfficers } from '../../sim/field-actors/roster';
import { testCampaignConfig, TEST_P3KE_TOKEN } from './campaign-fixtures';

export const FAULT_SIM: P3keSimulatorOptions = { token: TEST_P3KE_TOKEN, families: 1200, defectRate: 0.03, seed: 606 };
const SAMBOJA_BARAT = '640220';
export const FAULT_PEOPLE_SEED = 61;

export function faultCampaignConfig(overrides: Partial<CampaignConfig> = {}): CampaignConfig {
  return testCampaignConfig({
    name: 'Fault test campaign',
    regionCodes: [SAMBOJA_BARAT],
    maxFamiliesPerPackage: 10,
    timers: { packageDeadlineSeconds: 600, reminderEverySeconds: 4, escalationTimeoutSeconds: 600, approvalDeadlineSeconds: 600 },
    ...overrides,
  });
}

export async function ensureFaultRoster(orm: MikroORM): Promise<void> {
  await upsertOfficers(orm, demoRoster(loadIknArea()));
}

export function startFaultCampaign(client: Client, taskQueue: string, campaignId: string, config = faultCampaignConfig()): Promise<WorkflowHandle<typeof campaignWorkflow>> {
  return client.workflow.start(campaignWorkflow, {
    taskQueue,
    workflowId: campaignWorkflowId(campaignId),
    args: [{ campaignId, config, startedBy: demoUsers().starter.id }],
  });
}

const FAULT_OFFICER_SHARES = { correction: 0, resend: 0.05 } as const;

/** The simulated people until the campaign closes; their seed and shares are the same for every run. */
export function driveFaultCampaign(client: Client, orm: MikroORM, campaignId: string, o: { timeoutMs?: number; stopSignal?: AbortSignal } = {}): Promise<DriveCampaignOutcome> {
  return driveCampaign({
    client,
    orm,
    campaignId,
    seed: FAULT_PEOPLE_SEED,
    officers: { concurrency: 6, shares: FAULT_OFFICER_SHARES },
    supervisors: { shares: { accept_field: 0.7, keep_p3ke: 0.3, revisit: 0 }, unansweredShare: 0 },
    plan: { decision: 'approve' },
    pollMs: 500,
    timeoutMs: o.timeoutMs ?? 150_000,
    ...(o.stopSignal ? { stopSignal: o.stopSignal } : {}),
  });
}

/** Starts the campaign, drives it to the end and returns its report (the workflow's result). */
export async function runFaultCampaign(
  client: Client,
  orm: MikroORM,
  taskQueue: string,
  campaignId: string,
  config = faultCampaignConfig(),
): Promise<{ report: CampaignReport; people: DriveCampaignOutcome }> {
  const handle = await startFaultCampaign(client, taskQueue, campaignId, config);
  const people = await driveFaultCampaign(client, orm, campaignId);
  if (people.status !== 'COMPLETED') throw new Error(`campaign ${campaignId} ended ${people.status}`);
  return { report: await handle.result(), people };
}

/**
 * Tells Temporal right away that activities a killed worker held are lost, instead of waiting out their
 * start-to-close timeouts (1 to 30 minutes). It gives each running activity of the campaign that the dead worker
 * started a heartbeat timeout of `ms` through Temporal's UpdateActivityOptions API (what an operator does with
 * `temporal activity update-options`); the activities do not heartbeat, so Temporal times the lost attempt out and
 * retries it on a live worker. Detection and retry stay Temporal's; only the wait is shorter.
 * Returns the activity types released.
 */
export async function releaseActivitiesOfDeadWorker(client: Client, campaignId: string, deadIdentity: string, ms = 3_000): Promise<string[]> {
  const released: string[] = [];
  const running = client.workflow.list({ query: `${SA_CAMPAIGN_ID.name} = '${campaignId}' AND ExecutionStatus = 'Running'` });
  for await (const wf of running) {
    const { raw } = await client.workflow.getHandle(wf.workflowId, wf.runId).describe();
    for (const a of raw.pendingActivities ?? []) {
      if (a.state !== temporal.api.enums.v1.PendingActivityState.PENDING_ACTIVITY_STATE_STARTED || a.lastWorkerIdentity !== deadIdentity) continue;
      await client.workflowService.updateActivityOptions({
        namespace: client.options.namespace,
        execution: { workflowId: wf.workflowId, runId: wf.runId },
        id: a.activityId,
        activityOptions: { heartbeatTimeout: msToTs(ms) },
        updateMask: { paths: ['heartbeat_timeout'] },
        identity: 'fault test',
      });
      released.push(a.activityType?.name ?? '?');
    }
  }
  return released;
}

/** The identity worker-entry.ts gives the worker of a process. */
export const workerIdentity = (pid: number): string => `worker-process-${pid}`;

/**
 * Drives the campaign, and once `outageWhen` holds, takes the people off (as users stop when the service is
 * down), runs `outage` (stop a server, wait, start it again) and lets them carry on: officers find their open
 * families again, and every Update they resend has the same id, so nothing they did before is done twice.
 * Calls that failed during the outage are expected; the campaign must still end.
 */
export async function driveThroughOutage(o: {
  client: Client;
  orm: MikroORM;
  campaignId: string;
  outageWhen: () => Promise<boolean>;
  outage: () => Promise<void>;
  stopSignal?: AbortSignal;
}): Promise<DriveCampaignOutcome> {
  const before = new AbortController();
  o.stopSignal?.addEventListener('abort', () => before.abort(), { once: true });
  const first = driveFaultCampaign(o.client, o.orm, o.campaignId, { stopSignal: before.signal });
  first.catch(() => undefined);
  const deadline = Date.now() + 120_000;
  while (!(await o.outageWhen())) {
    if (Date.now() > deadline) throw new Error(`campaign ${o.campaignId} never reached the moment for the outage`);
    await new Promise((r) => setTimeout(r, 200));
  }
  before.abort();
  await o.outage();
  await first.catch(() => undefined);
  return driveFaultCampaign(o.client, o.orm, o.campaignId, o.stopSignal ? { stopSignal: o.stopSignal } : {});
}

/** Field results recorded so far for the campaign: a moment in the middle of the field phase. */
export async function fieldResultsSoFar(orm: MikroORM, campaignId: string): Promise<number> {
  const [row] = await orm.em.fork().getConnection().execute<{ n: string }[]>('select count(*) as n from field_result where campaign_id = ?', [campaignId]);
  return Number(row?.n ?? 0);
}

/**
 * The next visit the fault campaign's officers would send (same result, same update id), read while the database
 * still answers; calling the returned function sends it. A test sends it during an outage, so a field-result Update
 * is surely in flight when the fault strikes, and the officers later find the family done as if they had sent it.
 */
export async function nextFaultVisit(client: Client, orm: MikroORM, campaignId: string): Promise<() => Promise<FieldResultReceipt>> {
  // From the end of the inbox: the simulated officers work packages and families in order, so the last open family
  // of the last open package is the one least likely to be sent by an officer at the same moment (had one sent it
  // first, Temporal would answer this Update from that first result, and nothing would be in flight in the fault).
  for (const pkg of (await openPackages(orm, campaignId)).reverse()) {
    const family = (await familiesToVisit(orm, campaignId, pkg.id)).reverse().find((f) => f.status === 'open');
    if (!family) continue;
    const visit = plannedVisit({ seed: FAULT_PEOPLE_SEED, shares: { ...DEFAULT_OFFICER_SHARES, ...FAULT_OFFICER_SHARES }, nowMs: Date.now() }, pkg, family);
    const address = { campaignId, desaCode: pkg.desaCode, seq: pkg.seq };
    return () => submitFieldResult(client, { package: address, submission: { officerId: pkg.officerId, result: visit.result }, updateId: visit.updateId });
  }
  throw new Error(`campaign ${campaignId} has no family left to visit`);
}
