/**
 * Whether a family's mismatches go to a supervisor (an escalation case) rather than being accepted as updates.
 *
 * Two triggers, either enough: one serious mismatch (max severity), or many small ones adding up (severity sum).
 * Set a trigger to null to switch it off; the campaign configuration chooses the numbers.
 */
import type { Mismatch } from './types';

export interface EscalationThreshold {
  maxSeverityAtLeast: number | null;
  severitySumAtLeast: number | null;
}

/** Any high mismatch (4+), or e.g. a missing member (3) with a changed NIK (3). */
export const DEFAULT_ESCALATION_THRESHOLD: Readonly<EscalationThreshold> = { maxSeverityAtLeast: 4, severitySumAtLeast: 6 };

export interface SeverityScore {
  max: number;
  sum: number;
}

/** Only the severities count (a stored version's mismatches are read back as type and severity). */
export function severityScore(mismatches: readonly Pick<Mismatch, 'severity'>[]): SeverityScore {
  return {
    max: mismatches.reduce((max, m) => Math.max(max, m.severity), 0),
    sum: mismatches.reduce((sum, m) => sum + m.severity, 0),
  };
}

export function needsEscalation(
  mismatches: readonly Pick<Mismatch, 'severity'>[],
  threshold: EscalationThreshold = DEFAULT_ESCALATION_THRESHOLD,
): boolean {
  const { max, sum } = severityScore(mismatches);
  const byMax = threshold.maxSeverityAtLeast !== null && max >= threshold.maxSeverityAtLeast;
  const bySum = threshold.severitySumAtLeast !== null && sum >= threshold.severitySumAtLeast;
  return byMax || bySum;
}
