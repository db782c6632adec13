/**
 * Proposes interventions for one family from VERIFIED data: the desil after verification, the housing and members
 * the officer recorded, the stunting assessment and the family's existing enrolment.
 *
 * A programme is proposed when (1) the desil is in its range, (2) the family is not already enrolled, and (3) the
 * family has the need the programme answers (a PKH component, an unsafe latrine, a toddler at stunting risk...).
 * Quantity x unit cost gives the cost; priority = base priority + desil weight x (11 - desil)
 * + stunting bonus (stunting-sensitive programmes in families at risk). Proposals, not decisions: the plan and
 * the musyawarah desa decide.
 */
import type { FieldHousing, FieldProgrammeEnrolment } from '../field-result';
import { fullMonthsBetween, fullYearsBetween, parseIsoDate, type CalendarDate } from '../iso-date';
import { DESIL_MAX, DESIL_MIN, SAFE_DRINKING_WATER, SAFE_SANITATION } from '../p3ke/value-lists';
import type { StuntingMemberFacts } from '../stunting';
import { INTERVENTION_CATALOGUE, INTERVENTION_PROGRAMMES, type InterventionProgramme } from './catalogue';
import { DEFAULT_INTERVENTION_PARAMS, type IntRange, type InterventionParams } from './params';

export const INTERVENTION_RULES_VERSION = 'interventions-2026.1';

export interface VerifiedFamily {
  familyId: string;
  desaCode: string; // kode_kemendagri of the desa/kelurahan
  desil: number; // after verification
  housing: FieldHousing;
  members: readonly StuntingMemberFacts[];
  enrolment: FieldProgrammeEnrolment;
  /** From assessStuntingRisk on the verified members and housing. */
  stuntingAtRisk: boolean;
}

export interface InterventionProposal {
  familyId: string;
  desaCode: string;
  programme: InterventionProgramme;
  quantity: number;
  unitCostRupiah: number;
  costRupiah: number;
  priority: number;
  /** Codes saying which need was found; no personal data. */
  reasons: string[];
  rulesVersion: typeof INTERVENTION_RULES_VERSION;
}

interface Need {
  quantity: number;
  reasons: string[];
}

interface FamilyView {
  family: VerifiedFamily;
  p: InterventionParams;
  /** Ages of members with a usable birth date, in years and in months at the reference date. */
  ages: { years: number; months: number; member: StuntingMemberFacts }[];
  pregnant: number;
}

const within = (value: number, range: IntRange): boolean => value >= range.min && value <= range.max;
const countAges = (v: FamilyView, test: (a: FamilyView['ages'][number]) => boolean): number => v.ages.filter(test).length;

