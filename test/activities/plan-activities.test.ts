/**
 * The intervention plan activities on the real PostgreSQL, seeded with one family in each state a campaign leaves
 * (test/support/seed-lifecycle.ts). MockActivityEnvironment stands in for the activity context only.
 */
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { createPlanActivities, interventionPlanId, type ProposePlanInput } from '../../activities/planning/plan-activities';
import type { PlanDecisionInput } from '../../domain/contracts/campaign';
import { FAILURE_TYPES } from '../../domain/contracts/errors';
import { openHarness, uniqueCampaignId, type Harness } from '../support/harness';
import { FAMILY, seedLifecycle, standardLifecycle, VISIT_DATE } from '../support/seed-lifecycle';

let h: Harness;
let activities: ReturnType<typeof createPlanActivities>;
// Failures are the point of several tests: the activity logger stays quiet.
const env = new MockActivityEnvironment(undefined, { logger: new DefaultLogger('ERROR', () => undefined) });
/** env.run with the activity's own types (its generic cannot infer the result from an object literal argument). */
const run = <P extends unknown[], R>(fn: (...args: P) => Promise<R>, ...args: P): Promise<R> => env.run(fn, ...args);

beforeAll(async () => {
  h = await openHarness();
  activities = createPlanActivities({ orm: h.orm });
});
afterAll(async () => {
  await h?.close();
});

const BIG_BUDGET = 10_000_000_000;
const APPROVER: Pick<PlanDecisionInput, 'decidedBy' | 'role' | 'reason'> = { decidedBy: 'pm-approver', role: 'program_manager', reason: 'musyawarah desa 12 March' };

interface ItemRow {
  family_id: string;
  programme: string;
  quantity: number;
  cost_rupiah: string;
  rank: number;
  status: string;
  approved: boolean;
}

const sql = <T>(text: string, params: unknown[] = []): Promise<T[]> => h.orm.em.fork().getConnection().execute<T[]>(text, params);
const items = (campaignId: string) =>
  sql<ItemRow>('select * from intervention_item where plan_id = ? order by rank', [interventionPlanId(campaignId)]);
const propose = (input: ProposePlanInput) => run(activities.proposeInterventionPlan, input);
const decide = (campaignId: string, decision: Omit<PlanDecisionInput, 'decidedBy' | 'role' | 'reason'> & Partial<PlanDecisionInput>) =>
  run(activities.recordPlanDecision, { planId: interventionPlanId(campaignId), ...APPROVER, ...decision });
const failureOf = (promise: Promise<unknown>): Promise<ApplicationFailure> =>
  promise.then(
    () => {
      throw new Error('expected the activity to fail');
    },
    (err: unknown) => err as ApplicationFailure,
  );

/** A seeded campaign with its plan proposed; the budget funds the first `fundedCount` ranked items (all when null). */
async function campaignWithPlan(prefix: string, fundedCount: number | null = null): Promise<string> {
  const campaignId = uniqueCampaignId(prefix);
  await seedLifecycle(h.orm, standardLifecycle(campaignId));
  let budget = BIG_BUDGET;
  if (fundedCount !== null) {
    // Rank and cost do not depend on the budget: a scratch campaign with the same data gives the ranking.
    const scratch = uniqueCampaignId(`${prefix}-rank`);
    await seedLifecycle(h.orm, standardLifecycle(scratch));
    await propose({ campaignId: scratch, referenceDate: VISIT_DATE, budgetRupiah: BIG_BUDGET, proposedBy: 'system' });
    budget = (await items(scratch)).slice(0, fundedCount).reduce((sum, i) => sum + Number(i.cost_rupiah), 0);
  }
  await propose({ campaignId, referenceDate: VISIT_DATE, budgetRupiah: budget, proposedBy: 'system' });
  return campaignId;
}

