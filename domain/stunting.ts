/**
 * BKKBN "keluarga berisiko stunting" (DOMAIN.md section 5): a TARGET family with at least one RISK FACTOR.
 *
 * Target: a couple of childbearing age (pasangan usia subur), a pregnant woman, or a child aged 0-23 or
 * 24-59 months. Risk factors: unsafe drinking water, a toilet without septic tank or none, and "4 terlalu"
 * (mother too young, mother too old, births too close, too many children).
 *
 * Ages come from ISO dates and a reference date passed in, never from the clock. Age limits are parameters
 * because BKKBN's operational definitions (inclusive ends, who counts as "the mother") are not published in
 * detail; the defaults and the assumptions are documented on each parameter and in docs/RULES.md.
 */
import type { FasilitasBab, HubunganKeluarga, JenisKelamin, SumberAirMinum } from './p3ke/value-lists';
import { SAFE_DRINKING_WATER, SAFE_SANITATION } from './p3ke/value-lists';
import { compareCalendarDates, fullMonthsBetween, fullYearsBetween, parseIsoDate, type CalendarDate } from './iso-date';

export const STUNTING_RULES_VERSION = 'stunting-2026.1';

export const STUNTING_TARGET_REASONS = [
  'couple_childbearing_age',
  'pregnant_woman',
  'child_0_23_months',
  'child_24_59_months',
] as const;
export type StuntingTargetReason = (typeof STUNTING_TARGET_REASONS)[number];

export const STUNTING_RISK_FACTORS = [
  'unsafe_drinking_water',
  'unsafe_sanitation',
  'mother_too_young',
  'mother_too_old',
  'births_too_close',
  'too_many_children',
] as const;
export type StuntingRiskFactor = (typeof STUNTING_RISK_FACTORS)[number];

export interface StuntingMemberFacts {
  jenis_kelamin: JenisKelamin | null;
  tanggal_lahir: string | null; // ISO YYYY-MM-DD
  hubungan_dengan_kepala_keluarga: HubunganKeluarga | null;
  /** Null when unknown: P3KE itself carries no pregnancy column, the field visit does. */
  hamil: boolean | null;
}

export interface StuntingFamilyFacts {
  members: readonly StuntingMemberFacts[];
  /** Null when unknown: an unknown source is not counted as a risk factor. */
  sumber_air_minum: SumberAirMinum | null;
  fasilitas_bab: FasilitasBab | null;
}

export interface StuntingParams {
  /** Pasangan usia subur: the woman of the couple is 15-49 (BKKBN). */
  coupleWomanMinAge: number;
  coupleWomanMaxAge: number;
  /** "Terlalu muda": mother younger than 20. */
  motherTooYoungBelowAge: number;
  /** "Terlalu tua": mother 35-40 as DOMAIN.md states it; both ends inclusive (assumption). */
  motherTooOldFromAge: number;
  motherTooOldToAge: number;
  /** "Terlalu dekat": the two youngest children born less than this many months apart. */
  minBirthSpacingMonths: number;
  /** "Terlalu banyak": more than this many children. */
  maxChildren: number;
}

export const DEFAULT_STUNTING_PARAMS: Readonly<StuntingParams> = {
  coupleWomanMinAge: 15,
  coupleWomanMaxAge: 49,
  motherTooYoungBelowAge: 20,
  motherTooOldFromAge: 35,
  motherTooOldToAge: 40,
  minBirthSpacingMonths: 24,
  maxChildren: 3,
};

export interface StuntingAssessment {
  atRisk: boolean;
  targetReasons: StuntingTargetReason[];
  riskFactors: StuntingRiskFactor[];
  /** Members whose birth date is missing, malformed or after the reference date: left out of age rules. */
  membersWithoutUsableBirthDate: number;
  rulesVersion: typeof STUNTING_RULES_VERSION;
}

/** Head and spouse: a family card has no other way to say who the couple (and so the mother) is. */
const COUPLE_RELATIONSHIPS: readonly HubunganKeluarga[] = ['kepala_keluarga', 'istri_suami'];
/** Children of the head. Grandchildren are targets by age but not counted for "4 terlalu" (assumption). */
const CHILD_RELATIONSHIP: HubunganKeluarga = 'anak';

interface DatedMember {
  facts: StuntingMemberFacts;
  birth: CalendarDate | null;
}

