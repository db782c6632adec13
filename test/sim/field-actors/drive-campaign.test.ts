/**
 * End to end on the real dev server and PostgreSQL: a campaign over one kecamatan of simulated P3KE data, driven to
 * its end by simulated officers, supervisors and the approving program manager, acting only through the
 * workflows' Updates. Checks what each did against what the database recorded.
 */
import { Client, type WorkflowHandle } from '@temporalio/client';
import { loadEnv } from '../../../config/env';
import { verivaliDataConverter } from '../../../client/codec/data-converter';
import { campaignWorkflow } from '../../../workflows';
import { campaignWorkflowId, workPackageWorkflowId } from '../../../domain/contracts/workflow-ids';
import { officerUnavailableSignal, submitFieldResultUpdate, workPackageStatusQuery } from '../../../domain/contracts/work-package';
import { loadIknArea } from '../../../domain/regions';
import { createP3keClient } from '../../../activities/p3ke/p3ke-client';
import { startP3keSimulator, type RunningP3keSimulator } from '../../../sim/p3ke-api/server';
import { driveCampaign, type DriveCampaignOutcome } from '../../../sim/field-actors/drive-campaign';
import { demoRoster, demoUsers, upsertOfficers } from '../../../sim/field-actors/roster';
import { openHarness, uniqueCampaignId, type Harness } from '../../support/harness';
import { testCampaignConfig, TEST_P3KE_TOKEN } from '../../support/campaign-fixtures';
import { waitUntil } from '../../support/lifecycle-helpers';

const SAMBOJA = '640213';
const MUARA_JAWA = '640214';
let h: Harness;
let sim: RunningP3keSimulator;
let campaignId: string;
let campaign: WorkflowHandle<typeof campaignWorkflow>;
let outcome: DriveCampaignOutcome;

const rows = <T>(sql: string, params: unknown[] = []): Promise<T[]> => h.orm.em.fork().getConnection().execute<T[]>(sql, params);

beforeAll(async () => {
  h = await openHarness();
  sim = await startP3keSimulator({ token: TEST_P3KE_TOKEN, families: 600, defectRate: 0.03, seed: 31 });
  await upsertOfficers(h.orm, demoRoster(loadIknArea()));
  await h.startWorker({ p3ke: createP3keClient({ baseUrl: sim.url, token: TEST_P3KE_TOKEN, timeoutMs: 5_000 }) });
  campaignId = uniqueCampaignId('drive');
  campaign = await h.client.workflow.start(campaignWorkflow, {
    taskQueue: h.taskQueue,
    workflowId: campaignWorkflowId(campaignId),
    args: [
      {
        campaignId,
        startedBy: demoUsers().starter.id,
        config: testCampaignConfig({
          regionCodes: [SAMBOJA],
          maxFamiliesPerPackage: 8,
          timers: { packageDeadlineSeconds: 90, reminderEverySeconds: 2, escalationTimeoutSeconds: 4, approvalDeadlineSeconds: 120 },
        }),
      },
    ],
  });
  outcome = await driveCampaign({
    client: h.client,
    orm: h.orm,
    campaignId,
    seed: 7,
    officers: { concurrency: 4, shares: { correction: 0.08, resend: 0.08 } },
    // Generous re-visits and some cases left to climb, so both paths run in one campaign.
    supervisors: { shares: { accept_field: 0.5, keep_p3ke: 0.2, revisit: 0.3 }, unansweredShare: 0.25 },
    plan: { decision: 'approve' },
    pollMs: 300,
    timeoutMs: 240_000,
  });
}, 300_000);

afterAll(async () => {
  await h?.close();
  await sim?.close();
});

