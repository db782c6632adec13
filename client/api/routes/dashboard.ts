/**
 * The program managers' dashboard (client/web/dashboard): one read-only route with a campaign's aggregates.
 * Counts only, so no read here is a read of personal data; area-scoped like the other campaign routes.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { CAMPAIGN_PHASES } from '../../../domain/contracts/campaign';
import { currentUser } from '../auth/authenticate';
import type { ApiDeps } from '../deps';
import { notFound } from '../errors';
import { desilShift, fieldProgress, interventionsByProgramme, mismatchesByDesa, mismatchesByType, type DesilShiftSummary } from '../queries/dashboard';
import { bearerSecurity, campaignParams, errorResponses } from '../schemas/common';
import { dashboardResponse } from '../schemas/dashboard';
import { campaignFor } from './access';

/**
 * The desil shift walks every family of the campaign; the page refreshes every few seconds, possibly in several
 * browsers, so one walk per campaign serves the requests of the next few seconds.
 */
const DESIL_SHIFT_TTL_MS = 10_000;
const DESIL_SHIFT_CACHE_MAX = 50;

export const dashboardRoutes: FastifyPluginAsyncZod<ApiDeps> = async (app, deps) => {
  const { orm } = deps;
  const shiftCache = new Map<string, { at: number; value: Promise<DesilShiftSummary> }>();

  const cachedDesilShift = (campaignId: string): Promise<DesilShiftSummary> => {
    const now = Date.now();
    const hit = shiftCache.get(campaignId);
    if (hit && now - hit.at < DESIL_SHIFT_TTL_MS) return hit.value;
    const value = desilShift(orm.em.fork(), campaignId);
    // A failed walk is not remembered: the next refresh tries again.
    value.catch(() => {
      if (shiftCache.get(campaignId)?.value === value) shiftCache.delete(campaignId);
    });
    shiftCache.delete(campaignId);
    shiftCache.set(campaignId, { at: now, value });
    if (shiftCache.size > DESIL_SHIFT_CACHE_MAX) shiftCache.delete(shiftCache.keys().next().value as string);
    return value;
  };

  app.get(
    '/campaigns/:id/dashboard',
    {
      config: { roles: ['program_manager', 'admin'] },
      schema: {
        tags: ['campaigns'],
        summary: 'Aggregates for the dashboard: field progress, mismatches by type and desa, desil shift, interventions by programme',
        description: 'Counts only (no names, NIKs or family ids). The desil shift compares settled families by P3KE desil and by verified desil; it is recomputed at most every 10 seconds.',
        security: bearerSecurity,
        params: campaignParams,
        response: { 200: dashboardResponse, ...errorResponses },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const { id } = request.params;
      const em = orm.em.fork();
      const campaign = await campaignFor(em, user, id, 'see');
      if (!campaign) throw notFound(`no campaign ${id} yet: the workflow has not registered it`);
      const [progress, byType, byDesa, shift, interventions] = await Promise.all([
        fieldProgress(orm.em.fork(), id),
        mismatchesByType(orm.em.fork(), id),
        mismatchesByDesa(orm.em.fork(), id),
        cachedDesilShift(id),
        interventionsByProgramme(orm.em.fork(), id),
      ]);
      return {
        campaignId: id,
        name: campaign.name,
        status: campaign.status,
        phase: campaign.phase,
        phases: [...CAMPAIGN_PHASES],
        generatedAt: deps.now().toISOString(),
        progress,
        mismatchesByType: byType,
        mismatchesByDesa: byDesa,
        desilShift: shift,
        interventions,
      };
    },
  );
};
