/**
 * The intervention plan: program managers (and admins) read it with its totals; a program manager other than the
 * one who started the campaign decides it through the campaign's decidePlan Update (four-eyes, enforced by the
 * workflow and again by the recording activity).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { PLAN_DECISION_REJECTIONS as R } from '../../../domain/contracts/campaign';
import { FAILURE_TYPES } from '../../../domain/contracts/errors';
import { decidePlan } from '../../../sim/field-actors/actions';
import { API_AUDIT_ACTIONS, writeAudit } from '../audit';
import { currentUser } from '../auth/authenticate';
import type { ApiDeps } from '../deps';
import { notFound } from '../errors';
import { findCampaign } from '../queries/campaigns';
import { findPlan, planTotals, planView } from '../queries/plans';
import { bearerSecurity, campaignParams, errorResponses } from '../schemas/common';
import { planDecisionBody, planDecisionResponse, planResponse } from '../schemas/plans';
import { callTemporal } from '../temporal-calls';
import { assertCampaignInScope, assertCampaignVisible } from './access';

const TAG = ['program managers'];

/**
 * The campaign workflow's rejection types (domain/contracts/campaign.ts); each type's snake_case form is the error
 * code (`plan_not_waiting`, `four_eyes`, `forbidden_role`, `invalid_decision`). VerivaliInvalidInput comes from the
 * recording activity when the stored plan no longer matches what the workflow accepted (decided elsewhere): 409.
 */
const DECISION_REJECTIONS = {
  [R.notWaiting]: 409,
  [R.fourEyes]: 403,
  [R.wrongRole]: 403,
  [R.malformed]: 400,
  [FAILURE_TYPES.invalidInput]: 409,
} as const;

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
        DECISION_REJECTIONS,
        `campaign ${id}`,
      );
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
