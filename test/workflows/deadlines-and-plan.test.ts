/**
 * The timer paths and the remaining validator rejections, on the real stack: a package past its deadline refuses
 * new results but can still be handed in; a package closing at its deadline takes in a result recorded through it
 * that its workflow never accepted; a decided case takes no second decision; the plan refuses decisions before it
 * waits for one and rejections without a reason, and expires at its deadline without a decision.
 */
import { randomUUID } from 'node:crypto';
import { campaignWorkflow } from '../../workflows';
import { campaignWorkflowId, escalationCaseWorkflowId } from '../../domain/contracts/workflow-ids';
import { campaignProgressQuery, decidePlanUpdate, PLAN_DECISION_REJECTIONS, type CampaignConfig } from '../../domain/contracts/campaign';
import { handInPackageUpdate, submitFieldResultUpdate, workPackageStatusQuery } from '../../domain/contracts/work-package';
import { decideCaseUpdate } from '../../domain/contracts/escalation-case';
import { createP3keClient } from '../../activities/p3ke/p3ke-client';
import { createFieldResultActivities } from '../../activities/field/field-result-activities';
import { WORK_PACKAGE_REJECTIONS, type WorkPackageOutcome } from '../../domain/contracts/work-package';
import { startP3keSimulator, type RunningP3keSimulator } from '../../sim/p3ke-api/server';
import { demoRoster, upsertOfficers } from '../../sim/field-actors/roster';
import { driveCampaign } from '../../sim/field-actors/drive-campaign';
import { updateRejectionType } from '../../sim/field-actors/actions';
import { openHarness, uniqueCampaignId, type Harness } from '../support/harness';
import { testCampaignConfig, TEST_P3KE_TOKEN } from '../support/campaign-fixtures';
import { rows, visitWithoutHousehold, waitUntil } from '../support/lifecycle-helpers';

const SANGA_SANGA = '640215';
let h: Harness;
let sim: RunningP3keSimulator;

beforeAll(async () => {
  h = await openHarness();
  sim = await startP3keSimulator({ token: TEST_P3KE_TOKEN, families: 400, defectRate: 0 });
  await upsertOfficers(h.orm, demoRoster());
  await h.startWorker({ p3ke: createP3keClient({ baseUrl: sim.url, token: TEST_P3KE_TOKEN, timeoutMs: 5_000 }) });
});
afterAll(async () => {
  await h?.close();
  await sim?.close();
});

const start = (campaignId: string, overrides: Partial<CampaignConfig>) =>
  h.client.workflow.start(campaignWorkflow, {
    taskQueue: h.taskQueue,
    workflowId: campaignWorkflowId(campaignId),
    args: [{ campaignId, startedBy: 'pm-starter', config: testCampaignConfig({ regionCodes: [SANGA_SANGA], maxFamiliesPerPackage: 8, ...overrides }) }],
  });
/** The campaign's first open package (by id) once there is one, with its families in id order. */
const firstOpenPackage = (campaignId: string): Promise<{ id: string; officer_id: string; family_ids: string[] }> =>
  waitUntil(
    async () => {
      const [pkg] = await rows<{ id: string; officer_id: string; family_ids: string[] }>(
        h.orm,
        `select wp.id, wp.officer_id, array_agg(pf.family_id order by pf.family_id) as family_ids from work_package wp join package_family pf on pf.package_id = wp.id
         where wp.campaign_id = ? and wp.status = 'open' group by wp.id order by wp.id limit 1`,
        [campaignId],
      );
      return pkg;
    },
    60_000,
    'an open package',
  );
const refusal = (p: Promise<unknown>): Promise<string | null> => p.then(() => 'accepted', updateRejectionType);

describe('package deadline', () => {
  it('when the deadline has passed, then a correction is refused as past the deadline but the package can still be handed in', async () => {
    const campaignId = uniqueCampaignId('deadline');
    const campaign = await start(campaignId, {
      timers: { packageDeadlineSeconds: 8, reminderEverySeconds: 6, escalationTimeoutSeconds: 60, approvalDeadlineSeconds: 5 },
    });
    const pkg = await firstOpenPackage(campaignId);
    const handle = h.client.workflow.getHandle(`package/${pkg.id}`);
    for (const familyId of pkg.family_ids) {
      await handle.executeUpdate(submitFieldResultUpdate, { args: [{ officerId: pkg.officer_id, result: visitWithoutHousehold(familyId, 'not_found') }] });
    }
    const status = await handle.query(workPackageStatusQuery);
    await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(status.deadlineAt) - Date.now()) + 300));

    const late = handle.executeUpdate(submitFieldResultUpdate, {
      args: [{ officerId: pkg.officer_id, result: visitWithoutHousehold(pkg.family_ids[0] as string, 'moved') }],
    });
    expect(await refusal(late)).toBe('PastDeadline');
    const handedIn = await handle.executeUpdate(handInPackageUpdate, { args: [{ officerId: pkg.officer_id }] });
    expect(handedIn.submitted).toBe(pkg.family_ids.length);
    const [versions] = await rows<{ n: string }>(h.orm, 'select count(*) as n from field_result where campaign_id = ? and family_id = ?', [campaignId, pkg.family_ids[0]]);
    expect(Number(versions?.n)).toBe(1);
    await campaign.terminate('test done');
  });
});

