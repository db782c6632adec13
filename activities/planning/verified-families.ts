/**
 * What a campaign settled about each family, read set-based (one query per page of families, never one per
 * family) for the intervention plan, the feedback files and the report, so the three agree on one rule:
 *
 *  - The LATEST field result version of a family counts; without one the family is 'unvisited'.
 *  - A latest result other than 'verified' (not found, moved...) settles nothing about the family's data.
 *  - A verified latest result is SETTLED unless its escalation case is open ('pending_decision') or was decided
 *    'revisit' on that very result ('pending_revisit').
 *  - A case decision rules on the result version it was made on (escalation_case.field_result_version). A later
 *    result with no case of its own stands on its own: field data and P3KE desil, as if there were no case.
 *  - keep_p3ke: housing, members and enrolment come from P3KE (see p3keData below); desil is the P3KE desil.
 *  - accept_field: the field's members, housing and enrolment; desil is the one the field housing implies
 *    (impliedDesil), or the P3KE desil when the proxy implies none.
 *  - no applicable decision: the field's members, housing and enrolment with the P3KE desil. The desil proxy
 *    is a stand-in for BPS's model, so only a person's accept_field moves a family to another desil.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { boundRows } from '../../db/bound-sql';
import { CHECK_CODES } from '../../db/sql/pre-verification-checks';
import { FAILURE_TYPES } from '../../domain/contracts/errors';
import { HOUSING_INDICATORS, impliedDesil } from '../../domain/desil-proxy';
import type { FieldHousing, FieldProgrammeEnrolment } from '../../domain/field-result';
import type { VerifiedFamily } from '../../domain/interventions';
import { assessStuntingRisk, type StuntingMemberFacts } from '../../domain/stunting';
import { FIELD_PROGRAMMES, type VisitOutcome } from '../../domain/p3ke/value-lists';

/** A member as the verified data knows them; nik and nama only when identities were asked for (feedback). */
export interface VerifiedMember extends StuntingMemberFacts {
  nik?: string;
  nama?: string;
}

/** One family as read from PostgreSQL: the P3KE record, its latest result, its case and its mismatches. */
export interface FamilyRow {
  family_id: string;
  kode_kemendagri: string;
  desil_p3ke: number;
  kepala_keluarga?: string;
  alamat?: string;
  p3ke_housing: FieldHousing;
  penerima_pkh: boolean;
  penerima_sembako: boolean;
  penerima_bpnt: boolean;
  resiko_stunting: boolean;
  /** The pre-verification check found the family at stunting risk (family_flag STUNTING_RISK). */
  stunting_flag: boolean;
  version: number | null;
  outcome: VisitOutcome | null;
  field_housing: FieldHousing | null;
  field_programmes: FieldProgrammeEnrolment | null;
  field_members: VerifiedMember[] | null;
  visited_at: string | null;
  case_status: string | null;
  case_decision: string | null;
  case_version: number | null;
  /** Mismatch types of the latest version, sorted. */
  mismatch_types: string[];
  /** Only when a keep_p3ke decision rules on the latest result. */
  p3ke_members: VerifiedMember[] | null;
}

export type SettlementState = 'unvisited' | 'not_verified' | 'pending_decision' | 'pending_revisit' | 'settled';

export interface VerifiedData {
  source: 'field' | 'p3ke';
  desil: number;
  housing: FieldHousing;
  members: VerifiedMember[];
  enrolment: FieldProgrammeEnrolment;
  /** Date part of the visit as recorded on the device: the reference date of the field's observations. */
  visitDate: string;
}

export type Settlement = { state: Exclude<SettlementState, 'settled'> } | { state: 'settled'; data: VerifiedData };

export interface FamilyQueryOptions {
  /** Names, NIKs and addresses: the feedback file only. The plan and the report work without them. */
  withIdentity: boolean;
  /** Only families whose latest result is 'verified' (the plan). */
  verifiedOnly: boolean;
}

