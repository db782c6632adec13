/**
 * The program managers' dashboard: counts per campaign, never a name, NIK or family id. Field progress and
 * mismatches are read set-based from the projections; the desil shift reuses the report's pass over the settled
 * families (activities/closeout/report-queries.ts) and the interventions the plan's totals, so dashboard, report
 * and plan agree on one rule each.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { createReportQueries, type DesilShift } from '../../../activities/closeout/report-queries';
import { DESIL_MAX, DESIL_MIN } from '../../../domain/p3ke/value-lists';
import { findPlan, planTotals } from './plans';
import { num, sql } from './sql';

export interface FieldProgress {
  /** Families stored for the campaign (the snapshot after quarantine). */
  families: number;
  /** Families in a work package of any round. */
  assigned: number;
  /** Families with at least one field result. */
  visited: number;
  packages: Record<string, number>;
  cases: Record<string, number>;
}

export interface DesilShiftSummary {
  /** Families whose verified data is settled: the population both distributions count. */
  settledFamilies: number;
  higher: number;
  lower: number;
  unchanged: number;
  /** For each desil 1–10: settled families by their P3KE desil (before) and by their verified desil (after). */
  byDesil: { desil: number; before: number; after: number }[];
}

export async function fieldProgress(em: EntityManager, campaignId: string): Promise<FieldProgress> {
  const [families] = await sql<{ n: string }>(em, 'select count(*) as n from p3ke_family where campaign_id = ?', [campaignId]);
  const [assigned] = await sql<{ n: string }>(em, 'select count(distinct family_id) as n from package_family where campaign_id = ?', [campaignId]);
  const [visited] = await sql<{ n: string }>(em, 'select count(distinct family_id) as n from field_result where campaign_id = ?', [campaignId]);
  const packages = await sql<{ status: string; n: string }>(em, 'select status, count(*) as n from work_package where campaign_id = ? group by status order by status', [campaignId]);
  const cases = await sql<{ status: string; n: string }>(em, 'select status, count(*) as n from escalation_case where campaign_id = ? group by status order by status', [campaignId]);
  return {
    families: num(families?.n),
    assigned: num(assigned?.n),
    visited: num(visited?.n),
    packages: Object.fromEntries(packages.map((r) => [r.status, num(r.n)])),
    cases: Object.fromEntries(cases.map((r) => [r.status, num(r.n)])),
  };
}

/** Each family's latest result version counts (as in the report): a corrected result replaces the earlier one. */
const LATEST_MISMATCHES = `
  with latest as (select family_id, max(version) as version from field_result where campaign_id = ? group by family_id)
  select m.type, m.desa_code, m.family_id
  from mismatch m join latest l on l.family_id = m.family_id and l.version = m.version
  where m.campaign_id = ?`;

export async function mismatchesByType(em: EntityManager, campaignId: string): Promise<{ type: string; families: number }[]> {
  const rows = await sql<{ type: string; n: string }>(
    em,
    `select type, count(distinct family_id) as n from (${LATEST_MISMATCHES}) x group by type order by count(distinct family_id) desc, type`,
    [campaignId, campaignId],
  );
  return rows.map((r) => ({ type: r.type, families: num(r.n) }));
}

/** Families with at least one mismatch per desa (a family with three mismatch types counts once). */
export async function mismatchesByDesa(em: EntityManager, campaignId: string): Promise<{ desaCode: string; desaName: string; families: number }[]> {
  const rows = await sql<{ desa_code: string; desa_name: string | null; n: string }>(
    em,
    `select x.desa_code, min(f.desa_kelurahan) as desa_name, count(distinct x.family_id) as n
     from (${LATEST_MISMATCHES}) x
     left join p3ke_family f on f.campaign_id = ? and f.id_keluarga_p3ke = x.family_id
     group by x.desa_code order by count(distinct x.family_id) desc, x.desa_code`,
    [campaignId, campaignId, campaignId],
  );
  return rows.map((r) => ({ desaCode: r.desa_code, desaName: r.desa_name ?? r.desa_code, families: num(r.n) }));
}

export function summariseDesilShifts(shifts: readonly DesilShift[]): DesilShiftSummary {
  const byDesil = Array.from({ length: DESIL_MAX - DESIL_MIN + 1 }, (_, i) => ({ desil: DESIL_MIN + i, before: 0, after: 0 }));
  const summary: DesilShiftSummary = { settledFamilies: 0, higher: 0, lower: 0, unchanged: 0, byDesil };
  for (const s of shifts) {
    summary.settledFamilies += s.families;
    if (s.verifiedDesil > s.p3keDesil) summary.higher += s.families;
    else if (s.verifiedDesil < s.p3keDesil) summary.lower += s.families;
    else summary.unchanged += s.families;
    const before = byDesil[s.p3keDesil - DESIL_MIN];
    const after = byDesil[s.verifiedDesil - DESIL_MIN];
    if (before) before.before += s.families;
    if (after) after.after += s.families;
  }
  return summary;
}

/** One pass over every family of the campaign (paged, without identities): the expensive part of the dashboard. */
export async function desilShift(em: EntityManager, campaignId: string): Promise<DesilShiftSummary> {
  const findings = await createReportQueries(em).settledFindings(campaignId, () => undefined);
  return summariseDesilShifts(findings.desilShifts);
}

export async function interventionsByProgramme(em: EntityManager, campaignId: string) {
  const plan = await findPlan(em, campaignId);
  if (!plan) return { planStatus: null, programmes: [] };
  const { byProgramme } = await planTotals(em, plan.id);
  return {
    planStatus: plan.status,
    programmes: byProgramme.map((p) => ({
      programme: p.programme,
      families: p.families,
      items: p.items,
      costRupiah: p.costRupiah,
      approvedItems: p.approvedItems,
      approvedRupiah: p.approvedRupiah,
    })),
  };
}
