/**
 * The API records a new field result itself, then asks the package to accept it (issue #5, field-result round
 * trip). Recording inside the package's Update, through a local activity, cost the worker a second activation and
 * the activity's machinery on every submission: 18 ms of CPU per result against 13 ms this way, where a no-op
 * Update costs 8 ms (docs/PERFORMANCE.md, sixth round). The officer's answer still comes after both: a 200 means
 * recorded and accepted.
 *
 * How the two stay one:
 * - The version is written only while the package's projection is open and the officer's, holding the package's
 *   row until the commit (insertNextVersionIfOpen). Close-out marks the package 'closing' before it reads what was
 *   recorded, so every version written here is either counted at close-out or never written.
 * - The Update carries what was written (`recorded`); the package validates the submission exactly as before and
 *   keeps the summary without recording again.
 * - If the package refuses (the officer was replaced, the deadline passed, between this write and the Update), the
 *   version is withdrawn while the package is still open (withdrawVersion, in the route), and the refusal is the answer. If it is
 *   already closing, close-out counts the version, so the answer is its receipt.
 * - If the answer is lost (the API stops, Temporal times out), the version stays: the officer's device sends the
 *   same submission again and the package accepts it then, or close-out adopts it.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { RecordedVersion } from '../../domain/contracts/work-package';
import type { FieldResult } from '../../domain/field-result';
import { detectMismatches, needsEscalation, type EscalationThreshold, type P3keFamilyFacts, type P3keMemberFacts } from '../../domain/mismatch';
import { insertNextVersionIfOpen, isUniqueViolation, submittedVersion } from '../../db/repositories/field-result-repository';
import type { PackageForSubmission } from './queries/packages';

/** Two corrections of one family at once take the same next number: the later one tries again, a few times. */
const WRITE_ATTEMPTS = 5;
const SUBMISSION_ID_UNIQUE = 'field_result_submission_id_unique';

export interface NewResult {
  pkg: PackageForSubmission;
  officerId: string;
  submissionId: string;
  result: FieldResult;
  family: P3keFamilyFacts;
  members: readonly P3keMemberFacts[];
  escalationThreshold: EscalationThreshold;
  /** When the API received it (the time the rules judge the result against). */
  receivedAt: string;
}

/**
 * What recording gave: the version written; `closed` when the package is no longer open for this officer (nothing
 * written); `concurrent` when the same submission id was written by another request in the meantime (a resend that
 * overtook the first send: that one's version stands, and this request answers as a resend).
 */
export type RecordOutcome = { kind: 'recorded'; recorded: RecordedVersion } | { kind: 'closed' } | { kind: 'concurrent' };

export async function recordNewResult(em: EntityManager, r: NewResult): Promise<RecordOutcome> {
  const mismatches = detectMismatches(r.family, [...r.members], r.result, r.result.visitedAt.slice(0, 10));
  const escalate = needsEscalation(mismatches, r.escalationThreshold);
  for (let attempt = 1; ; attempt += 1) {
    try {
      const version = await insertNextVersionIfOpen(
        em,
        submittedVersion({ campaignId: r.pkg.campaignId, packageId: r.pkg.id, officerId: r.officerId, submissionId: r.submissionId, result: r.result, receivedAt: r.receivedAt, desaCode: r.family.kode_kemendagri, mismatches, escalate }),
      );
      if (version === null) return { kind: 'closed' };
      return { kind: 'recorded', recorded: { version, mismatches: mismatches.map(({ type, severity }) => ({ type, severity })) } };
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      if ((err as { constraint?: unknown }).constraint === SUBMISSION_ID_UNIQUE) return { kind: 'concurrent' };
      if (attempt >= WRITE_ATTEMPTS) throw err;
    }
  }
}
