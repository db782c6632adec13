/**
 * The set-based breakdowns of the campaign report, and the pass over the settled families for desil shifts and
 * stunting findings (those follow the verified-data rules in TypeScript, so report, plan and feedback agree).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { boundRows } from '../../db/bound-sql';
import { CHECK_CODES } from '../../db/sql/pre-verification-checks';
import type { CampaignReport } from '../../domain/contracts/campaign';
import { parseIsoDate } from '../../domain/iso-date';
import { familyPages, settle, stuntingAtRisk, type SettlementState } from '../planning/verified-families';

const REPORT_PAGE = 5_000;

export interface DesilShift {
  p3keDesil: number;
  verifiedDesil: number;
  families: number;
}

export interface StuntingFindings {
  /** Families the pre-verification check flagged STUNTING_RISK (P3KE data, every family of the campaign). */
  precheckFlagged: number;
  /** Settled families assessed on verified data at their visit date. */
  assessedInField: number;
  foundInField: number;
  /** Found in the field and flagged by the pre-check. */
  confirmed: number;
  /** Found in the field, not flagged by the pre-check. */
  newlyFound: number;
  /** Flagged by the pre-check, assessed in the field and not at risk there. */
  notConfirmed: number;
}

export interface SettledFindings {
  familiesBySettlement: Record<SettlementState, number>;
  desilShifts: DesilShift[];
  stunting: Omit<StuntingFindings, 'precheckFlagged'>;
}

export function createReportQueries(em: EntityManager) {
  const execute = <T>(sql: string, params: unknown[]): Promise<T[]> => boundRows<T>(em, sql, params);

  return {
    async flagsByCode(campaignId: string): Promise<Record<string, number>> {
      const rows = await execute<{ code: string; n: string }>(
        'select code, count(distinct family_id) as n from family_flag where campaign_id = ? group by code order by code',
        [campaignId],
      );
      return Object.fromEntries(rows.map((r) => [r.code, Number(r.n)]));
    },

    /** Families per mismatch type and desa, on each family's latest result version. */
    async mismatchesByTypeAndDesa(campaignId: string): Promise<Record<string, Record<string, number>>> {
      const rows = await execute<{ type: string; desa_code: string; n: string }>(
        `with latest as (
           select family_id, max(version) as version from field_result where campaign_id = ? group by family_id
         )
         select m.type, m.desa_code, count(distinct m.family_id) as n
         from mismatch m join latest l on l.family_id = m.family_id and l.version = m.version
         where m.campaign_id = ?
         group by m.type, m.desa_code order by m.type, m.desa_code`,
        [campaignId, campaignId],
      );
      const byType: Record<string, Record<string, number>> = {};
      for (const r of rows) (byType[r.type] ??= {})[r.desa_code] = Number(r.n);
      return byType;
    },

    async interventionsByProgram(planId: string): Promise<CampaignReport['interventionsByProgram']> {
      const rows = await execute<{ programme: string; families: string; items: string; cost: string; approved: string; approved_rupiah: string }>(
        `select programme, count(distinct family_id) as families, count(*) as items, sum(cost_rupiah) as cost,
           count(*) filter (where approved) as approved, coalesce(sum(cost_rupiah) filter (where approved), 0) as approved_rupiah
         from intervention_item where plan_id = ? group by programme order by programme`,
        [planId],
      );
      return Object.fromEntries(
        rows.map((r) => [
          r.programme,
          { families: Number(r.families), items: Number(r.items), costRupiah: Number(r.cost), approved: Number(r.approved), approvedRupiah: Number(r.approved_rupiah) },
        ]),
      );
    },

    async planStatus(planId: string): Promise<string | null> {
      const [row] = await execute<{ status: string }>('select status from intervention_plan where id = ?', [planId]);
      return row?.status ?? null;
    },

    async stuntingPrecheckFlagged(campaignId: string): Promise<number> {
      const [row] = await execute<{ n: string }>(
        'select count(distinct family_id) as n from family_flag where campaign_id = ? and code = ?',
        [campaignId, CHECK_CODES.stuntingRisk],
      );
      return Number(row?.n ?? 0);
    },

    /** One pass over every family (paged, without names or NIKs). */
    async settledFindings(campaignId: string, onPage: () => void): Promise<SettledFindings> {
      const familiesBySettlement: Record<SettlementState, number> = {
        unvisited: 0,
        not_verified: 0,
        pending_decision: 0,
        pending_revisit: 0,
        settled: 0,
      };
      const shifts = new Map<string, DesilShift>();
      const stunting = { assessedInField: 0, foundInField: 0, confirmed: 0, newlyFound: 0, notConfirmed: 0 };
      for await (const page of familyPages(em, campaignId, { withIdentity: false, verifiedOnly: false }, REPORT_PAGE)) {
        for (const row of page) {
          const s = settle(row);
          familiesBySettlement[s.state] += 1;
          if (s.state !== 'settled') continue;
          const key = `${row.desil_p3ke}>${s.data.desil}`;
          const shift = shifts.get(key) ?? { p3keDesil: row.desil_p3ke, verifiedDesil: s.data.desil, families: 0 };
          shift.families += 1;
          shifts.set(key, shift);
          if (!parseIsoDate(s.data.visitDate)) continue;
          const atRisk = stuntingAtRisk(s.data, s.data.visitDate);
          stunting.assessedInField += 1;
          if (atRisk) stunting.foundInField += 1;
          if (atRisk && row.stunting_flag) stunting.confirmed += 1;
          if (atRisk && !row.stunting_flag) stunting.newlyFound += 1;
          if (!atRisk && row.stunting_flag) stunting.notConfirmed += 1;
        }
        onPage();
      }
      const desilShifts = [...shifts.values()].sort((a, b) => a.p3keDesil - b.p3keDesil || a.verifiedDesil - b.verifiedDesil);
      return { familiesBySettlement, desilShifts, stunting };
    },
  };
}
