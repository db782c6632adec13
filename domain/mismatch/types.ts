/**
 * Mismatch types, their severities and the parameters of the mismatch rules.
 *
 * Severity is 1 (note it) to 5 (act now). The defaults weigh what a mismatch can cost: an inclusion error
 * (assistance going to a family that is not poor) or an unrecorded stunting risk (a child missed) weighs more
 * than a changed roof. They are judgement, not regulation: every number is a parameter.
 */
import type { DesilProxyParams } from '../desil-proxy';
import { DEFAULT_DESIL_PROXY_PARAMS } from '../desil-proxy';
import type { StuntingParams } from '../stunting';
import { DEFAULT_STUNTING_PARAMS } from '../stunting';
import type { VisitOutcome } from '../p3ke/value-lists';

export const MISMATCH_RULES_VERSION = 'mismatch-2026.1';

export const MISMATCH_TYPES = [
  'outcome_not_verified', // family not found, moved, deceased, duplicate, refused
  'member_count_changed', // household size differs
  'member_nik_missing', // P3KE members the officer did not find
  'member_nik_extra', // members found who are not in P3KE
  'member_nik_changed', // same person (sex + birth date) under another NIK
  'member_nik_inconsistent', // a field member's NIK contradicts their sex or birth date
  'housing_changed', // housing indicators differ from P3KE
  'desil_inconsistent', // the desil the field housing implies is far from the P3KE desil
  'stunting_risk_unrecorded', // at risk in the field, not flagged in P3KE
  'stunting_risk_not_confirmed', // flagged in P3KE, not at risk in the field
  'programme_enrolment_changed', // PKH / Sembako-BPNT enrolment differs from the penerima_* flags
] as const;
export type MismatchType = (typeof MISMATCH_TYPES)[number];

export type NonVerifiedOutcome = Exclude<VisitOutcome, 'verified'>;

/** Codes and counts only: a detail may be logged, exported and shown to supervisors of other desa. */
export type MismatchDetail = Readonly<Record<string, number | string | readonly string[]>>;

export interface Mismatch {
  type: MismatchType;
  severity: number; // 1-5
  detail: MismatchDetail;
}

export type SeverityLevel = 'low' | 'medium' | 'high';

/** 1-2 low, 3 medium, 4-5 high: for display; escalation uses the numbers. */
export function severityLevel(severity: number): SeverityLevel {
  if (severity >= 4) return 'high';
  return severity === 3 ? 'medium' : 'low';
}

export interface MismatchSeverities {
  outcome: Record<NonVerifiedOutcome, number>;
  member_count_changed: number;
  member_count_changed_large: number;
  member_nik_missing: number;
  member_nik_extra: number;
  member_nik_changed: number;
  member_nik_inconsistent: number;
  housing_changed: number;
  housing_changed_many: number;
  /** The house looks better off than the desil: possible inclusion error. */
  desil_implied_higher: number;
  /** The house looks worse off than the desil: ranking out of date, possible exclusion from programmes. */
  desil_implied_lower: number;
  stunting_risk_unrecorded: number;
  stunting_risk_not_confirmed: number;
  programme_enrolment_changed: number;
}

export interface MismatchParams {
  severities: MismatchSeverities;
  /** Household size changes of at least this many people use member_count_changed_large. */
  largeMemberCountChange: number;
  /** At least this many housing indicators changed use housing_changed_many. */
  manyHousingChanges: number;
  /** Implied and recorded desil may differ by this much before it is a mismatch. */
  desilTolerance: number;
  desilProxy: DesilProxyParams;
  stunting: StuntingParams;
}

export const DEFAULT_MISMATCH_PARAMS: Readonly<MismatchParams> = {
  severities: {
    outcome: { not_found: 3, moved: 3, deceased: 4, duplicate: 4, refused: 2 },
    // Low on its own: a departed or new member also shows as member_nik_missing / member_nik_extra.
    member_count_changed: 1,
    member_count_changed_large: 3,
    member_nik_missing: 3,
    member_nik_extra: 2,
    member_nik_changed: 3,
    member_nik_inconsistent: 1,
    housing_changed: 1,
    housing_changed_many: 2,
    desil_implied_higher: 4,
    desil_implied_lower: 3,
    stunting_risk_unrecorded: 4,
    stunting_risk_not_confirmed: 1,
    programme_enrolment_changed: 2,
  },
  largeMemberCountChange: 3,
  manyHousingChanges: 3,
  desilTolerance: 2,
  desilProxy: DEFAULT_DESIL_PROXY_PARAMS,
  stunting: DEFAULT_STUNTING_PARAMS,
};