describe('package close-out', () => {
  it('when a result was recorded through a package but its Update never accepted, then the package takes it in at its deadline', async () => {
    const campaignId = uniqueCampaignId('adopt');
    const threshold = { maxSeverityAtLeast: 4, severitySumAtLeast: 6 };
    const campaign = await start(campaignId, {
      maxReassignments: 0,
      escalationThreshold: threshold,
      timers: { packageDeadlineSeconds: 10, reminderEverySeconds: 30, escalationTimeoutSeconds: 60, approvalDeadlineSeconds: 5 },
    });
    const pkg = await firstOpenPackage(campaignId);
    const handle = h.client.workflow.getHandle(`package/${pkg.id}`);
    const [last, ...rest] = [...pkg.family_ids].reverse() as [string, ...string[]];
    for (const familyId of rest) {
      await handle.executeUpdate(submitFieldResultUpdate, { args: [{ officerId: pkg.officer_id, result: visitWithoutHousehold(familyId, 'not_found') }] });
    }
    // What the package's local activity does for an Update whose workflow task then times out: the row, its
    // projection and its audit commit, and the workflow never hears of it (the Update is dropped with the task).
    await createFieldResultActivities({ orm: h.orm }).recordFieldResult({
      campaignId,
      packageId: pkg.id,
      officerId: pkg.officer_id,
      submissionId: randomUUID(),
      result: visitWithoutHousehold(last, 'moved'),
      receivedAt: new Date().toISOString(),
      escalationThreshold: threshold,
    });
    expect(await refusal(handle.executeUpdate(handInPackageUpdate, { args: [{ officerId: pkg.officer_id }] }))).toBe(WORK_PACKAGE_REJECTIONS.notComplete);

    const outcome = (await handle.result()) as WorkPackageOutcome;
    expect(outcome.submitted).toBe(pkg.family_ids.length);
    expect(outcome.unvisited).toEqual([]);
    const [projection] = await rows<{ status: string; latest_version: number }>(h.orm, 'select status, latest_version from package_family where package_id = ? and family_id = ?', [pkg.id, last]);
    expect(projection).toEqual({ status: 'submitted', latest_version: 1 });
    const [recorded] = await rows<{ n: string }>(h.orm, 'select count(*) as n from field_result where campaign_id = ? and package_id = ?', [campaignId, pkg.id]);
    expect(Number(recorded?.n)).toBe(pkg.family_ids.length);
    await campaign.terminate('test done');
  });
});

describe('plan and case decisions', () => {
  it('when decisions come too early, twice or without a reason, then they are refused; an undecided plan expires at its deadline', async () => {
    const campaignId = uniqueCampaignId('expiry');
    const campaign = await start(campaignId, {
      timers: { packageDeadlineSeconds: 120, reminderEverySeconds: 2, escalationTimeoutSeconds: 60, approvalDeadlineSeconds: 6 },
    });
    // Before the plan exists, no decision is accepted.
    const early = campaign.executeUpdate(decidePlanUpdate, { args: [{ decision: 'approve', decidedBy: 'pm-approver', role: 'program_manager', reason: 'ok' }] });
    expect(await refusal(early)).toBe(PLAN_DECISION_REJECTIONS.notWaiting);

    const people = driveCampaign({ client: h.client, orm: h.orm, campaignId, seed: 21, plan: null, supervisors: { shares: { accept_field: 1, keep_p3ke: 0, revisit: 0 } }, timeoutMs: 180_000 });
    await waitUntil(async () => (await campaign.query(campaignProgressQuery)).phase === 'approval', 150_000, 'the approval phase');
    const noReason = campaign.executeUpdate(decidePlanUpdate, { args: [{ decision: 'reject', decidedBy: 'pm-approver', role: 'program_manager', reason: '' }] });
    expect(await refusal(noReason)).toBe(PLAN_DECISION_REJECTIONS.malformed);
    // Reminders are counted in the plan's details for the Web UI, not written to the audit log one row each.
    await waitUntil(
      async () => /; reminded \d+x$/.test((await campaign.query<{ currentDetails?: string }>('__temporal_workflow_metadata')).currentDetails ?? ''),
      10_000,
      'a counted plan reminder in the details',
    );

    const report = await campaign.result();
    await people;
    expect(report.status).toBe('completed');
    expect(report.planStatus).toBe('expired');
    expect(report.counts.approved).toBe(0);
    const reminders = await rows<{ n: string }>(h.orm, `select count(*) as n from audit_log where campaign_id = ? and action = 'reminder'`, [campaignId]);
    expect(Number(reminders[0]?.n)).toBe(0);

    const [decided] = await rows<{ family_id: string; decision: string }>(h.orm, `select family_id, decision from escalation_case where campaign_id = ? and status = 'decided' limit 1`, [campaignId]);
    expect(decided).toBeDefined();
    const again = h.client.workflow
      .getHandle(escalationCaseWorkflowId(campaignId, decided?.family_id as string))
      .executeUpdate(decideCaseUpdate, { args: [{ decision: 'keep_p3ke', reason: 'ubah keputusan', decidedBy: 'pm-approver', role: 'program_manager' }] });
    await expect(again).rejects.toThrow();
    const [after] = await rows<{ decision: string }>(h.orm, 'select decision from escalation_case where campaign_id = ? and family_id = ?', [campaignId, decided?.family_id]);
    expect(after?.decision).toBe(decided?.decision);
  });
});
