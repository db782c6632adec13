/**
 * Records one field result as a new version, compares it with the P3KE record, and says whether the family goes
 * to a supervisor. Runs inside the package workflow's update handler, after the synchronous validator accepted it.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { FieldResultSchema } from '../../db/entities/field-result.entity';
import { FAILURE_TYPES } from '../../domain/contracts/errors';
import type { SubmittedSummary } from '../../domain/contracts/work-package';
import type { FieldResult } from '../../domain/field-result';
import { FIELD_RESULT_VERSION } from '../../domain/field-result-checks';
import { buildFieldResultSchema } from '../../domain/field-result.schema';
import { detectMismatches, needsEscalation, severityScore, type EscalationThreshold, type Mismatch } from '../../domain/mismatch';
import { loadFamilyFacts } from './family-facts';

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

const sql = <T>(em: EntityManager, text: string, params: unknown[] = []): Promise<T[]> =>
  em.getConnection().execute<T[]>(text, params, 'all', em.getTransactionContext());

function summarize(familyId: string, version: number, outcome: string, mismatches: readonly Pick<Mismatch, 'type' | 'severity'>[], threshold: EscalationThreshold): RecordedFieldResult {
  const score = severityScore(mismatches as Mismatch[]);
  return {
    familyId,
    version,
    outcome,
    mismatchTypes: mismatches.map((m) => m.type),
    severitySum: score.sum,
    maxSeverity: score.max,
    escalate: needsEscalation(mismatches as Mismatch[], threshold),
  };
}

export function createFieldResultActivities({ orm }: FieldResultDeps) {
  return {
    async recordFieldResult(input: RecordFieldResultInput): Promise<RecordedFieldResult> {
      // The validator already checked it; parsing again keeps the database safe from any other caller.
      const parsed = buildFieldResultSchema({ now: input.receivedAt }).safeParse(input.result);
      if (!parsed.success) {
        const reasons = parsed.error.issues.slice(0, 5).map((i) => i.message).join('; ');
        throw ApplicationFailure.nonRetryable(`field result rejected: ${reasons}`, FAILURE_TYPES.invalidInput);
      }
      const result = parsed.data;
      return orm.em.fork().transactional(async (em) => {
        const earlier = await em.findOne(FieldResultSchema, { submissionId: input.submissionId });
        if (earlier && (earlier.packageId !== input.packageId || earlier.familyId !== result.familyId)) {
          // Temporal dedupes update ids per package workflow only, and the id is unique over all results: the same
          // id for another family or package is a client reusing ids, never a resend. Answering with the first
          // result would credit this family with another's visit.
          throw ApplicationFailure.create({
            type: FAILURE_TYPES.submissionIdReused,
            message: `submission id ${input.submissionId} was already used for another family or package: choose a new one`,
            nonRetryable: true,
          });
        }
        if (earlier) {
          // The same submission again (a retried activity or a resent update): answer as the first time did.
          const stored = await sql<{ type: string; severity: number }>(em, 'select type, severity from mismatch where campaign_id = ? and family_id = ? and version = ?', [earlier.campaignId, earlier.familyId, earlier.version]);
          return summarize(earlier.familyId, earlier.version, earlier.outcome, stored as Mismatch[], input.escalationThreshold);
        }
        // Serialise versions of one family: concurrent corrections must not both become version n.
        await sql(em, 'select 1 from package_family where package_id = ? and family_id = ? for update', [input.packageId, result.familyId]);
        const [last] = await sql<{ v: number | null }>(em, 'select max(version) as v from field_result where campaign_id = ? and family_id = ?', [input.campaignId, result.familyId]);
        const version = (last?.v ?? 0) + 1;
        const facts = await loadFamilyFacts(em, input.campaignId, result.familyId);
        if (!facts) throw ApplicationFailure.nonRetryable(`family ${result.familyId} is not in campaign ${input.campaignId}`, FAILURE_TYPES.invalidInput);
        const mismatches = detectMismatches(facts.family, facts.members, result, result.visitedAt.slice(0, 10));

        em.create(FieldResultSchema, {
          campaignId: input.campaignId,
          familyId: result.familyId,
          version,
          submissionId: input.submissionId,
          packageId: input.packageId,
          officerId: input.officerId,
          outcome: result.outcome,
          payload: result as unknown as Record<string, unknown>,
          rulesVersion: FIELD_RESULT_VERSION,
          submittedAt: new Date(input.receivedAt),
        });
        await em.flush();
        if (mismatches.length > 0) {
          const rows = mismatches.map((m) => ({ campaign_id: input.campaignId, family_id: result.familyId, version, type: m.type, severity: m.severity, detail: m.detail, desa_code: facts.family.kode_kemendagri }));
          await sql(em, 'insert into mismatch select * from json_populate_recordset(null::mismatch, ?::json)', [JSON.stringify(rows)]);
        }
        await sql(em, `update package_family set status = 'submitted', latest_version = ? where package_id = ? and family_id = ?`, [version, input.packageId, result.familyId]);
        return summarize(result.familyId, version, result.outcome, mismatches, input.escalationThreshold);
      });
    },
  };
}