describe('proposeInterventionPlan', () => {
  it('when families are in every state, then only settled verified families get proposals', async () => {
    const campaignId = await campaignWithPlan('plan-who');
    const families = new Set((await items(campaignId)).map((i) => i.family_id));
    expect([...families].sort()).toEqual([FAMILY.plain, FAMILY.keepP3ke, FAMILY.acceptField, FAMILY.revisited].sort());
  });

  it('when a case was decided keep_p3ke, then the proposals follow the P3KE house, members and enrolment', async () => {
    const campaignId = await campaignWithPlan('plan-keep');
    const keep = (await items(campaignId)).filter((i) => i.family_id === FAMILY.keepP3ke);
    const byProgramme = Object.fromEntries(keep.map((i) => [i.programme, i.quantity]));
    // The field saw a brick house with a septic tank and two members; P3KE has a bamboo house without a latrine,
    // three members and a pregnant wife, and records PKH enrolment.
    expect(byProgramme).toEqual({
      sembako: 1,
      pbi_jkn: 3,
      bsps_rtlh: 1,
      sanitation: 1,
      clean_water: 1,
      electricity_connection: 1,
      stunting_pmt: 2,
      stunting_iron_tablets: 1,
      stunting_bkb: 1,
      prakerja: 1,
    });
  });

  it('when a case was decided accept_field, then the desil the field house implies decides the programmes', async () => {
    const campaignId = await campaignWithPlan('plan-accept');
    const accepted = (await items(campaignId)).filter((i) => i.family_id === FAMILY.acceptField);
    // Desil 1 in P3KE, a brick house in the field (implied desil 10): only the pregnancy's iron tablets remain.
    expect(accepted.map((i) => i.programme)).toEqual(['stunting_iron_tablets']);
  });

  it('when the budget covers the first three ranked items, then exactly those are funded and the rest deferred', async () => {
    const campaignId = await campaignWithPlan('plan-cap', 3);
    const rows = await items(campaignId);
    const funded = rows.filter((i) => i.status === 'funded');
    const deferred = rows.filter((i) => i.status === 'deferred');
    expect(funded.map((i) => i.rank)).toEqual([1, 2, 3]);
    expect(deferred.length).toBe(rows.length - 3);

    // Proposing again returns the stored summary (the budget given is not used again).
    const summary = await propose({ campaignId, referenceDate: VISIT_DATE, budgetRupiah: 0, proposedBy: 'system' });
    expect(summary.fundedItems).toBe(3);
    expect(summary.items).toBe(rows.length);
    expect(summary.fundedRupiah).toBe(funded.reduce((s, i) => s + Number(i.cost_rupiah), 0));
    expect(summary.deferredRupiah).toBe(deferred.reduce((s, i) => s + Number(i.cost_rupiah), 0));
    const perProgramme = Object.values(summary.byProgramme);
    expect(perProgramme.reduce((s, p) => s + p.items, 0)).toBe(rows.length);
    expect(perProgramme.reduce((s, p) => s + p.costRupiah, 0)).toBe(summary.fundedRupiah + summary.deferredRupiah);
  });

  it('when the plan is proposed again, then the stored summary comes back and nothing is written twice', async () => {
    const campaignId = await campaignWithPlan('plan-again');
    const first = await propose({ campaignId, referenceDate: VISIT_DATE, budgetRupiah: BIG_BUDGET, proposedBy: 'system' });
    const before = await items(campaignId);
    const second = await propose({ campaignId, referenceDate: '2030-01-01', budgetRupiah: 1, proposedBy: 'someone-else' });
    expect(second).toEqual(first);
    expect(await items(campaignId)).toEqual(before);
    expect(first).toMatchObject({ planId: interventionPlanId(campaignId), status: 'proposed', families: 4, items: before.length });
  });

  it('when the campaign is unknown or the budget is not whole rupiah, then it fails without retrying', async () => {
    const unknown = await failureOf(propose({ campaignId: 'no-such-campaign', referenceDate: VISIT_DATE, budgetRupiah: 1, proposedBy: 'x' }));
    expect(unknown).toMatchObject({ type: FAILURE_TYPES.invalidInput, nonRetryable: true });
    const fractional = await failureOf(propose({ campaignId: 'no-such-campaign', referenceDate: VISIT_DATE, budgetRupiah: 1.5, proposedBy: 'x' }));
    expect(fractional.message).toMatch(/budgetRupiah/);
  });
});