describe('driveCampaign', () => {
  it('when simulated people drive a campaign, then it completes with an approved plan', async () => {
    expect(outcome.status).toBe('COMPLETED');
    const report = await campaign.result();
    expect(report.status).toBe('completed');
    expect(outcome.plan?.status).toBe('approved');
    expect(report.planStatus).toBe('approved');
  });

  it('then every family was visited, each submission recorded once, and nothing was refused', async () => {
    const [families] = await rows<{ total: string; submitted: string }>(
      `select count(*) as total, count(*) filter (where status = 'submitted') as submitted from package_family where campaign_id = ?`,
      [campaignId],
    );
    const [results] = await rows<{ n: string }>('select count(*) as n from field_result where campaign_id = ?', [campaignId]);
    expect(Number(families?.total)).toBeGreaterThan(30);
    expect(Number(families?.submitted)).toBe(Number(families?.total));
    expect(outcome.officers.submitted).toBe(Number(families?.total));
    expect(Number(results?.n)).toBe(outcome.officers.submitted + outcome.officers.corrections);
    expect(outcome.officers.corrections).toBeGreaterThan(0);
    expect(outcome.officers.resent).toBeGreaterThan(0);
    expect(outcome.officers.resendMismatches).toBe(0);
    expect(outcome.officers.rejectionsByType).toEqual({});
  });

  it('then every package was handed in by its officer', async () => {
    const packages = await rows<{ status: string; n: string }>('select status, count(*) as n from work_package where campaign_id = ? group by status', [campaignId]);
    expect(packages.map((p) => p.status)).toEqual(['closed']);
    expect(outcome.officers.handedIn).toBe(Number(packages[0]?.n));
  });

  it('then every escalation case was decided by the role it waited for: supervisors first, the approving manager after a timeout', async () => {
    const cases = await rows<{ family_id: string; kecamatan_code: string; status: string; decided_by: string; decided_role: string; decision: string; round: number }>(
      `select c.family_id, c.kecamatan_code, c.status, c.decided_by, c.decided_role, c.decision, wp.round
       from escalation_case c join work_package wp on wp.id = c.package_id where c.campaign_id = ?`,
      [campaignId],
    );
    expect(cases.length).toBeGreaterThan(0);
    expect(cases.filter((c) => c.status !== 'decided')).toEqual([]);
    for (const c of cases) {
      if (c.decided_role === 'supervisor') expect(c.decided_by).toBe(`sup-${c.kecamatan_code}`);
      else expect(c.decided_by).toBe(demoUsers().approver.id);
    }
    expect(outcome.supervisors.byLevel.supervisor).toBeGreaterThan(0);
    expect(outcome.supervisors.byLevel.program_manager).toBeGreaterThan(0);
    expect(outcome.supervisors.rejected).toBe(0);
    // A family's second case (from its re-visit round) is never sent back again.
    expect(cases.filter((c) => c.round > 1 && c.decision === 'revisit')).toEqual([]);
  });

  it('then families ordered back to the field were visited again in a second round', async () => {
    const revisits = await rows<{ n: string }>(`select count(*) as n from work_package where campaign_id = ? and round = 2`, [campaignId]);
    expect(outcome.supervisors.byDecision.revisit).toBeGreaterThan(0);
    expect(Number(revisits[0]?.n)).toBeGreaterThan(0);
  });

  it('then decisions and results carry reasons and notes without personal data', async () => {
    const leaked = await rows<{ n: string }>(
      `select count(*) as n from escalation_case c join p3ke_individual i on i.campaign_id = c.campaign_id and i.id_keluarga_p3ke = c.family_id
       where c.campaign_id = ? and (position(i.nik in c.reason) > 0 or position(i.nama in c.reason) > 0)`,
      [campaignId],
    );
    expect(Number(leaked[0]?.n)).toBe(0);
  });
});

describe('driveCampaign after a reassignment the inbox has not caught up with', () => {
  let stale: DriveCampaignOutcome;
  let moved: { packageId: string; from: string; to: string };

  beforeAll(async () => {
    // Arrange: a campaign whose packages are open, one of them moved to another officer by an absence.
    const id = uniqueCampaignId('stale');
    const handle = await h.client.workflow.start(campaignWorkflow, {
      taskQueue: h.taskQueue,
      workflowId: campaignWorkflowId(id),
      args: [{ campaignId: id, startedBy: demoUsers().starter.id, config: testCampaignConfig({ regionCodes: [MUARA_JAWA], maxFamiliesPerPackage: 8, timers: { packageDeadlineSeconds: 600, reminderEverySeconds: 2, escalationTimeoutSeconds: 3, approvalDeadlineSeconds: 120 } }) }],
    });
    // A package in a desa two verifiers cover, so the absence has someone to pass it to.
    const pkg = await waitUntil(async () => {
      const [row] = await rows<{ id: string; desa_code: string; seq: number; officer_id: string }>(
        `select wp.id, wp.desa_code, wp.seq, wp.officer_id from work_package wp
         where wp.campaign_id = ? and wp.status = 'open'
           and (select count(*) from officer o where o.role = 'field_verifier' and o.available and o.desa_coverage @> jsonb_build_array(wp.desa_code)) >= 2
         order by wp.id limit 1`,
        [id],
      );
      return row;
    }, 60_000, 'an open package in a desa with two verifiers');
    const packageHandle = h.client.workflow.getHandle(workPackageWorkflowId(id, pkg.desa_code, pkg.seq));
    await packageHandle.signal(officerUnavailableSignal, { officerId: pkg.officer_id });
    const to = await waitUntil(async () => {
      const status = await packageHandle.query(workPackageStatusQuery);
      return status.officerId !== pkg.officer_id ? status.officerId : undefined;
    }, 30_000, 'the package to move');
    moved = { packageId: pkg.id, from: pkg.officer_id, to };
    // The inbox projection still names the absent officer, as a lagging read model would.
    await rows('update work_package set officer_id = ? where id = ?', [pkg.officer_id, pkg.id]);

    // Act
    stale = await driveCampaign({ client: h.client, orm: h.orm, campaignId: id, seed: 8, pollMs: 300, timeoutMs: 180_000 });
    await handle.result();
  }, 240_000);

  it('when the first submission is refused as WrongOfficer, then the officer looks up the holder and carries on as them', async () => {
    expect(stale.status).toBe('COMPLETED');
    expect(moved.to).not.toBe(moved.from);
    expect(stale.officers.reassignmentsFollowed).toBeGreaterThanOrEqual(1);
    expect(stale.officers.rejectionsByType).toEqual({});
    const officers = await rows<{ officer_id: string }>('select distinct officer_id from field_result where package_id = ?', [moved.packageId]);
    expect(officers.map((o) => o.officer_id)).toEqual([moved.to]);
  });
});