/** The decision that rules on the latest result, if any (see the header). */
export function applicableDecision(row: FamilyRow): string | null {
  if (row.case_status !== 'decided' || row.version === null || row.case_version === null) return null;
  return row.case_version >= row.version ? row.case_decision : null;
}

export function settle(row: FamilyRow): Settlement {
  if (row.outcome === null) return { state: 'unvisited' };
  if (row.outcome !== 'verified') return { state: 'not_verified' };
  if (row.case_status === 'open') return { state: 'pending_decision' };
  const decision = applicableDecision(row);
  if (decision === 'revisit') return { state: 'pending_revisit' };
  const visitDate = (row.visited_at ?? '').slice(0, 10);
  if (decision === 'keep_p3ke') return { state: 'settled', data: { ...p3keData(row), visitDate } };

  const { field_housing: housing, field_programmes: enrolment, field_members: members } = row;
  if (!housing || !enrolment || !Array.isArray(members)) {
    // The submission schema makes these required for 'verified': a row without them was written by a bug.
    throw ApplicationFailure.nonRetryable(
      `field result version ${row.version} of family ${row.family_id} is 'verified' but lacks members, housing or programmes`,
      FAILURE_TYPES.invalidInput,
    );
  }
  const desil = decision === 'accept_field' ? (impliedDesil(housing)?.desil ?? row.desil_p3ke) : row.desil_p3ke;
  return { state: 'settled', data: { source: 'field', desil, housing, members, enrolment, visitDate } };
}

/**
 * keep_p3ke: the P3KE record mapped onto the field shapes. Housing: the nine P3KE columns carry the field's names
 * and value lists one to one. Members: p3ke_individual's sex, birth date, relationship and pregnancy (hamil).
 * Enrolment: pkh = penerima_pkh, sembako_bpnt = penerima_sembako or penerima_bpnt; P3KE has no column for PIP/KIP,
 * PBI-JKN, BSPS/RTLH, Prakerja, KUR or BLT Dana Desa, so those read "not enrolled" and may be proposed (the
 * musyawarah desa checks); penerima_bst and penerima_bpum have no intervention counterpart and are not used.
 */
function p3keData(row: FamilyRow): Omit<VerifiedData, 'visitDate'> {
  const enrolment = Object.fromEntries(FIELD_PROGRAMMES.map((p) => [p, false])) as FieldProgrammeEnrolment;
  enrolment.pkh = row.penerima_pkh;
  enrolment.sembako_bpnt = row.penerima_sembako || row.penerima_bpnt;
  return { source: 'p3ke', desil: row.desil_p3ke, housing: row.p3ke_housing, members: row.p3ke_members ?? [], enrolment };
}

/** The intervention rules' input; stunting risk assessed on the verified members and housing. */
export function toVerifiedFamily(row: FamilyRow, data: VerifiedData, referenceDate: string): VerifiedFamily {
  return {
    familyId: row.family_id,
    desaCode: row.kode_kemendagri,
    desil: data.desil,
    housing: data.housing,
    members: data.members,
    enrolment: data.enrolment,
    stuntingAtRisk: stuntingAtRisk(data, referenceDate),
  };
}

export function stuntingAtRisk(data: VerifiedData, referenceDate: string): boolean {
  const { members, housing } = data;
  return assessStuntingRisk({ members, sumber_air_minum: housing.sumber_air_minum, fasilitas_bab: housing.fasilitas_bab }, referenceDate)
    .atRisk;
}

/**
 * Pages of families in id order (keyset pagination on the primary key). `pageSize` null reads every family in
 * one query (the plan needs them all in memory anyway).
 */
export async function* familyPages(
  em: EntityManager,
  campaignId: string,
  options: FamilyQueryOptions,
  pageSize: number | null,
): AsyncGenerator<FamilyRow[]> {
  const sql = familySql(options, pageSize !== null);
  let after: string | null = null;
  for (;;) {
    const params: unknown[] = pageSize === null ? [campaignId] : [campaignId, after ?? '', pageSize];
    const rows = await boundRows<FamilyRow>(em, sql, params);
    if (rows.length > 0) yield rows.map(normalise);
    if (pageSize === null || rows.length < pageSize) return;
    after = rows[rows.length - 1]!.family_id;
  }
}

