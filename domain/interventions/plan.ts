/**
 * Turns proposals into a plan under a budget cap: which items are funded, which deferred, and totals per desa and
 * programme. Money is whole rupiah; every amount is checked to be a safe integer, so sums are exact.
 *
 * Ranking (fully deterministic, the same input always gives the same plan in any input order):
 *   1. priority, highest first;
 *   2. cost, cheapest first (at equal urgency, reach more families);
 *   3. familyId, ascending (code-unit order);
 *   4. catalogue order of the programme.
 * Funding walks the ranking. 'strict_priority' (default) stops at the first item that does not fit and defers it
 * and everything after it: no item is funded ahead of a higher-ranked one, which is easy to defend in a
 * musyawarah. 'fill_remaining' skips an item that does not fit and keeps going, using the budget more fully.
 */
import { catalogueIndex, type InterventionProgramme } from './catalogue';
import { INTERVENTION_RULES_VERSION, type InterventionProposal } from './propose';

export type PlanFillMode = 'strict_priority' | 'fill_remaining';

export interface PlanItem extends InterventionProposal {
  status: 'funded' | 'deferred';
  /** 1-based position in the ranking. */
  rank: number;
}

export interface PlanTotal {
  desaCode: string;
  programme: InterventionProgramme;
  items: number;
  quantity: number;
  fundedItems: number;
  deferredItems: number;
  fundedRupiah: number;
  deferredRupiah: number;
}

export interface InterventionPlan {
  rulesVersion: typeof INTERVENTION_RULES_VERSION;
  fillMode: PlanFillMode;
  budgetCapRupiah: number;
  fundedRupiah: number;
  deferredRupiah: number;
  remainingRupiah: number;
  /** In ranking order. */
  items: PlanItem[];
  /** Sorted by desa code, then catalogue order. */
  totals: PlanTotal[];
}

export function rankProposals(items: readonly InterventionProposal[]): InterventionProposal[] {
  return [...items].sort(
    (a, b) =>
      b.priority - a.priority ||
      a.costRupiah - b.costRupiah ||
      compareCodeUnits(a.familyId, b.familyId) ||
      catalogueIndex(a.programme) - catalogueIndex(b.programme),
  );
}

export function aggregatePlan(
  items: readonly InterventionProposal[],
  budgetCapRupiah: number,
  fillMode: PlanFillMode = 'strict_priority',
): InterventionPlan {
  assertRupiah('budgetCapRupiah', budgetCapRupiah);
  items.forEach((item) => assertRupiah(`costRupiah of ${item.programme} for family ${item.familyId}`, item.costRupiah));

  let spent = 0;
  let stopped = false;
  const planned: PlanItem[] = rankProposals(items).map((item, index) => {
    const fits = !stopped && spent + item.costRupiah <= budgetCapRupiah;
    if (fits) spent += item.costRupiah;
    else if (fillMode === 'strict_priority') stopped = true;
    return { ...item, status: fits ? 'funded' : 'deferred', rank: index + 1 };
  });

  const deferred = planned.filter((i) => i.status === 'deferred').reduce((sum, i) => sum + i.costRupiah, 0);
  return {
    rulesVersion: INTERVENTION_RULES_VERSION,
    fillMode,
    budgetCapRupiah,
    fundedRupiah: spent,
    deferredRupiah: deferred,
    remainingRupiah: budgetCapRupiah - spent,
    items: planned,
    totals: totalsByDesaAndProgramme(planned),
  };
}

function totalsByDesaAndProgramme(items: readonly PlanItem[]): PlanTotal[] {
  const totals = new Map<string, PlanTotal>();
  for (const item of items) {
    const key = `${item.desaCode}|${item.programme}`;
    let total = totals.get(key);
    if (!total) {
      total = {
        desaCode: item.desaCode,
        programme: item.programme,
        items: 0,
        quantity: 0,
        fundedItems: 0,
        deferredItems: 0,
        fundedRupiah: 0,
        deferredRupiah: 0,
      };
      totals.set(key, total);
    }
    total.items += 1;
    total.quantity += item.quantity;
    if (item.status === 'funded') {
      total.fundedItems += 1;
      total.fundedRupiah += item.costRupiah;
    } else {
      total.deferredItems += 1;
      total.deferredRupiah += item.costRupiah;
    }
  }
  return [...totals.values()].sort(
    (a, b) => compareCodeUnits(a.desaCode, b.desaCode) || catalogueIndex(a.programme) - catalogueIndex(b.programme),
  );
}

/** Locale-independent string order, so a plan does not depend on the machine's ICU data. */
function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Money is whole, non-negative rupiah, small enough to add exactly (RangeError otherwise). */
export function assertRupiah(what: string, amount: number): void {
  if (!Number.isSafeInteger(amount) || amount < 0) {
    throw new RangeError(`${what} must be a whole, non-negative number of rupiah, got ${amount}`);
  }
}
