/**
 * Compares one field result with the P3KE family record and its members: the list of mismatches, each with a
 * severity and a detail made of codes and counts only (no NIK, name or birth date).
 *
 * When the family was not verified (not found, moved, deceased, duplicate, refused) that is the only mismatch:
 * nothing else was observed to compare. Otherwise every rule runs, in MISMATCH_TYPES order, which is also the
 * order of the list returned.
 */
import { HOUSING_INDICATORS, impliedDesil } from '../desil-proxy';
import type { FieldHousing, FieldProgrammeEnrolment, FieldResult } from '../field-result';
import { assessStuntingRisk } from '../stunting';
import type { P3keFamilyFacts, P3keMemberFacts } from './facts';
import { compareMembers } from './members';
import { DEFAULT_MISMATCH_PARAMS, type Mismatch, type MismatchParams } from './types';

export function detectMismatches(
  p3ke: P3keFamilyFacts,
  members: readonly P3keMemberFacts[],
  result: FieldResult,
  referenceDate: string,
  params: MismatchParams = DEFAULT_MISMATCH_PARAMS,
): Mismatch[] {
  const s = params.severities;
  if (result.outcome !== 'verified') {
    return [{ type: 'outcome_not_verified', severity: s.outcome[result.outcome], detail: { outcome: result.outcome } }];
  }
  const found: Mismatch[] = [];

  const difference = result.members.length - members.length;
  if (difference !== 0) {
    const large = Math.abs(difference) >= params.largeMemberCountChange;
    found.push({
      type: 'member_count_changed',
      severity: large ? s.member_count_changed_large : s.member_count_changed,
      detail: { p3keCount: members.length, fieldCount: result.members.length, difference },
    });
  }

  const comparison = compareMembers(members, result.members);
  if (comparison.missing > 0) found.push({ type: 'member_nik_missing', severity: s.member_nik_missing, detail: { count: comparison.missing } });
  if (comparison.extra > 0) found.push({ type: 'member_nik_extra', severity: s.member_nik_extra, detail: { count: comparison.extra } });
  if (comparison.changedNik > 0) {
    found.push({ type: 'member_nik_changed', severity: s.member_nik_changed, detail: { count: comparison.changedNik } });
  }
  if (comparison.inconsistentNik > 0) {
    found.push({ type: 'member_nik_inconsistent', severity: s.member_nik_inconsistent, detail: { count: comparison.inconsistentNik } });
  }

  if (result.housing) {
    found.push(...housingMismatches(p3ke, result.housing, params));
    const assessment = assessStuntingRisk(
      { members: result.members, sumber_air_minum: result.housing.sumber_air_minum, fasilitas_bab: result.housing.fasilitas_bab },
      referenceDate,
      params.stunting,
    );
    const detail = {
      targetReasons: assessment.targetReasons,
      riskFactors: assessment.riskFactors,
      rulesVersion: assessment.rulesVersion,
    };
    if (assessment.atRisk && p3ke.resiko_stunting !== true) {
      found.push({ type: 'stunting_risk_unrecorded', severity: s.stunting_risk_unrecorded, detail });
    } else if (!assessment.atRisk && p3ke.resiko_stunting === true) {
      found.push({ type: 'stunting_risk_not_confirmed', severity: s.stunting_risk_not_confirmed, detail });
    }
  }

  if (result.programmes) {
    const programme = programmeMismatch(p3ke, result.programmes, params);
    if (programme) found.push(programme);
  }
  return found;
}

/** Housing changes (indicators P3KE recorded and the field saw differently) and the desil they imply. */
function housingMismatches(p3ke: P3keFamilyFacts, housing: FieldHousing, params: MismatchParams): Mismatch[] {
  const s = params.severities;
  const found: Mismatch[] = [];
  // A value missing from P3KE and filled in the field is new information, not a change.
  const changed = HOUSING_INDICATORS.filter((name) => p3ke[name] !== null && p3ke[name] !== housing[name]);
  if (changed.length > 0) {
    found.push({
      type: 'housing_changed',
      severity: changed.length >= params.manyHousingChanges ? s.housing_changed_many : s.housing_changed,
      detail: { indicators: changed, count: changed.length },
    });
  }

  const estimate = impliedDesil(housing, params.desilProxy);
  const recorded = p3ke.desil_kesejahteraan;
  if (estimate && recorded !== null && Math.abs(estimate.desil - recorded) > params.desilTolerance) {
    const higher = estimate.desil > recorded;
    found.push({
      type: 'desil_inconsistent',
      severity: higher ? s.desil_implied_higher : s.desil_implied_lower,
      detail: {
        recordedDesil: recorded,
        impliedDesil: estimate.desil,
        proxyScore: estimate.score,
        direction: higher ? 'implied_higher' : 'implied_lower',
        proxyVersion: estimate.version,
      },
    });
  }
  return found;
}

/** P3KE carries PKH and Sembako/BPNT flags; the other programmes asked in the field have no P3KE counterpart. */
function programmeMismatch(p3ke: P3keFamilyFacts, programmes: FieldProgrammeEnrolment, params: MismatchParams): Mismatch | null {
  const sembakoFlags = [p3ke.penerima_sembako, p3ke.penerima_bpnt].filter((f): f is boolean => f !== null);
  const recorded: [string, boolean | null, boolean][] = [
    ['pkh', p3ke.penerima_pkh, programmes.pkh],
    ['sembako_bpnt', sembakoFlags.length > 0 ? sembakoFlags.includes(true) : null, programmes.sembako_bpnt],
  ];
  const nowEnrolled = recorded.filter(([, before, now]) => before === false && now).map(([code]) => code);
  const noLongerEnrolled = recorded.filter(([, before, now]) => before === true && !now).map(([code]) => code);
  if (nowEnrolled.length + noLongerEnrolled.length === 0) return null;
  return {
    type: 'programme_enrolment_changed',
    severity: params.severities.programme_enrolment_changed,
    detail: { nowEnrolled, noLongerEnrolled },
  };
}
