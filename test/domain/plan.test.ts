import { aggregatePlan, rankProposals, type InterventionProposal } from '../../domain/interventions';

const item = (overrides: Partial<InterventionProposal>): InterventionProposal => ({
  familyId: 'F-0001',
  desaCode: '6409042001',
  programme: 'sembako',
  quantity: 1,
  unitCostRupiah: 1_000_000,
  costRupiah: 1_000_000,
  priority: 50,
  reasons: [],
  rulesVersion: 'interventions-2026.1',
  ...overrides,
});

describe('rankProposals', () => {
  it('when priorities differ, then the highest comes first', () => {
    const ranked = rankProposals([item({ familyId: 'A', priority: 10 }), item({ familyId: 'B', priority: 90 })]);

    expect(ranked.map((i) => i.familyId)).toEqual(['B', 'A']);
  });

  it('when priorities tie, then the cheaper item comes first, then familyId, then catalogue order', () => {
    const ranked = rankProposals([
      item({ familyId: 'B', programme: 'pkh' }),
      item({ familyId: 'A', programme: 'sembako' }),
      item({ familyId: 'A', programme: 'pkh' }),
      item({ familyId: 'C', costRupiah: 500_000 }),
    ]);

    expect(ranked.map((i) => `${i.familyId}:${i.programme}`)).toEqual(['C:sembako', 'A:pkh', 'A:sembako', 'B:pkh']);
  });
});

describe('aggregatePlan', () => {
  const proposals = [
    item({ familyId: 'F-1', priority: 90, costRupiah: 5_000_000, programme: 'sanitation' }),
    item({ familyId: 'F-2', priority: 80, costRupiah: 20_000_000, programme: 'bsps_rtlh', desaCode: '6409042002' }),
    item({ familyId: 'F-3', priority: 70, costRupiah: 2_400_000, programme: 'sembako' }),
    item({ familyId: 'F-4', priority: 70, costRupiah: 2_400_000, programme: 'sembako' }),
  ];

  it('when the cap covers everything, then all items are funded and totals are per desa and programme', () => {
    const plan = aggregatePlan(proposals, 100_000_000);

    expect(plan).toMatchObject({ fundedRupiah: 29_800_000, deferredRupiah: 0, remainingRupiah: 70_200_000, rulesVersion: 'interventions-2026.1' });
    expect(plan.items.every((i) => i.status === 'funded')).toBe(true);
    expect(plan.totals).toEqual([
      { desaCode: '6409042001', programme: 'sembako', items: 2, quantity: 2, fundedItems: 2, deferredItems: 0, fundedRupiah: 4_800_000, deferredRupiah: 0 },
      { desaCode: '6409042001', programme: 'sanitation', items: 1, quantity: 1, fundedItems: 1, deferredItems: 0, fundedRupiah: 5_000_000, deferredRupiah: 0 },
      { desaCode: '6409042002', programme: 'bsps_rtlh', items: 1, quantity: 1, fundedItems: 1, deferredItems: 0, fundedRupiah: 20_000_000, deferredRupiah: 0 },
    ]);
  });

  it('when an item does not fit under strict priority, then it and everything ranked after it are deferred', () => {
    // Arrange: 9 M covers F-1 (5 M) but not F-2 (20 M); F-3 would fit but ranks after F-2
    const plan = aggregatePlan(proposals, 9_000_000);

    expect(plan.items.map((i) => [i.rank, i.familyId, i.status])).toEqual([
      [1, 'F-1', 'funded'],
      [2, 'F-2', 'deferred'],
      [3, 'F-3', 'deferred'],
      [4, 'F-4', 'deferred'],
    ]);
    expect(plan).toMatchObject({ fillMode: 'strict_priority', fundedRupiah: 5_000_000, deferredRupiah: 24_800_000, remainingRupiah: 4_000_000 });
  });

  it('when fill_remaining is chosen, then lower-ranked items that still fit are funded', () => {
    // Arrange: after F-1 (5 M), F-3 (2.4 M) fits in 9 M, F-4 (another 2.4 M) no longer does
    const plan = aggregatePlan(proposals, 9_000_000, 'fill_remaining');

    expect(plan.items.map((i) => [i.familyId, i.status])).toEqual([
      ['F-1', 'funded'],
      ['F-2', 'deferred'],
      ['F-3', 'funded'],
      ['F-4', 'deferred'],
    ]);
    expect(plan.fundedRupiah).toBe(7_400_000);
  });

  it('when the cap is exactly the cost, then the item is funded (the cap is inclusive)', () => {
    expect(aggregatePlan([item({ costRupiah: 3_000_000 })], 3_000_000).items[0]!.status).toBe('funded');
  });

  it('when the cap is zero, then everything is deferred', () => {
    const plan = aggregatePlan(proposals, 0);

    expect(plan.items.every((i) => i.status === 'deferred')).toBe(true);
    expect(plan.remainingRupiah).toBe(0);
  });

  it('when the same proposals arrive in any order, then the plan is identical', () => {
    const shuffled = [proposals[2]!, proposals[0]!, proposals[3]!, proposals[1]!];

    expect(aggregatePlan(shuffled, 10_000_000)).toEqual(aggregatePlan(proposals, 10_000_000));
    expect(aggregatePlan([...proposals].reverse(), 10_000_000, 'fill_remaining')).toEqual(aggregatePlan(proposals, 10_000_000, 'fill_remaining'));
  });

  it.each([
    ['a fractional cap', [item({})], 1_000_000.5],
    ['a negative cap', [item({})], -1],
    ['a fractional cost', [item({ costRupiah: 999.99 })], 1_000_000],
    ['an unsafe integer cost', [item({ costRupiah: Number.MAX_SAFE_INTEGER + 1 })], 1_000_000],
  ])('when given %s, then it throws a RangeError (money is whole rupiah)', (_case, items, cap) => {
    expect(() => aggregatePlan(items, cap)).toThrow(RangeError);
  });

  it('when there are no proposals, then the plan is empty and the whole budget remains', () => {
    expect(aggregatePlan([], 1_000)).toMatchObject({ items: [], totals: [], fundedRupiah: 0, remainingRupiah: 1_000 });
  });
});
