/**
 * The pre-verification checks: each is one INSERT … SELECT into family_flag over a whole campaign (set-based,
 * never row by row). Codes, severities and reasons are listed in docs/RULES.md; reasons carry codes and counts,
 * never personal data. Every statement takes the same named inputs, bound in the order its text asks for them.
 */
import { impliedDesilSql } from './desil-proxy-sql';
import { stuntingAssessmentSql } from './stunting-sql';

export const CHECK_CODES = {
  nikStructure: 'NIK_STRUCTURE_INVALID',
  nikPrefixUnknown: 'NIK_PREFIX_UNKNOWN',
  nikSexMismatch: 'NIK_SEX_MISMATCH',
  nikBirthDateMismatch: 'NIK_BIRTH_DATE_MISMATCH',
  nikDuplicate: 'NIK_DUPLICATE',
  notMatchedDukcapil: 'NOT_MATCHED_DUKCAPIL',
  headCount: 'HEAD_COUNT_INVALID',
  noMembers: 'FAMILY_WITHOUT_MEMBERS',
  headAge: 'HEAD_AGE_IMPLAUSIBLE',
  childAge: 'CHILD_AGE_IMPLAUSIBLE',
  headNikDiffers: 'HEAD_NIK_DIFFERS',
  desilHousing: 'DESIL_HOUSING_INCONSISTENT',
  regionOutside: 'REGION_OUTSIDE_AREA',
  stuntingRisk: 'STUNTING_RISK',
  stuntingNotRecorded: 'STUNTING_RISK_NOT_RECORDED',
} as const;
export type CheckCode = (typeof CHECK_CODES)[keyof typeof CHECK_CODES];

export interface CheckParams {
  campaignId: string;
  referenceDate: string;
  regionCodes: string[];
  /** Implied and recorded desil may differ by this much before it is a flag. */
  desilTolerance: number;
  headMinAge: number;
  headMaxAge: number;
  /** A child (anak) born less than this many years after the head is implausible. */
  minParentChildGapYears: number;
}

type Input = keyof CheckParams;
interface CheckStatement {
  code: CheckCode;
  sql: string;
  inputs: Input[];
}

const INSERT = 'insert into family_flag (campaign_id, family_id, code, individual_id, severity, reason)';
const C = CHECK_CODES;

/** Individual-level NIK checks read the NIK once per row through the functions of migration nik_rules. */
const individual = (code: CheckCode, severity: number, reason: string, where: string): CheckStatement => ({
  code,
  sql: `${INSERT}
    select i.campaign_id, i.id_keluarga_p3ke, '${code}', i.id_individu, ${severity}, ${reason}
    from p3ke_individual i cross join (select ?::date as ref) r
    where i.campaign_id = ? and ${where}
    on conflict do nothing`,
  inputs: ['referenceDate', 'campaignId'],
});