/** The need each programme answers, or null. Desil and enrolment are checked before these run. */
const NEEDS: Record<InterventionProgramme, (v: FamilyView) => Need | null> = {
  pkh: (v) => {
    const parts: [string, number][] = [
      ['pregnant_woman', v.pregnant],
      ['young_child', countAges(v, (a) => a.years < 6)],
      ['school_age_child', countAges(v, (a) => within(a.years, v.p.schoolAge.pkh))],
      ['elderly', countAges(v, (a) => a.years >= v.p.pkhElderlyFromAge)],
    ];
    const total = parts.reduce((sum, [, n]) => sum + n, 0);
    const reasons = parts.filter(([, n]) => n > 0).map(([code]) => code);
    return total > 0 ? { quantity: Math.min(total, v.p.pkhMaxComponents), reasons } : null;
  },
  sembako: () => ({ quantity: 1, reasons: ['desil_in_range'] }),
  pbi_jkn: (v) => (v.family.members.length > 0 ? { quantity: v.family.members.length, reasons: ['not_insured_by_pbi'] } : null),
  pip_kip: (v) => nonZero(countAges(v, (a) => within(a.years, v.p.schoolAge.pip)), ['school_age_child']),
  bsps_rtlh: (v) => {
    const h = v.family.housing;
    if (h.kepemilikan_rumah !== 'milik_sendiri') return null; // BSPS rebuilds houses on the family's own land
    const poor = [
      v.p.rtlhPoorRoofs.includes(h.jenis_atap) ? 'poor_roof' : null,
      v.p.rtlhPoorWalls.includes(h.jenis_dinding) ? 'poor_wall' : null,
      v.p.rtlhPoorFloors.includes(h.jenis_lantai) ? 'poor_floor' : null,
    ].filter((r): r is string => r !== null);
    return poor.length >= v.p.rtlhMinPoorComponents ? { quantity: 1, reasons: poor } : null;
  },
  sanitation: (v) => (SAFE_SANITATION.includes(v.family.housing.fasilitas_bab) ? null : { quantity: 1, reasons: ['unsafe_sanitation'] }),
  clean_water: (v) =>
    SAFE_DRINKING_WATER.includes(v.family.housing.sumber_air_minum) ? null : { quantity: 1, reasons: ['unsafe_drinking_water'] },
  electricity_connection: (v) =>
    v.family.housing.sumber_penerangan === 'listrik_pln_meteran' ? null : { quantity: 1, reasons: ['no_metered_pln'] },
  stunting_pmt: (v) =>
    v.family.stuntingAtRisk
      ? nonZero(v.pregnant + countAges(v, (a) => within(a.months, v.p.pmtChildAgeMonths)), ['stunting_risk', 'requires_health_screening'])
      : null,
  stunting_iron_tablets: (v) => nonZero(v.pregnant, ['pregnant_woman']),
  stunting_bkb: (v) =>
    v.family.stuntingAtRisk && countAges(v, (a) => a.months < 60) > 0 ? { quantity: 1, reasons: ['stunting_risk', 'child_under_5'] } : null,
  prakerja: (v) => {
    const adults = countAges(v, (a) => within(a.years, v.p.workingAge));
    return adults > 0 ? { quantity: Math.min(adults, v.p.prakerjaMaxPerFamily), reasons: ['working_age_member'] } : null;
  },
  kur_umi: (v) => (countAges(v, (a) => within(a.years, v.p.workingAge)) > 0 ? { quantity: 1, reasons: ['working_age_member'] } : null),
};

function nonZero(quantity: number, reasons: string[]): Need | null {
  return quantity > 0 ? { quantity, reasons } : null;
}

/** Proposals in catalogue order; throws RangeError on a desil outside 1-10 or a malformed reference date. */
export function proposeInterventions(
  family: VerifiedFamily,
  referenceDate: string,
  params: InterventionParams = DEFAULT_INTERVENTION_PARAMS,
): InterventionProposal[] {
  if (!Number.isInteger(family.desil) || family.desil < DESIL_MIN || family.desil > DESIL_MAX) {
    throw new RangeError(`desil must be an integer ${DESIL_MIN}-${DESIL_MAX}, got ${family.desil}`);
  }
  const reference = parseIsoDate(referenceDate);
  if (!reference) throw new RangeError(`referenceDate must be an ISO date, got "${referenceDate}"`);
  const view: FamilyView = {
    family,
    p: params,
    ages: agesAt(family.members, reference),
    pregnant: family.members.filter((m) => m.hamil === true).length,
  };

  const proposals: InterventionProposal[] = [];
  for (const programme of INTERVENTION_PROGRAMMES) {
    const entry = INTERVENTION_CATALOGUE[programme];
    if (!within(family.desil, params.desilRange[programme])) continue;
    if (entry.enrolledWhen && family.enrolment[entry.enrolledWhen]) continue;
    const need = NEEDS[programme](view);
    if (!need) continue;
    const unitCostRupiah = params.unitCostRupiah[programme];
    const bonus = family.stuntingAtRisk && entry.stuntingSensitive ? params.stuntingPriorityBonus : 0;
    proposals.push({
      familyId: family.familyId,
      desaCode: family.desaCode,
      programme,
      quantity: need.quantity,
      unitCostRupiah,
      costRupiah: need.quantity * unitCostRupiah,
      priority: params.basePriority[programme] + params.desilPriorityWeight * (DESIL_MAX + 1 - family.desil) + bonus,
      reasons: need.reasons,
      rulesVersion: INTERVENTION_RULES_VERSION,
    });
  }
  return proposals;
}

/** Members with a birth date on or before the reference date; the others cannot be placed in an age band. */
function agesAt(members: readonly StuntingMemberFacts[], reference: CalendarDate): FamilyView['ages'] {
  return members.flatMap((member) => {
    const birth = member.tanggal_lahir ? parseIsoDate(member.tanggal_lahir) : null;
    const months = birth ? fullMonthsBetween(birth, reference) : -1;
    return birth && months >= 0 ? [{ years: fullYearsBetween(birth, reference), months, member }] : [];
  });
}
