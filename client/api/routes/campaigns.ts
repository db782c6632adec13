/**
 * Campaigns: program managers start and cancel them; program managers, admins and supervisors (their area) read
 * them. A campaign is its workflow (campaign/<id>); the campaign table is the mirror the lists read.
 */
import { randomBytes } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/common';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { campaignProgressQuery, type CampaignProgress } from '../../../domain/contracts/campaign';
import { campaignWorkflowId } from '../../../domain/contracts/workflow-ids';
import { campaignWorkflow } from '../../../workflows/campaign-workflow';
import { API_AUDIT_ACTIONS, writeAudit } from '../audit';
import { campaignStartableBy } from '../auth/area-scope';
import { currentUser } from '../auth/authenticate';
import type { ApiDeps } from '../deps';
import { ApiError, conflict, forbidden, notFound } from '../errors';
import { campaignView, findCampaign, listCampaigns, unknownKecamatan } from '../queries/campaigns';
import { bearerSecurity, campaignParams, errorResponses } from '../schemas/common';
import { campaignDetail, campaignSummary, cancelResponse, listCampaignsQuery, startCampaignBody, startCampaignResponse } from '../schemas/campaigns';
import { callTemporal, withReadDeadline } from '../temporal-calls';
import { campaignFor } from './access';

const TAG = ['campaigns'];
const READERS = ['program_manager', 'admin', 'supervisor'] as const;

/** Generated ids read `c-<yyyymmdd>-<6 hex>`: sortable by day, and inside CAMPAIGN_ID_PATTERN. */
const newCampaignId = (now: Date): string => `c-${now.toISOString().slice(0, 10).replace(/-/g, '')}-${randomBytes(3).toString('hex')}`;

export const campaignRoutes: FastifyPluginAsyncZod<ApiDeps> = async (app, deps) => {
  const { orm, client } = deps;

  app.post(
    '/campaigns',
    {
      config: { roles: ['program_manager'] },
      schema: {
        tags: TAG,
        summary: 'Start a verification campaign',
        description: 'Validates the configuration and starts campaign/<id>; the caller is recorded as startedBy (four-eyes: they cannot decide its plan).',
        security: bearerSecurity,
        body: startCampaignBody,
        response: { 201: startCampaignResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const { config } = request.body;
      const campaignId = request.body.id ?? newCampaignId(deps.now());
      if (!campaignStartableBy(user.scope, config.regionCodes)) throw forbidden('the campaign area reaches outside your area', 'outside_area');
      const unknown = await unknownKecamatan(orm.em.fork(), config.regionCodes);
      if (unknown.length > 0) {
        throw new ApiError(400, 'invalid_request', 'the campaign area names a kecamatan that is not in the official list (Kepmendagri 2025)',
          unknown.map((i) => ({ path: `body.config.regionCodes[${i}]`, message: 'no such kecamatan' })));
      }
      if (await findCampaign(orm.em.fork(), campaignId)) throw conflict(`campaign ${campaignId} already exists`, 'campaign_exists');
      const workflowId = campaignWorkflowId(campaignId);
      const handle = await callTemporal(
        () =>
          client.workflow.start(campaignWorkflow, {
            taskQueue: deps.taskQueue,
            workflowId,
            args: [{ campaignId, config, startedBy: user.id }],
            // A campaign id is used once, whatever became of its first run.
            workflowIdReusePolicy: 'REJECT_DUPLICATE',
          }),
        {},
        `campaign ${campaignId}`,
      ).catch((err: unknown) => {
        if (err instanceof WorkflowExecutionAlreadyStartedError) throw conflict(`campaign ${campaignId} already exists`, 'campaign_exists');
        throw err;
      });
      await writeAudit(orm, user, {
        action: API_AUDIT_ACTIONS.campaignStart,
        entity: 'campaign',
        entityId: campaignId,
        campaignId,
        after: { workflowId, runId: handle.firstExecutionRunId, config },
      });
      return reply.code(201).send({ campaignId, workflowId, runId: handle.firstExecutionRunId, startedBy: user.id });
    },
  );

  app.get(
    '/campaigns',
    {
      config: { roles: READERS },
      schema: {
        tags: TAG,
        summary: 'List campaigns (newest first; supervisors see those touching their area)',
        security: bearerSecurity,
        querystring: listCampaignsQuery,
        response: { 200: z.object({ campaigns: z.array(campaignSummary) }), ...errorResponses },
      },
    },
    async (request) => ({ campaigns: await listCampaigns(orm.em.fork(), currentUser(request), request.query) }),
  );

  app.get(
    '/campaigns/:id',
    {
      config: { roles: READERS },
      schema: {
        tags: TAG,
        summary: 'One campaign, with live progress while it runs',
        security: bearerSecurity,
        params: campaignParams,
        response: { 200: campaignDetail, ...errorResponses },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const { id } = request.params;
      const row = await campaignFor(orm.em.fork(), user, id, 'see');
      let progress: CampaignProgress | null = null;
      let progressUnavailable: string | undefined;
      if (!row || row.status === 'running') {
        try {
          progress = await withReadDeadline(client, () => client.workflow.getHandle(campaignWorkflowId(id)).query(campaignProgressQuery));
        } catch (err) {
          if (!row && err instanceof WorkflowNotFoundError) throw notFound(`no campaign ${id}`);
          progressUnavailable = 'the campaign workflow did not answer its progress query in time';
        }
      }
      if (!row && !progress) throw notFound(`no campaign ${id}`);
      return {
        campaign: row ? { ...campaignView(row), config: row.config } : null,
        progress: progress ? { ...progress, counts: Object.fromEntries(Object.entries(progress.counts)) } : null,
        ...(progressUnavailable ? { progressUnavailable } : {}),
      };
    },
  );

  app.post(
    '/campaigns/:id/cancel',
    {
      config: { roles: ['program_manager'] },
      schema: {
        tags: TAG,
        summary: 'Cancel a running campaign (its packages and cases close as cancelled)',
        security: bearerSecurity,
        params: campaignParams,
        response: { 202: cancelResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const { id } = request.params;
      const row = await campaignFor(orm.em.fork(), user, id, 'act');
      const handle = client.workflow.getHandle(campaignWorkflowId(id));
      const description = await withReadDeadline(client, () => handle.describe()).catch((err: unknown) => {
        if (err instanceof WorkflowNotFoundError) throw notFound(`no campaign ${id}`);
        throw err;
      });
      if (description.status.name !== 'RUNNING') throw conflict(`campaign ${id} is not running (${description.status.name.toLowerCase()})`, 'not_running');
      // The close-out writes the campaign's final status before its workflow returns: in that moment the workflow
      // still runs, but a cancel would change nothing and "cancel_requested" would mislead the manager.
      if (row && row.status !== 'running') throw conflict(`campaign ${id} is not running (${row.status})`, 'not_running');
      await callTemporal(() => handle.cancel(), {}, `campaign ${id}`);
      await writeAudit(orm, user, {
        action: API_AUDIT_ACTIONS.campaignCancel,
        entity: 'campaign',
        entityId: id,
        campaignId: id,
        before: { status: row?.status ?? 'running', phase: row?.phase ?? null },
        after: { status: 'cancel_requested' },
      });
      return reply.code(202).send({ campaignId: id, status: 'cancel_requested' as const });
    },
  );
};