function normalise(row: FamilyRow): FamilyRow {
  return {
    ...row,
    desil_p3ke: Number(row.desil_p3ke),
    version: row.version === null ? null : Number(row.version),
    case_version: row.case_version === null ? null : Number(row.case_version),
  };
}

/**
 * Every per-family lookup is a correlated (lateral) probe of a primary-key index: right after the field phase
 * the planner's statistics are stale, and a plain join was planned as a nested loop over every case of the
 * campaign for every family (75 million comparisons a page at 60,000 families).
 */
function familySql(o: FamilyQueryOptions, paged: boolean): string {
  const p3keHousing = HOUSING_INDICATORS.map((c) => `'${c}', f.${c}`).join(', ');
  const identity = (alias: string) => (o.withIdentity ? `'nik', ${alias}.nik, 'nama', ${alias}.nama, ` : '');
  const p3keMember = `jsonb_build_object(${identity('i')}'jenis_kelamin', i.jenis_kelamin,
      'tanggal_lahir', to_char(i.tanggal_lahir, 'YYYY-MM-DD'),
      'hubungan_dengan_kepala_keluarga', i.hubungan_dengan_kepala_keluarga, 'hamil', i.hamil)`;
  // Without identities, NIK and name are dropped in PostgreSQL: they never reach the worker's memory.
  const fieldMembers = o.withIdentity
    ? `r.payload->'members'`
    : `(select jsonb_agg(e.m - 'nik' - 'nama' order by e.n) from jsonb_array_elements(r.payload->'members') with ordinality e(m, n))`;
  return `
    select f.id_keluarga_p3ke as family_id, f.kode_kemendagri, f.desil_kesejahteraan as desil_p3ke,
      ${o.withIdentity ? 'f.kepala_keluarga, f.alamat,' : ''}
      jsonb_build_object(${p3keHousing}) as p3ke_housing,
      f.penerima_pkh, f.penerima_sembako, f.penerima_bpnt, f.resiko_stunting,
      exists (select 1 from family_flag ff where ff.campaign_id = f.campaign_id and ff.family_id = f.id_keluarga_p3ke
              and ff.code = '${CHECK_CODES.stuntingRisk}') as stunting_flag,
      r.version, r.outcome, r.payload->'housing' as field_housing, r.payload->'programmes' as field_programmes,
      r.payload->>'visitedAt' as visited_at, ${fieldMembers} as field_members,
      c.status as case_status, c.decision as case_decision, c.field_result_version as case_version,
      (select coalesce(jsonb_agg(m.type order by m.type), '[]'::jsonb) from mismatch m
        where m.campaign_id = f.campaign_id and m.family_id = f.id_keluarga_p3ke and m.version = r.version) as mismatch_types,
      pm.members as p3ke_members
    from p3ke_family f
    left join lateral (
      select fr.version, fr.outcome, fr.payload from field_result fr
      where fr.campaign_id = f.campaign_id and fr.family_id = f.id_keluarga_p3ke
      order by fr.version desc limit 1
    ) r on true
    left join lateral (
      select ec.status, ec.decision, ec.field_result_version from escalation_case ec
      where ec.campaign_id = f.campaign_id and ec.family_id = f.id_keluarga_p3ke
      limit 1 -- the primary key allows one row; the limit keeps the planner from flattening this into a join
    ) c on true
    left join lateral (
      select jsonb_agg(${p3keMember} order by i.source_position) as members
      from p3ke_individual i
      where i.campaign_id = f.campaign_id and i.id_keluarga_p3ke = f.id_keluarga_p3ke
        and c.status = 'decided' and c.decision = 'keep_p3ke' and c.field_result_version >= r.version
    ) pm on true
    where f.campaign_id = ? ${o.verifiedOnly ? `and r.outcome = 'verified'` : ''} ${paged ? 'and f.id_keluarga_p3ke > ?' : ''}
    order by f.id_keluarga_p3ke
    ${paged ? 'limit ?' : ''}`;
}
