/** The intervention plan of a campaign and its totals by programme and by desa (counts and rupiah only). */
import type { EntityManager } from '@mikro-orm/postgresql';
import { InterventionPlanSchema, type InterventionPlanRow } from '../../../db/entities/intervention-plan.entity';
import { interventionPlanId } from '../../../activities/planning/plan-store';
import { iso, num, sql } from './sql';

export interface PlanTotals {
  families: number;
  items: number;
  costRupiah: number;
  fundedItems: number;
  fundedRupiah: number;
  approvedItems: number;
  approvedRupiah: number;
}

const TOTALS = `count(distinct family_id) as families, count(*) as items, coalesce(sum(cost_rupiah), 0) as cost,
  count(*) filter (where status = 'funded') as funded_items, coalesce(sum(cost_rupiah) filter (where status = 'funded'), 0) as funded,
  count(*) filter (where approved) as approved_items, coalesce(sum(cost_rupiah) filter (where approved), 0) as approved`;

type TotalsRow = { families: string; items: string; cost: string; funded_items: string; funded: string; approved_items: string; approved: string };

const totals = (r: TotalsRow | undefined): PlanTotals => ({
  families: num(r?.families),
  items: num(r?.items),
  costRupiah: num(r?.cost),
  fundedItems: num(r?.funded_items),
  fundedRupiah: num(r?.funded),
  approvedItems: num(r?.approved_items),
  approvedRupiah: num(r?.approved),
});

export function findPlan(em: EntityManager, campaignId: string): Promise<InterventionPlanRow | null> {
  return em.findOne(InterventionPlanSchema, { id: interventionPlanId(campaignId) });
}

export async function planTotals(em: EntityManager, planId: string) {
  const [all] = await sql<TotalsRow>(em, `select ${TOTALS} from intervention_item where plan_id = ?`, [planId]);
  const byProgramme = await sql<TotalsRow & { programme: string }>(em, `select programme, ${TOTALS} from intervention_item where plan_id = ? group by programme order by programme`, [planId]);
  const byDesa = await sql<TotalsRow & { desa_code: string }>(em, `select desa_code, ${TOTALS} from intervention_item where plan_id = ? group by desa_code order by desa_code`, [planId]);
  return {
    totals: totals(all),
    byProgramme: byProgramme.map((r) => ({ programme: r.programme, ...totals(r) })),
    byDesa: byDesa.map((r) => ({ desaCode: r.desa_code, ...totals(r) })),
  };
}

export const planView = (p: InterventionPlanRow) => ({
  planId: p.id,
  campaignId: p.campaignId,
  status: p.status,
  rulesVersion: p.rulesVersion,
  proposedBy: p.proposedBy,
  budgetRupiah: p.budgetRupiah,
  fundedRupiah: p.fundedRupiah,
  deferredRupiah: p.deferredRupiah,
  approvedRupiah: p.approvedRupiah,
  approvedProgrammes: p.approvedProgrammes ?? null,
  decidedBy: p.decidedBy ?? null,
  reason: p.reason ?? null,
  proposedAt: iso(p.proposedAt) ?? '',
  decidedAt: iso(p.decidedAt),
});
