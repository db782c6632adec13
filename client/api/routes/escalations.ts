/**
 * Escalation cases: supervisors see and decide the cases of their kecamatan (or desa) scope, program managers
 * those of theirs (usually every case). The decision is the case workflow's decideCase Update, sent with the
 * caller's role: the workflow knows which role the case waits for.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { FAILURE_TYPES } from '../../../domain/contracts/errors';
import { CASE_REJECTIONS } from '../../../domain/contracts/escalation-case';
import { decideCase } from '../../../sim/field-actors/actions';
import { API_AUDIT_ACTIONS, writeAudit } from '../audit';
import { regionInScope } from '../auth/area-scope';
import { currentUser } from '../auth/authenticate';
import type { ApiDeps } from '../deps';
import { forbidden, notFound } from '../errors';
import { findCase, listCases } from '../queries/escalations';
import { bearerSecurity, errorResponses } from '../schemas/common';
import { caseDecisionBody, caseDecisionResponse, caseParams, caseView, listCasesQuery } from '../schemas/escalations';
import { callTemporal } from '../temporal-calls';

const TAG = ['supervisors'];
const DECIDERS = { roles: ['supervisor', 'program_manager'] } as const;
const DECISION_REJECTIONS = {
  [CASE_REJECTIONS.wrongRole]: 403,
  [CASE_REJECTIONS.closed]: 409,
  [CASE_REJECTIONS.malformed]: 400,
  [FAILURE_TYPES.invalidInput]: 409,
} as const;

export const escalationRoutes: FastifyPluginAsyncZod<ApiDeps> = async (app, deps) => {
  const { orm, client } = deps;

  app.get(
    '/escalations',
    {
      config: DECIDERS,
      schema: {
        tags: TAG,
        summary: 'Escalation cases in your area (open by default)',
        security: bearerSecurity,
        querystring: listCasesQuery,
        response: { 200: z.object({ cases: z.array(caseView) }), ...errorResponses },
      },
    },
    async (request) => ({ cases: await listCases(orm.em.fork(), currentUser(request).scope, request.query) }),
  );

  app.post(
    '/escalations/:campaignId/:familyId/decision',
    {
      config: DECIDERS,
      schema: {
        tags: TAG,
        summary: 'Decide a case: accept the field data, keep the P3KE data, or order a re-visit',
        security: bearerSecurity,
        params: caseParams,
        body: caseDecisionBody,
        response: { 200: caseDecisionResponse, ...errorResponses },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const { campaignId, familyId } = request.params;
      const { decision, reason, decisionId } = request.body;
      const found = await findCase(orm.em.fork(), campaignId, familyId);
      if (!found) throw notFound(`no escalation case for family ${familyId} in campaign ${campaignId}`, 'unknown_case');
      if (!regionInScope(user.scope, found.desaCode)) throw forbidden(`the case of family ${familyId} is outside your area`, 'outside_area');
      const result = await callTemporal(
        () => decideCase(client, { campaignId, familyId, decision: { decision, reason, decidedBy: user.id, role: user.role }, ...(decisionId ? { updateId: decisionId } : {}) }),
        DECISION_REJECTIONS,
        `the case of family ${familyId}`,
      );
      await writeAudit(orm, user, {
        action: API_AUDIT_ACTIONS.caseDecide,
        entity: 'escalation_case',
        entityId: `${campaignId}/${familyId}`,
        campaignId,
        before: { status: found.status, level: found.level },
        after: { decision: result.decision, level: result.level, reason },
      });
      return result;
    },
  );
};
