/**
 * A diagnostic for the round trip, not a target: the smallest HTTP front for an Update this service could have.
 * The same fastify, the same bearer-token check as the API (one statement per request, installAuthentication),
 * and then one no-op Update on a warm bench workflow with the same encrypting client. What a field result costs
 * beyond it is the work of recording one (the body's rules, the package read, the local activity, its two
 * statements), apart from HTTP and authentication.
 *
 * A second diagnostic, `/record`: the design PERFORMANCE.md weighs for the round trip, measured rather than
 * estimated. The front records the result itself (the activity's read and write statements, the mismatch rules,
 * here in the HTTP process), then sends an Update that only validates and keeps the summary (one workflow task,
 * one activation, no local activity). Not the production path: what it would cost.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import type { Client } from '@temporalio/client';
import type { MikroORM } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { installAuthentication } from '../../client/api/auth/authenticate';
import { insertNextVersion, readSubmissionContext } from '../../activities/field/field-result-store';
import { submitResultBody } from '../../client/api/schemas/packages';
import { API_AUDIT_ACTIONS } from '../../domain/contracts/audit-actions';
import type { FieldResult } from '../../domain/field-result';
import { FIELD_RESULT_VERSION, fieldResultProblems } from '../../domain/field-result-checks';
import { detectMismatches } from '../../domain/mismatch/detect';
import { DEFAULT_ESCALATION_THRESHOLD, needsEscalation } from '../../domain/mismatch/escalation';
import { benchAcceptRecordedUpdate, benchNoopUpdate } from '../workflows/contracts';

const params = z.object({ workflowId: z.string().min(1) });
const body = z.object({ n: z.number().int() });
const recordParams = z.object({ campaignId: z.string().min(1), packageId: z.string().min(1), workflowId: z.string().min(1) });

export async function startHttpNoopApi(orm: MikroORM, client: Client): Promise<{ base: string; app: FastifyInstance }> {
  const app = Fastify({ logger: false });
  installAuthentication(app, orm);
  app.post('/noop/:workflowId', { config: { roles: ['officer'] } }, async (request) => {
    const { workflowId } = params.parse(request.params);
    const { n } = body.parse(request.body);
    return { n: await client.workflow.getHandle(workflowId).executeUpdate(benchNoopUpdate, { args: [n] }) };
  });
  app.post('/record/:campaignId/:packageId/:workflowId', { config: { roles: ['officer'] } }, async (request) => {
    const { campaignId, packageId, workflowId } = recordParams.parse(request.params);
    const { submissionId, result: parsed } = submitResultBody.parse(request.body);
    const result = parsed as FieldResult;
    // The API's rules that need the time of receipt, as the production route runs them.
    const problems = fieldResultProblems(result, new Date().toISOString());
    if (problems.length > 0) throw new Error(`invalid field result: ${problems.map((p) => p.message).join('; ')}`);
    const officerId = request.user?.id ?? '';
    const em = orm.em.fork();
    const { family, members } = await readSubmissionContext(em, { campaignId, familyId: result.familyId, submissionId });
    if (!family) throw new Error(`family ${result.familyId} is not in campaign ${campaignId}`);
    const mismatches = detectMismatches(family, members, result, result.visitedAt.slice(0, 10));
    const escalate = needsEscalation(mismatches, DEFAULT_ESCALATION_THRESHOLD);
    const version = await insertNextVersion(em, {
      campaignId,
      packageId,
      familyId: result.familyId,
      officerId,
      submissionId,
      outcome: result.outcome,
      payload: result,
      rulesVersion: FIELD_RESULT_VERSION,
      submittedAt: new Date().toISOString(),
      desaCode: family.kode_kemendagri,
      mismatches,
      audit: { action: API_AUDIT_ACTIONS.fieldResultSubmit, actorRole: 'officer', after: { submissionId, packageId, outcome: result.outcome, escalate } },
    });
    const recorded = { familyId: result.familyId, version, mismatchTypes: mismatches.map((m) => m.type), escalate };
    const receipt = await client.workflow.getHandle(workflowId).executeUpdate(benchAcceptRecordedUpdate, { args: [{ officerId, result, recorded }], updateId: submissionId });
    return { submissionId, packageId, receipt };
  });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  return { base, app };
}