describe('driveCampaign when the answers to some submissions are lost', () => {
  let lossy: DriveCampaignOutcome;
  let lostAnswers = 0;
  let lossyCampaignId: string;

  beforeAll(async () => {
    // The officers' client loses the answer to the first field result of every package four times in a row: the
    // Update reaches the workflow and is recorded, and the phone hears nothing (as after a dropped connection).
    const answered = new Map<string, number>();
    const firstOfPackage = new Map<string, string>();
    const phones = new Client({
      connection: h.client.connection,
      namespace: h.client.options.namespace,
      dataConverter: verivaliDataConverter(loadEnv()),
      interceptors: {
        workflow: [
          {
            async startUpdate(input, next) {
              const out = await next(input);
              if (input.updateName !== submitFieldResultUpdate.name || !input.options.updateId) return out;
              const updateId = input.options.updateId;
              const first = firstOfPackage.get(input.workflowExecution.workflowId) ?? updateId;
              firstOfPackage.set(input.workflowExecution.workflowId, first);
              const seen = (answered.get(updateId) ?? 0) + 1;
              answered.set(updateId, seen);
              if (first === updateId && seen <= 4) {
                lostAnswers += 1;
                throw new Error('simulated: the connection dropped before the answer arrived');
              }
              return out;
            },
          },
        ],
      },
    });
    lossyCampaignId = uniqueCampaignId('lossy');
    const handle = await h.client.workflow.start(campaignWorkflow, {
      taskQueue: h.taskQueue,
      workflowId: campaignWorkflowId(lossyCampaignId),
      args: [{ campaignId: lossyCampaignId, startedBy: demoUsers().starter.id, config: testCampaignConfig({ regionCodes: [MUARA_JAWA], maxFamiliesPerPackage: 8, timers: { packageDeadlineSeconds: 600, reminderEverySeconds: 2, escalationTimeoutSeconds: 3, approvalDeadlineSeconds: 120 } }) }],
    });
    lossy = await driveCampaign({ client: phones, orm: h.orm, campaignId: lossyCampaignId, seed: 9, officers: { shares: { correction: 0, resend: 0 } }, pollMs: 300, timeoutMs: 180_000 });
    await handle.result();
  }, 240_000);

  it('then each unanswered submission goes again from the outbox with its update id, is recorded once, and every package is handed in', async () => {
    const [packages] = await rows<{ n: string }>('select count(*) as n from work_package where campaign_id = ? and round = 1', [lossyCampaignId]);
    const firstRound = Number(packages?.n);
    expect(lossy.status).toBe('COMPLETED');
    expect(lostAnswers).toBeGreaterThanOrEqual(4 * firstRound);
    expect(lossy.officers.sentFromOutbox).toBeGreaterThanOrEqual(firstRound);
    expect(lossy.officers.rejectionsByType).toEqual({ NoAnswer: lossy.officers.sentFromOutbox });
    const [families] = await rows<{ total: string; submitted: string }>(
      `select count(*) as total, count(*) filter (where status = 'submitted') as submitted from package_family where campaign_id = ?`,
      [lossyCampaignId],
    );
    expect(Number(families?.submitted)).toBe(Number(families?.total));
    const [results] = await rows<{ n: string; ids: string }>('select count(*) as n, count(distinct submission_id) as ids from field_result where campaign_id = ?', [lossyCampaignId]);
    expect(Number(results?.n)).toBe(Number(families?.total));
    expect(Number(results?.ids)).toBe(Number(results?.n));
    const notHandedIn = await rows<{ id: string }>(`select id from work_package where campaign_id = ? and status <> 'closed'`, [lossyCampaignId]);
    expect(notHandedIn).toEqual([]);
    expect(lossy.officers.handedIn).toBeGreaterThanOrEqual(firstRound);
  });
});
