/**
 * BKKBN stunting-risk criteria (domain/stunting.ts, rules stunting-2026.1) as one set-based query over a campaign's
 * members, generated from the same parameters and value lists. A test compares it with assessStuntingRisk.
 * Parameters: campaign id, reference date (twice: ages, then usable birth dates).
 */
import { DEFAULT_STUNTING_PARAMS, type StuntingParams } from '../../domain/stunting';
import { SAFE_DRINKING_WATER, SAFE_SANITATION } from '../../domain/p3ke/value-lists';

const list = (values: readonly string[]): string => values.map((v) => `'${v}'`).join(', ');

/** Selects (family_id, target_reasons text[], risk_factors text[]) for every family of the campaign. */
export function stuntingAssessmentSql(params: StuntingParams = DEFAULT_STUNTING_PARAMS): string {
  const p = params;
  const couple = `rel in ('kepala_keluarga', 'istri_suami')`;
  const mother = `((${couple} and sex = 'P') or hamil)`;
  return `
    with m as (
      select i.id_keluarga_p3ke as fam, i.jenis_kelamin as sex, i.hubungan_dengan_kepala_keluarga as rel, i.hamil,
             case when i.tanggal_lahir <= r.ref then i.tanggal_lahir end as birth,
             case when i.tanggal_lahir <= r.ref then extract(year from age(r.ref, i.tanggal_lahir))::int end as age_y,
             case when i.tanggal_lahir <= r.ref
                  then (extract(year from age(r.ref, i.tanggal_lahir)) * 12 + extract(month from age(r.ref, i.tanggal_lahir)))::int end as age_m
      from p3ke_individual i cross join (select ?::date as ref) r
      where i.campaign_id = ?
    ),
    agg as (
      select fam,
        bool_or(${couple} and sex = 'P') and bool_or(${couple} and sex = 'L')
          and bool_or(${couple} and sex = 'P' and age_y between ${p.coupleWomanMinAge} and ${p.coupleWomanMaxAge}) as t_couple,
        coalesce(bool_or(hamil), false) as t_pregnant,
        coalesce(bool_or(age_m between 0 and 23), false) as t_child_0_23,
        coalesce(bool_or(age_m between 24 and 59), false) as t_child_24_59,
        coalesce(bool_or(${mother} and age_y between 0 and ${p.motherTooYoungBelowAge - 1}), false) as r_young,
        coalesce(bool_or(${mother} and age_y between ${p.motherTooOldFromAge} and ${p.motherTooOldToAge}), false) as r_old,
        count(*) filter (where rel = 'anak') as children
      from m group by fam
    ),
    births as (
      select fam, birth, row_number() over (partition by fam order by birth desc) as rn
      from (select distinct fam, birth from m where rel = 'anak' and birth is not null) d
    ),
    spacing as (
      select b1.fam, (extract(year from age(b1.birth, b2.birth)) * 12 + extract(month from age(b1.birth, b2.birth)))::int as months
      from births b1 join births b2 on b2.fam = b1.fam and b1.rn = 1 and b2.rn = 2
    )
    select f.id_keluarga_p3ke as family_id,
      array_remove(array[
        case when a.t_couple then 'couple_childbearing_age' end,
        case when a.t_pregnant then 'pregnant_woman' end,
        case when a.t_child_0_23 then 'child_0_23_months' end,
        case when a.t_child_24_59 then 'child_24_59_months' end], null) as target_reasons,
      array_remove(array[
        case when f.sumber_air_minum not in (${list(SAFE_DRINKING_WATER)}) then 'unsafe_drinking_water' end,
        case when f.fasilitas_bab not in (${list(SAFE_SANITATION)}) then 'unsafe_sanitation' end,
        case when a.r_young then 'mother_too_young' end,
        case when a.r_old then 'mother_too_old' end,
        case when s.months < ${p.minBirthSpacingMonths} then 'births_too_close' end,
        case when a.children > ${p.maxChildren} then 'too_many_children' end], null) as risk_factors
    from p3ke_family f
    left join agg a on a.fam = f.id_keluarga_p3ke
    left join spacing s on s.fam = f.id_keluarga_p3ke
    where f.campaign_id = ?`;
}