export function checkStatements(): CheckStatement[] {
  const validNik = 'verivali_nik_problem(i.nik, r.ref) is null';
  return [
    individual(C.nikStructure, 4, `'NIK structure: ' || verivali_nik_problem(i.nik, r.ref)`, 'verivali_nik_problem(i.nik, r.ref) is not null'),
    individual(C.nikPrefixUnknown, 1, `'NIK region prefix is not in the 2025 Kemendagri list (older codes exist: a warning)'`,
      `${validNik} and not exists (select 1 from ref_kecamatan k where k.code = left(i.nik, 6))`),
    individual(C.nikSexMismatch, 3, `'sex implied by the NIK differs from jenis_kelamin'`, `${validNik} and verivali_nik_sex(i.nik) <> i.jenis_kelamin`),
    // DD, MM and YY only, as nikContradictions() compares them: the NIK carries no century, and the century the
    // reference date suggests is wrong for anyone aged 100 or more, whose NIK would otherwise always "differ".
    individual(C.nikBirthDateMismatch, 3, `'birth date implied by the NIK differs from tanggal_lahir'`,
      `${validNik} and to_char(verivali_nik_birth_date(i.nik, r.ref), 'DDMMYY') <> to_char(i.tanggal_lahir, 'DDMMYY')`),
    individual(C.notMatchedDukcapil, 2, `'not matched with the Dukcapil civil registry (padan_dukcapil = false)'`, 'not i.padan_dukcapil'),
    {
      code: C.nikDuplicate,
      sql: `${INSERT}
        select i.campaign_id, i.id_keluarga_p3ke, '${C.nikDuplicate}', i.id_individu, 5,
               'the same NIK appears in ' || d.families || ' families'
        from p3ke_individual i
        join (select nik, count(distinct id_keluarga_p3ke) as families from p3ke_individual
              where campaign_id = ? group by nik having count(distinct id_keluarga_p3ke) > 1) d on d.nik = i.nik
        where i.campaign_id = ?
        on conflict do nothing`,
      inputs: ['campaignId', 'campaignId'],
    },
    {
      code: C.noMembers,
      sql: `${INSERT}
        select f.campaign_id, f.id_keluarga_p3ke, '${C.noMembers}', '', 4, 'no individual of the snapshot belongs to this family'
        from p3ke_family f
        where f.campaign_id = ? and not exists (select 1 from p3ke_individual i where i.campaign_id = f.campaign_id and i.id_keluarga_p3ke = f.id_keluarga_p3ke)
        on conflict do nothing`,
      inputs: ['campaignId'],
    },
    {
      code: C.headCount,
      sql: `${INSERT}
        select i.campaign_id, i.id_keluarga_p3ke, '${C.headCount}', '', 4, count(*) filter (where i.hubungan_dengan_kepala_keluarga = 'kepala_keluarga') || ' family heads instead of exactly one'
        from p3ke_individual i where i.campaign_id = ?
        group by i.campaign_id, i.id_keluarga_p3ke
        having count(*) filter (where i.hubungan_dengan_kepala_keluarga = 'kepala_keluarga') <> 1
        on conflict do nothing`,
      inputs: ['campaignId'],
    },
    {
      code: C.headAge,
      sql: `${INSERT}
        select i.campaign_id, i.id_keluarga_p3ke, '${C.headAge}', i.id_individu, 3, 'family head aged ' || extract(year from age(r.ref, i.tanggal_lahir))::int
        from p3ke_individual i cross join (select ?::date as ref) r
        where i.campaign_id = ? and i.hubungan_dengan_kepala_keluarga = 'kepala_keluarga'
          and (i.tanggal_lahir > r.ref or extract(year from age(r.ref, i.tanggal_lahir)) not between ? and ?)
        on conflict do nothing`,
      inputs: ['referenceDate', 'campaignId', 'headMinAge', 'headMaxAge'],
    },
    {
      code: C.childAge,
      sql: `${INSERT}
        select c.campaign_id, c.id_keluarga_p3ke, '${C.childAge}', c.id_individu, 2, 'child born less than ' || ?::int || ' years after the family head'
        from p3ke_individual c
        join p3ke_individual h on h.campaign_id = c.campaign_id and h.id_keluarga_p3ke = c.id_keluarga_p3ke and h.hubungan_dengan_kepala_keluarga = 'kepala_keluarga'
        where c.campaign_id = ? and c.hubungan_dengan_kepala_keluarga = 'anak'
          and c.tanggal_lahir < h.tanggal_lahir + make_interval(years => ?::int)
        on conflict do nothing`,
      inputs: ['minParentChildGapYears', 'campaignId', 'minParentChildGapYears'],
    },
    {
      code: C.headNikDiffers,
      sql: `${INSERT}
        select f.campaign_id, f.id_keluarga_p3ke, '${C.headNikDiffers}', h.id_individu, 2, 'the family record names a head NIK that differs from the head member''s NIK'
        from p3ke_family f
        join p3ke_individual h on h.campaign_id = f.campaign_id and h.id_keluarga_p3ke = f.id_keluarga_p3ke and h.hubungan_dengan_kepala_keluarga = 'kepala_keluarga'
        where f.campaign_id = ? and f.nik <> h.nik
        on conflict do nothing`,
      inputs: ['campaignId'],
    },
    {
      code: C.desilHousing,
      sql: `${INSERT}
        select campaign_id, id_keluarga_p3ke, '${C.desilHousing}', '', 3,
               'housing and assets imply desil ' || implied || ', P3KE records desil ' || desil_kesejahteraan
        from (select f.*, ${impliedDesilSql('f')} as implied from p3ke_family f where f.campaign_id = ?) x
        where implied is not null and abs(implied - desil_kesejahteraan) > ?
        on conflict do nothing`,
      inputs: ['campaignId', 'desilTolerance'],
    },
    {
      code: C.regionOutside,
      sql: `${INSERT}
        select f.campaign_id, f.id_keluarga_p3ke, '${C.regionOutside}', '', 4, 'kode_kemendagri ' || f.kode_kemendagri || ' is outside the campaign area'
        from p3ke_family f
        where f.campaign_id = ?
          and not exists (select 1 from json_array_elements_text(?::json) a(code) where f.kode_kemendagri like a.code || '%')
        on conflict do nothing`,
      inputs: ['campaignId', 'regionCodes'],
    },
    {
      code: C.stuntingRisk,
      sql: `${INSERT}
        select ?, s.family_id, '${C.stuntingRisk}', '', 3,
               'BKKBN stunting risk: target ' || array_to_string(s.target_reasons, ',') || '; risk ' || array_to_string(s.risk_factors, ',')
        from (${stuntingAssessmentSql()}) s
        where cardinality(s.target_reasons) > 0 and cardinality(s.risk_factors) > 0
        on conflict do nothing`,
      inputs: ['campaignId', 'referenceDate', 'campaignId', 'campaignId'],
    },
    {
      code: C.stuntingNotRecorded,
      sql: `${INSERT}
        select f.campaign_id, f.id_keluarga_p3ke, '${C.stuntingNotRecorded}', '', 2, 'stunting risk found by the checks but resiko_stunting is false in P3KE'
        from p3ke_family f
        join family_flag s on s.campaign_id = f.campaign_id and s.family_id = f.id_keluarga_p3ke and s.code = '${C.stuntingRisk}'
        where f.campaign_id = ? and not f.resiko_stunting
        on conflict do nothing`,
      inputs: ['campaignId'],
    },
  ];
}

/**
 * Field priority, highest first: the sum of a family's flag severities, a boost for stunting risk (children cannot
 * wait), and the poorer desil first. Documented in docs/RULES.md.
 */
export const PRIORITY_SQL = `
  update p3ke_family f set priority = coalesce(x.severity, 0) + (case when x.stunting then 10 else 0 end) + 2 * greatest(0, 5 - f.desil_kesejahteraan)
  from p3ke_family f2
  left join (select family_id, sum(severity) as severity, bool_or(code = '${CHECK_CODES.stuntingRisk}') as stunting
             from family_flag where campaign_id = ? group by family_id) x on x.family_id = f2.id_keluarga_p3ke
  where f.campaign_id = ? and f2.campaign_id = f.campaign_id and f2.id_keluarga_p3ke = f.id_keluarga_p3ke`;

export function bindInputs(statement: { inputs: Input[] }, params: CheckParams): unknown[] {
  return statement.inputs.map((name) => (name === 'regionCodes' ? JSON.stringify(params.regionCodes) : params[name]));
}