export function assessStuntingRisk(
  family: StuntingFamilyFacts,
  referenceDate: string,
  params: Partial<StuntingParams> = {},
): StuntingAssessment {
  const p = { ...DEFAULT_STUNTING_PARAMS, ...params };
  const reference = parseIsoDate(referenceDate);
  if (!reference) throw new RangeError(`referenceDate must be an ISO date, got "${referenceDate}"`);

  const members: DatedMember[] = family.members.map((facts) => {
    const birth = facts.tanggal_lahir ? parseIsoDate(facts.tanggal_lahir) : null;
    return { facts, birth: birth && compareCalendarDates(birth, reference) <= 0 ? birth : null };
  });
  const ageYears = (m: DatedMember): number | null => (m.birth ? fullYearsBetween(m.birth, reference) : null);
  const ageMonths = (m: DatedMember): number | null => (m.birth ? fullMonthsBetween(m.birth, reference) : null);

  const coupleMembers = members.filter((m) => isIn(m.facts.hubungan_dengan_kepala_keluarga, COUPLE_RELATIONSHIPS));
  const coupleWomen = coupleMembers.filter((m) => m.facts.jenis_kelamin === 'P');
  const hasCouple = coupleWomen.length > 0 && coupleMembers.some((m) => m.facts.jenis_kelamin === 'L');
  const pregnant = members.filter((m) => m.facts.hamil === true);
  // The mother for "4 terlalu": the woman of the couple, and any pregnant member (e.g. a pregnant daughter).
  const mothers = [...new Set([...coupleWomen, ...pregnant])];

  const targetReasons: StuntingTargetReason[] = [];
  const inRange = (v: number | null, min: number, max: number): boolean => v !== null && v >= min && v <= max;
  if (hasCouple && coupleWomen.some((m) => inRange(ageYears(m), p.coupleWomanMinAge, p.coupleWomanMaxAge))) {
    targetReasons.push('couple_childbearing_age');
  }
  if (pregnant.length > 0) targetReasons.push('pregnant_woman');
  if (members.some((m) => inRange(ageMonths(m), 0, 23))) targetReasons.push('child_0_23_months');
  if (members.some((m) => inRange(ageMonths(m), 24, 59))) targetReasons.push('child_24_59_months');

  const riskFactors: StuntingRiskFactor[] = [];
  if (family.sumber_air_minum && !SAFE_DRINKING_WATER.includes(family.sumber_air_minum)) {
    riskFactors.push('unsafe_drinking_water');
  }
  if (family.fasilitas_bab && !SAFE_SANITATION.includes(family.fasilitas_bab)) riskFactors.push('unsafe_sanitation');
  if (mothers.some((m) => inRange(ageYears(m), 0, p.motherTooYoungBelowAge - 1))) riskFactors.push('mother_too_young');
  if (mothers.some((m) => inRange(ageYears(m), p.motherTooOldFromAge, p.motherTooOldToAge))) {
    riskFactors.push('mother_too_old');
  }
  const children = members.filter((m) => m.facts.hubungan_dengan_kepala_keluarga === CHILD_RELATIONSHIP);
  const spacing = youngestBirthSpacingMonths(children);
  if (spacing !== null && spacing < p.minBirthSpacingMonths) riskFactors.push('births_too_close');
  if (children.length > p.maxChildren) riskFactors.push('too_many_children');

  return {
    atRisk: targetReasons.length > 0 && riskFactors.length > 0,
    targetReasons,
    riskFactors,
    membersWithoutUsableBirthDate: members.filter((m) => m.birth === null).length,
    rulesVersion: STUNTING_RULES_VERSION,
  };
}

/**
 * Months between the two most recent births. Children born on the same day are one birth (twins), so a twin
 * pair is not "too close"; null when fewer than two births have usable dates.
 */
function youngestBirthSpacingMonths(children: readonly DatedMember[]): number | null {
  const births = children
    .map((c) => c.birth)
    .filter((b): b is CalendarDate => b !== null)
    .sort((a, b) => compareCalendarDates(b, a));
  const distinct = births.filter((b, i) => i === 0 || compareCalendarDates(b, births[i - 1]!) !== 0);
  const [youngest, previous] = distinct;
  return youngest && previous ? fullMonthsBetween(previous, youngest) : null;
}

function isIn<T>(value: T | null, list: readonly T[]): boolean {
  return value !== null && list.includes(value);
}
