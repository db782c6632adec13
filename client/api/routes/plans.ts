/**
 * The intervention plan: program managers (and admins) read it with its totals; a program manager other than the
 * one who started the campaign decides it through the campaign's decidePlan Update (four-eyes, enforced by the
 * workflow and again by the recording activity).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { FAILURE_TYPES } from '../../../domain/contracts/errors';
import { decidePlan } from '../../../sim/field-actors/actions';
import { API_AUDIT_ACTIONS, writeAudit } from '../audit';
import { currentUser } from '../auth/authenticate';
import type { ApiDeps } from '../deps';
import { ApiError, notFound } from '../errors';
import { findCampaign } from '../queries/campaigns';
import { findPlan, planTotals, planView } from '../queries/plans';
import { bearerSecurity, campaignParams, errorResponses } from '../schemas/common';
import { planDecisionBody, planDecisionResponse, planResponse } from '../schemas/plans';
import { callTemporal, snakeCase } from '../temporal-calls';
import { assertCampaignInScope, assertCampaignVisible } from './access';

const TAG = ['program managers'];

/**
 * The campaign workflow refuses every plan decision with this one type (workflows/campaign-workflow.ts keeps it
 * as a local constant, not in the contracts module), so its message tells the reasons apart.
 */
const PLAN_DECISION_REJECTED = 'PlanDecisionRejected';

function planRejection(err: unknown): unknown {
  if (!(err instanceof ApiError) || ![snakeCase(PLAN_DECISION_REJECTED), snakeCase(FAILURE_TYPES.invalidInput)].includes(err.code)) return err;
  const m = err.message;
  if (/four-eyes/i.test(m)) return new ApiError(403, 'four_eyes', m);
  if (/only a program manager/i.test(m)) return new ApiError(403, 'forbidden_role', m);
  if (/no plan waiting|already decided|already (approved|partially_approved|rejected|expired)/i.test(m)) return new ApiError(409, 'plan_not_waiting', m);
  return new ApiError(400, 'invalid_decision', m);
}

export const planRoutes: FastifyPluginAsyncZod<ApiDeps> = async (app, deps) => {
  const { orm, client } = deps;

  app.get(
    '/campaigns/:id/plan',
    {
      config: { roles: ['program_manager', 'admin'] },
      schema: {
        tags: TAG,
        summary: 'The intervention plan with totals by programme and by desa',
        security: bearerSecurity,
        params: campaignParams,
        response: { 200: planResponse, ...errorResponses },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const { id } = request.params;
      const em = orm.em.fork();
      const campaign = await findCampaign(em, id);
      if (!campaign) throw notFound(`no campaign ${id}`);
      assertCampaignVisible(user, campaign);
      const plan = await findPlan(em, id);
      if (!plan) throw notFound(`campaign ${id} has no intervention plan yet (${campaign.phase})`, 'no_plan');
      return { plan: planView(plan), ...(await planTotals(em, plan.id)) };
    },
  );

  app.post(
    '/campaigns/:id/plan/decision',
    {
      config: { roles: ['program_manager'] },
      schema: {
        tags: TAG,
        summary: 'Approve, partially approve or reject the plan (not by the program manager who started the campaign)',
        security: bearerSecurity,
        params: campaignParams,
        body: planDecisionBody,
        response: { 200: planDecisionResponse, ...errorResponses },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const { id } = request.params;
      const body = request.body;
      const campaign = await findCampaign(orm.em.fork(), id);
      if (!campaign) throw notFound(`no campaign ${id}`);
      assertCampaignInScope(user, campaign);
      const decision = {
        decision: body.decision,
        reason: body.reason,
        decidedBy: user.id,
        role: user.role,
        ...(body.decision === 'approve_partial' ? { programmes: body.programmes } : {}),
      };
      const result = await callTemporal(
        () => decidePlan(client, { campaignId: id, decision, ...(body.decisionId ? { updateId: body.decisionId } : {}) }),
        { [PLAN_DECISION_REJECTED]: 409 },
        `campaign ${id}`,
      ).catch((err: unknown) => {
        throw planRejection(err);
      });
      await writeAudit(orm, user, {
        action: API_AUDIT_ACTIONS.planDecide,
        entity: 'intervention_plan',
        entityId: result.planId,
        campaignId: id,
        before: { status: 'proposed' },
        after: { decision: body.decision, status: result.status, approvedItems: result.approvedItems, approvedRupiah: result.approvedRupiah },
      });
      return result;
    },
  );
};
