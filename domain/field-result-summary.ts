/**
 * What a package keeps of a recorded field result: its version, outcome and mismatch types and severities, and
 * whether it goes to a supervisor. No personal data. Built the same way wherever a result is recorded: by the
 * package's recording activity, and by the package workflow itself when the API recorded the result and sends
 * what it recorded with the submission (workflows/work-package-workflow.ts).
 */
import type { SubmittedSummary } from './contracts/work-package';
import { needsEscalation, severityScore, type EscalationThreshold } from './mismatch/escalation';
import type { Mismatch } from './mismatch/types';

/** A mismatch as stored with a version and as the API reports what it recorded (the type as the database holds it). */
export type RecordedMismatch = Pick<Mismatch, 'severity'> & { type: string };

export function summarizeRecorded(version: number, outcome: string, mismatches: readonly RecordedMismatch[], threshold: EscalationThreshold): SubmittedSummary {
  const score = severityScore(mismatches);
  return {
    version,
    outcome,
    mismatchTypes: mismatches.map((m) => m.type),
    severitySum: score.sum,
    maxSeverity: score.max,
    escalate: needsEscalation(mismatches, threshold),
  };
}
