/** The supervisors' queue: the escalation_case projection, filtered by the user's area in SQL. */
import type { EntityManager } from '@mikro-orm/postgresql';
import { EscalationCaseSchema, type EscalationCase } from '../../../db/entities/escalation-case.entity';
import type { AreaScope } from '../auth/area-scope';
import { iso, jsonList, sql } from './sql';

export interface CaseView {
  campaignId: string;
  familyId: string;
  packageId: string;
  kecamatanCode: string;
  desaCode: string;
  fieldResultVersion: number;
  mismatchTypes: string[];
  severitySum: number;
  level: string;
  status: string;
  decision: string | null;
  decidedBy: string | null;
  decidedRole: string | null;
  reason: string | null;
  openedAt: string;
  escalatedAt: string | null;
  decidedAt: string | null;
  path: string;
}

export const casePath = (campaignId: string, familyId: string): string =>
  `/escalations/${encodeURIComponent(campaignId)}/${encodeURIComponent(familyId)}/decision`;

interface CaseRow {
  campaign_id: string;
  family_id: string;
  package_id: string;
  kecamatan_code: string;
  desa_code: string;
  field_result_version: number;
  mismatch_types: string[];
  severity_sum: number;
  level: string;
  status: string;
  decision: string | null;
  decided_by: string | null;
  decided_role: string | null;
  reason: string | null;
  opened_at: Date;
  escalated_at: Date | null;
  decided_at: Date | null;
}

const view = (r: CaseRow): CaseView => ({
  campaignId: r.campaign_id,
  familyId: r.family_id,
  packageId: r.package_id,
  kecamatanCode: r.kecamatan_code,
  desaCode: r.desa_code,
  fieldResultVersion: r.field_result_version,
  mismatchTypes: r.mismatch_types,
  severitySum: r.severity_sum,
  level: r.level,
  status: r.status,
  decision: r.decision,
  decidedBy: r.decided_by,
  decidedRole: r.decided_role,
  reason: r.reason,
  openedAt: iso(r.opened_at) ?? '',
  escalatedAt: iso(r.escalated_at),
  decidedAt: iso(r.decided_at),
  path: casePath(r.campaign_id, r.family_id),
});

export async function listCases(em: EntityManager, scope: AreaScope, filter: { status: 'open' | 'decided' | 'all'; campaignId?: string | undefined; limit: number }): Promise<CaseView[]> {
  const rows = await sql<CaseRow>(
    em,
    `select campaign_id, family_id, package_id, kecamatan_code, desa_code, field_result_version, mismatch_types, severity_sum,
            level, status, decision, decided_by, decided_role, reason, opened_at, escalated_at, decided_at
     from escalation_case
     where (?::text = 'all' or status = ?)
       and (?::text is null or campaign_id = ?)
       and (?::boolean
            or kecamatan_code in (select json_array_elements_text(?::json))
            or desa_code in (select json_array_elements_text(?::json)))
     order by opened_at, campaign_id, family_id
     limit ?`,
    [filter.status, filter.status, filter.campaignId ?? null, filter.campaignId ?? null, scope.allAreas, jsonList(scope.kecamatanCodes), jsonList(scope.desaCodes), filter.limit],
  );
  return rows.map(view);
}

export function findCase(em: EntityManager, campaignId: string, familyId: string): Promise<EscalationCase | null> {
  return em.findOne(EscalationCaseSchema, { campaignId, familyId });
}
