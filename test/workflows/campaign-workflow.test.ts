/**
 * The whole campaign on the real dev server and PostgreSQL, driven by simulated officers, supervisors and a
 * program manager: registration survives an injected failure after its write; every record fetched is accounted
 * for; the plan obeys four-eyes and can be approved in part; the close-out writes the feedback files.
 */
import { existsSync, readFileSync } from 'node:fs';
import { CampaignSchema } from '../../db/entities/campaign.entity';
import { campaignWorkflow } from '../../workflows';
import { campaignWorkflowId } from '../../domain/contracts/workflow-ids';
import { campaignProgressQuery, decidePlanUpdate, PLAN_DECISION_REJECTIONS } from '../../domain/contracts/campaign';
import { createP3keClient } from '../../activities/p3ke/p3ke-client';
import { failFirstAttempts } from '../../activities/faults';
import { startP3keSimulator, type RunningP3keSimulator } from '../../sim/p3ke-api/server';
import { demoRoster, upsertOfficers } from '../../sim/field-actors/roster';
import { driveCampaign } from '../../sim/field-actors/drive-campaign';
import { updateRejectionType } from '../../sim/field-actors/actions';
import { openHarness, uniqueCampaignId, type Harness } from '../support/harness';
import { testCampaignConfig, TEST_P3KE_TOKEN } from '../support/campaign-fixtures';
import { rows, waitUntil } from '../support/lifecycle-helpers';

const MUARA_JAWA = '640214';
let h: Harness;
let sim: RunningP3keSimulator;
const faults = failFirstAttempts({ 'registerCampaign:afterWrite': 1 });

beforeAll(async () => {
  h = await openHarness();
  sim = await startP3keSimulator({ token: TEST_P3KE_TOKEN, families: 500, defectRate: 0.05 });
  await upsertOfficers(h.orm, demoRoster());
  await h.startWorker({ p3ke: createP3keClient({ baseUrl: sim.url, token: TEST_P3KE_TOKEN, timeoutMs: 5_000 }), faults });
});
afterAll(async () => {
  await h?.close();
  await sim?.close();
});

const startCampaign = (campaignId: string) =>
  h.client.workflow.start(campaignWorkflow, {
    taskQueue: h.taskQueue,
    workflowId: campaignWorkflowId(campaignId),
    args: [{ campaignId, startedBy: 'pm-starter', config: testCampaignConfig({ regionCodes: [MUARA_JAWA], maxFamiliesPerPackage: 10 }) }],
  });

describe('campaignWorkflow', () => {
  it('when a campaign runs end to end with one injected failure, then it completes, accounts for every record and writes its feedback', async () => {
    const campaignId = uniqueCampaignId('e2e');
    const handle = await startCampaign(campaignId);
    const people = await driveCampaign({ client: h.client, orm: h.orm, campaignId, seed: 11, timeoutMs: 240_000 });
    const report = await handle.result();

    // The injected fault fired after the write; the retry is visible in history and in the row, written once.
    expect(faults.fired['registerCampaign:afterWrite']).toBe(1);
    const history = await handle.fetchHistory();
    expect((history.events ?? []).map((e) => e.activityTaskStartedEventAttributes?.attempt)).toContain(2);
    const row = await h.orm.em.fork().findOneOrFail(CampaignSchema, { id: campaignId });
    expect(row.registrationAttempts).toBe(2);
    expect(row.status).toBe('completed');

    expect(people.status).toBe('COMPLETED');
    expect(report.status).toBe('completed');
    const c = report.counts;
    expect(c.stored + c.quarantined).toBe(c.fetched);
    expect(c.quarantined).toBeGreaterThan(0);
    expect(c.flagged).toBeGreaterThan(0);
    expect(c.assigned).toBeGreaterThan(0);
    expect(c.verified).toBeGreaterThan(0);
    expect(c.verified).toBeLessThanOrEqual(c.assigned);
    expect(c.escalated).toBe(c.decided);
    expect(c.proposed).toBeGreaterThan(0);
    expect(c.approved).toBeGreaterThan(0);
    expect(report.planStatus).toBe('approved');
    expect(Object.keys(report.mismatchesByType).length).toBeGreaterThan(0);
    expect(Object.keys(report.interventionsByProgram).length).toBeGreaterThan(0);

    const csv = report.feedbackFiles.find((f) => f.endsWith('feedback.csv'));
    expect(csv && existsSync(csv)).toBe(true);
    const lines = readFileSync(csv as string, 'utf8').trim().split(/\r?\n/);
    const [families] = await rows<{ n: string }>(h.orm, 'select count(*) as n from p3ke_family where campaign_id = ?', [campaignId]);
    expect(lines.length - 1).toBe(Number(families?.n));
    expect(row.counts).toMatchObject({ fetched: c.fetched, verified: c.verified, approved: c.approved });
  });

  it('when the starter tries to approve their own plan, then four-eyes refuses it; a partial approval funds only its programmes', async () => {
    const campaignId = uniqueCampaignId('four-eyes');
    const handle = await startCampaign(campaignId);
    const people = driveCampaign({ client: h.client, orm: h.orm, campaignId, seed: 12, plan: null, timeoutMs: 240_000 });
    await waitUntil(async () => (await handle.query(campaignProgressQuery)).phase === 'approval', 180_000, 'the approval phase');

    const decide = (decidedBy: string, role: string, decision: 'approve' | 'approve_partial' | 'reject', programmes?: string[]) =>
      handle.executeUpdate(decidePlanUpdate, { args: [{ decision, decidedBy, role, reason: 'rapat koordinasi', ...(programmes ? { programmes } : {}) }] });
    const refused = async (p: Promise<unknown>): Promise<string | null> => p.then(() => 'accepted', updateRejectionType);
    expect(await refused(decide('pm-starter', 'program_manager', 'approve'))).toBe(PLAN_DECISION_REJECTIONS.fourEyes);
    expect(await refused(decide('sup-640214', 'supervisor', 'approve'))).toBe(PLAN_DECISION_REJECTIONS.wrongRole);
    expect(await refused(decide('pm-approver', 'program_manager', 'approve_partial', ['not_a_programme']))).toBe(PLAN_DECISION_REJECTIONS.malformed);

    const [programme] = await rows<{ programme: string }>(
      h.orm,
      `select programme from intervention_item where plan_id = ? and status = 'funded' group by programme order by count(*) desc limit 1`,
      [`${campaignId}/plan`],
    );
    const result = await decide('pm-approver', 'program_manager', 'approve_partial', [programme?.programme as string]);
    expect(result.status).toBe('partially_approved');
    const report = await handle.result();
    await people;
    expect(report.planStatus).toBe('partially_approved');
    const approved = await rows<{ programme: string }>(h.orm, 'select distinct programme from intervention_item where plan_id = ? and approved', [`${campaignId}/plan`]);
    expect(approved.map((a) => a.programme)).toEqual([programme?.programme]);
    expect(report.counts.approved).toBe(result.approvedItems);
    expect(report.counts.approved).toBeLessThan(report.counts.proposed);
  });
});
