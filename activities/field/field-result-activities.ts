/**
 * Records one field result as a new version, compares it with the P3KE record, says whether the family goes to a
 * supervisor, and audits the submission in the same commit. Runs inside the package workflow's update handler (as
 * a local activity), after the synchronous validator accepted it.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { MikroORM } from '@mikro-orm/postgresql';
import { FAILURE_TYPES } from '../../domain/contracts/errors';
import type { SubmittedSummary } from '../../domain/contracts/work-package';
import type { FieldResult } from '../../domain/field-result';
import { fieldResultProblems } from '../../domain/field-result-checks';
import { fieldResultShapeProblems } from '../../domain/field-result-shape';
import { summarizeRecorded, type RecordedMismatch } from '../../domain/field-result-summary';
import { detectMismatches, needsEscalation, type EscalationThreshold } from '../../domain/mismatch';
import { insertNextVersion, isUniqueViolation, latestResultsOfPackage, markPackageClosing, readSubmissionContext, storedMismatches, submittedVersion } from '../../db/repositories/field-result-repository';

export interface FieldResultDeps {
  orm: MikroORM;
}

export interface RecordFieldResultInput {
  campaignId: string;
  packageId: string;
  officerId: string;
  submissionId: string;
  result: FieldResult;
  /** When the update was accepted, from the workflow's clock: the time the result is judged against. */
  receivedAt: string;
  escalationThreshold: EscalationThreshold;
}

export type RecordedFieldResult = SubmittedSummary & { familyId: string };

export interface AdoptRecordedResultsInput {
  campaignId: string;
  packageId: string;
  /** The version of each family's result the package workflow accepted. */
  accepted: Record<string, number>;
  escalationThreshold: EscalationThreshold;
}

/**
 * A unique violation means another write of this family or this submission id committed between our read and our
 * write; reading again sees it. More than a few in a row is not a race any more, and the activity's retry takes over.
 */
const WRITE_ATTEMPTS = 5;

function summarize(familyId: string, version: number, outcome: string, mismatches: readonly RecordedMismatch[], threshold: EscalationThreshold): RecordedFieldResult {
  return { familyId, ...summarizeRecorded(version, outcome, mismatches, threshold) };
}

export function createFieldResultActivities({ orm }: FieldResultDeps) {
  async function recordOnce(input: RecordFieldResultInput, result: FieldResult): Promise<RecordedFieldResult> {
    const em = orm.em.fork();
    const { earlier, family, members } = await readSubmissionContext(em, { campaignId: input.campaignId, familyId: result.familyId, submissionId: input.submissionId });
    if (earlier && (earlier.packageId !== input.packageId || earlier.familyId !== result.familyId)) {
      // Temporal dedupes update ids per package workflow only, and the id is unique over all results: the same id
      // for another family or package is a client reusing ids, never a resend. Answering with the first result
      // would credit this family with another's visit.
      throw ApplicationFailure.create({
        type: FAILURE_TYPES.submissionIdReused,
        message: `submission id ${input.submissionId} was already used for another family or package: choose a new one`,
        nonRetryable: true,
      });
    }
    if (earlier) {
      // The same submission again (a retried activity or a resent update): answer as the first time did.
      return summarize(earlier.familyId, earlier.version, earlier.outcome, await storedMismatches(em, earlier), input.escalationThreshold);
    }
    if (!family) throw ApplicationFailure.nonRetryable(`family ${result.familyId} is not in campaign ${input.campaignId}`, FAILURE_TYPES.invalidInput);
    const mismatches = detectMismatches(family, members, result, result.visitedAt.slice(0, 10));
    const escalate = needsEscalation(mismatches, input.escalationThreshold);
    const version = await insertNextVersion(
      em,
      submittedVersion({ ...input, result, desaCode: family.kode_kemendagri, mismatches, escalate }),
    );
    return summarize(result.familyId, version, result.outcome, mismatches, input.escalationThreshold);
  }

  return {
    /**
     * Close-out of a package: results recorded through it that its workflow never accepted, or newer versions than
     * the ones it accepted. That happens when the workflow task that ran recordFieldResult failed after the commit
     * (a task timeout on a loaded worker): the Update is dropped with the task, the row stays, and unless the
     * officer sends it again the workflow would close the package without a result the database holds. Every such
     * row passed the package's validator in the attempt that wrote it, so the package takes it as it stands.
     */
    async adoptRecordedResults(input: AdoptRecordedResultsInput): Promise<RecordedFieldResult[]> {
      const em = orm.em.fork();
      // First the projection leaves 'open': the API records a result only while it is open (and holds the row
      // while it writes), so every version it wrote is committed before this read, and none is written after it.
      await markPackageClosing(em, input.packageId);
      const stored = await latestResultsOfPackage(em, input);
      return stored
        .filter((r) => r.version > (input.accepted[r.familyId] ?? 0))
        .map((r) => summarize(r.familyId, r.version, r.outcome, r.mismatches, input.escalationThreshold));
    },

    async recordFieldResult(input: RecordFieldResultInput): Promise<RecordedFieldResult> {
      // The package's validator already checked it; checking again keeps the database safe from any other caller.
      // The same zod-free rules as the validator, not the zod schema: that schema is built per receipt time, and
      // building it cost the worker milliseconds of CPU per result (bench/field-result-round-trip.ts profile).
      const shape = fieldResultShapeProblems(input.result);
      const reasons = shape.length > 0 ? shape : fieldResultProblems(input.result, input.receivedAt).map((p) => p.message);
      if (reasons.length > 0) {
        throw ApplicationFailure.nonRetryable(`field result rejected: ${reasons.slice(0, 5).join('; ')}`, FAILURE_TYPES.invalidInput);
      }
      for (let attempt = 1; ; attempt += 1) {
        try {
          return await recordOnce(input, input.result);
        } catch (err) {
          if (!isUniqueViolation(err) || attempt >= WRITE_ATTEMPTS) throw err;
        }
      }
    },
  };
}