describe('recordPlanDecision', () => {
  const audit = (campaignId: string) =>
    sql<{ actor: string; actor_role: string; action: string; before: unknown; after: Record<string, unknown> }>(
      'select * from audit_log where campaign_id = ? order by id',
      [campaignId],
    );

  it('when the plan is approved, then every funded item is approved, deferred ones are not, and it is audited', async () => {
    const campaignId = await campaignWithPlan('decide-all', 5);
    const result = await decide(campaignId, { decision: 'approve' });
    const rows = await items(campaignId);
    const funded = rows.filter((i) => i.status === 'funded');
    expect(rows.filter((i) => i.approved)).toEqual(funded);
    expect(result).toEqual({
      planId: interventionPlanId(campaignId),
      status: 'approved',
      approvedItems: 5,
      approvedRupiah: funded.reduce((s, i) => s + Number(i.cost_rupiah), 0),
    });
    const [plan] = await sql<{ status: string; approved_rupiah: string; decided_by: string; reason: string; decided_at: Date | null }>(
      'select * from intervention_plan where id = ?',
      [interventionPlanId(campaignId)],
    );
    expect(plan).toMatchObject({ status: 'approved', approved_rupiah: String(result.approvedRupiah), decided_by: 'pm-approver', reason: APPROVER.reason });
    expect(plan?.decided_at).not.toBeNull();
    const entries = await audit(campaignId);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actor: 'pm-approver',
      actor_role: 'program_manager',
      action: 'plan.decide',
      before: { status: 'proposed' },
      after: { status: 'approved', decision: 'approve', approvedItems: 5 },
    });
  });

  it('when the plan is approved in part, then only funded items of the listed programmes are approved', async () => {
    const campaignId = await campaignWithPlan('decide-part');
    const result = await decide(campaignId, { decision: 'approve_partial', programmes: ['sanitation', 'clean_water'] });
    const rows = await items(campaignId);
    const approved = rows.filter((i) => i.approved);
    expect(new Set(approved.map((i) => i.programme))).toEqual(new Set(['sanitation', 'clean_water']));
    expect(approved).toEqual(rows.filter((i) => i.status === 'funded' && ['sanitation', 'clean_water'].includes(i.programme)));
    expect(result).toMatchObject({ status: 'partially_approved', approvedItems: approved.length });
    const [plan] = await sql<{ approved_programmes: string[] }>('select approved_programmes from intervention_plan where id = ?', [
      interventionPlanId(campaignId),
    ]);
    expect(plan?.approved_programmes).toEqual(['clean_water', 'sanitation']);
  });

  it('when the plan is rejected, then no item is approved and the plan says rejected', async () => {
    const campaignId = await campaignWithPlan('decide-reject');
    const result = await decide(campaignId, { decision: 'reject' });
    expect(result).toMatchObject({ status: 'rejected', approvedItems: 0, approvedRupiah: 0 });
    expect((await items(campaignId)).some((i) => i.approved)).toBe(false);
    expect((await audit(campaignId)).map((a) => a.after.status)).toEqual(['rejected']);
  });

  it('when the same decision arrives twice, then the same result comes back and one audit row is written', async () => {
    const campaignId = await campaignWithPlan('decide-twice', 4);
    const first = await decide(campaignId, { decision: 'approve_partial', programmes: ['pbi_jkn', 'sembako'] });
    const second = await decide(campaignId, { decision: 'approve_partial', programmes: ['sembako', 'pbi_jkn', 'sembako'] });
    expect(second).toEqual(first);
    expect(await audit(campaignId)).toHaveLength(1);
  });

  it('when a different decision arrives on a decided plan, then it fails without retrying and changes nothing', async () => {
    const campaignId = await campaignWithPlan('decide-other');
    await decide(campaignId, { decision: 'approve' });
    const before = await items(campaignId);
    const failure = await failureOf(decide(campaignId, { decision: 'reject' }));
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: FAILURE_TYPES.invalidInput, nonRetryable: true });
    expect(failure.message).toMatch(/already approved .*pm-approver.*reject decision cannot replace it/);
    const otherProgrammes = await failureOf(decide(campaignId, { decision: 'approve_partial', programmes: ['pkh'] }));
    expect(otherProgrammes.nonRetryable).toBe(true);
    expect(await items(campaignId)).toEqual(before);
    expect(await audit(campaignId)).toHaveLength(1);
  });

  it('when the campaign starter or a supervisor decides, then it fails without retrying (four-eyes, role)', async () => {
    const campaignId = await campaignWithPlan('decide-four-eyes');
    const starter = await failureOf(decide(campaignId, { decision: 'approve', decidedBy: 'pm-starter' }));
    expect(starter).toMatchObject({ nonRetryable: true });
    expect(starter.message).toMatch(/four-eyes/);
    const supervisor = await failureOf(decide(campaignId, { decision: 'approve', role: 'supervisor' }));
    expect(supervisor.message).toMatch(/only a program_manager/);
    const noProgrammes = await failureOf(decide(campaignId, { decision: 'approve_partial', programmes: [] }));
    expect(noProgrammes.message).toMatch(/at least one programme/);
    expect(await audit(campaignId)).toHaveLength(0);
  });
});

describe('expirePlan', () => {
  it('when the deadline passes undecided, then the plan expires, is audited as system, and cannot be decided', async () => {
    const campaignId = await campaignWithPlan('expire');
    const planId = interventionPlanId(campaignId);
    expect(await run(activities.expirePlan, { planId })).toEqual({ planId, status: 'expired', expired: true });
    expect(await run(activities.expirePlan, { planId })).toEqual({ planId, status: 'expired', expired: true });
    const entries = await sql<{ actor: string; action: string; after: unknown }>('select * from audit_log where campaign_id = ?', [campaignId]);
    expect(entries).toEqual([expect.objectContaining({ actor: 'system', action: 'plan.expire', after: { status: 'expired' } })]);
    const late = await failureOf(decide(campaignId, { decision: 'approve' }));
    expect(late).toMatchObject({ nonRetryable: true });
    expect((await items(campaignId)).some((i) => i.approved)).toBe(false);
  });

  it('when the plan was decided before the deadline, then expiring leaves the decision in place', async () => {
    const campaignId = await campaignWithPlan('expire-late');
    await decide(campaignId, { decision: 'approve' });
    const planId = interventionPlanId(campaignId);
    expect(await run(activities.expirePlan, { planId })).toEqual({ planId, status: 'approved', expired: false });
  });
});
