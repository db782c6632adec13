/**
 * The plan is ranked and funded in PostgreSQL (plan-store fund(): a window over the plan's items), so that a
 * campaign's proposals never sit in the worker's memory at once. The rules stay those of the pure domain function
 * aggregatePlan (strict priority): this compares the two on the same proposals, with ties on every ranking key,
 * free items and budgets that stop the funding at different places.
 */
import { randomUUID } from 'node:crypto';
import { createPlanStore } from '../../activities/planning/plan-store';
import { aggregatePlan, INTERVENTION_PROGRAMMES, INTERVENTION_RULES_VERSION, type InterventionProposal } from '../../domain/interventions';
import { openHarness, type Harness } from '../support/harness';

let h: Harness;
beforeAll(async () => {
  h = await openHarness();
});
afterAll(async () => {
  await h?.close();
});

/** Deterministic proposals: few priorities and costs (many ties), mixed-case family ids, zero-cost items. */
function proposals(): InterventionProposal[] {
  let state = 7;
  const next = (n: number): number => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state % n;
  };
  const costs = [0, 150_000, 150_000, 300_000, 1_200_000];
  const out: InterventionProposal[] = [];
  for (let f = 0; f < 120; f += 1) {
    const familyId = `${['A', 'a', 'B', '1'][f % 4]}${String(f).padStart(next(2) + 2, '0')}`;
    const programmes = [...INTERVENTION_PROGRAMMES].filter(() => next(3) === 0).slice(0, 4);
    for (const programme of programmes.length > 0 ? programmes : [INTERVENTION_PROGRAMMES[next(INTERVENTION_PROGRAMMES.length)]!]) {
      const unit = costs[next(costs.length)]!;
      out.push({ familyId, desaCode: '6409042001', programme, quantity: 1, unitCostRupiah: unit, costRupiah: unit, priority: next(3), reasons: ['test'], rulesVersion: INTERVENTION_RULES_VERSION });
    }
  }
  return out;
}

async function fundedInSql(items: InterventionProposal[], budget: number) {
  const planId = `parity-${randomUUID()}`;
  return h.orm.em.fork().transactional(async (tx) => {
    const store = createPlanStore(tx);
    await store.insertPlan({ id: planId, campaignId: planId, rulesVersion: INTERVENTION_RULES_VERSION, proposedBy: 'test', budgetRupiah: budget });
    // In pages, in an order unlike the ranking, as the activity writes them.
    for (let start = 0; start < items.length; start += 50) await store.insertProposals(items.slice(start, start + 50).reverse());
    const funding = await store.fund(planId, budget);
    const rows = await tx.getConnection().execute<{ family_id: string; programme: string; rank: number; status: string }[]>(
      'select family_id, programme, rank, status from intervention_item where plan_id = ? order by rank',
      [planId],
      'all',
      tx.getTransactionContext(),
    );
    return { funding, rows: rows.map((r) => ({ familyId: r.family_id, programme: r.programme, rank: Number(r.rank), status: r.status })) };
  });
}

describe('plan ranking and funding in SQL', () => {
  const all = proposals();
  const total = all.reduce((sum, p) => sum + p.costRupiah, 0);

  it.each([
    ['nothing', 0],
    ['a few items', 1_000_000],
    ['about half', Math.floor(total / 2)],
    ['all but the last rupiah', total - 1],
    ['everything', total],
  ])('when the budget covers %s, then the ranks, statuses and totals are those of aggregatePlan', async (_what, budget) => {
    const expected = aggregatePlan(all, budget);
    const actual = await fundedInSql(all, budget);
    expect(actual.rows).toEqual(expected.items.map((i) => ({ familyId: i.familyId, programme: i.programme, rank: i.rank, status: i.status })));
    expect(actual.funding).toEqual({ fundedRupiah: expected.fundedRupiah, deferredRupiah: expected.deferredRupiah });
  });

  it('when there are no proposals at all, then the plan has no items and funds nothing', async () => {
    expect(await fundedInSql([], 1_000_000)).toEqual({ funding: { fundedRupiah: 0, deferredRupiah: 0 }, rows: [] });
  });

  it('then the proposals have ties on every ranking key, and free items', () => {
    const keys = all.map((p) => `${p.priority}|${p.costRupiah}`);
    expect(new Set(keys).size).toBeLessThan(all.length / 10);
    expect(all.some((p) => p.costRupiah === 0)).toBe(true);
    expect(new Set(all.map((p) => p.familyId)).size).toBeLessThan(all.length);
  });
});
