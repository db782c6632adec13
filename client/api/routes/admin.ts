/**
 * Admins: take an officer out of the field (their open packages move to another officer at once) and read the
 * audit log (ids, actions and decisions; no personal data by construction).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AuditLogSchema } from '../../../db/entities/audit-log.entity';
import { OfficerSchema } from '../../../db/entities/officer.entity';
import { officerUnavailableSignal } from '../../../domain/contracts/work-package';
import { workPackageWorkflowId } from '../../../domain/contracts/workflow-ids';
import { API_AUDIT_ACTIONS, auditBy } from '../audit';
import { currentUser } from '../auth/authenticate';
import type { ApiDeps } from '../deps';
import { ApiError, notFound } from '../errors';
import { iso, sql } from '../queries/sql';
import { auditEntry, auditQuery, officerParams, unavailableResponse } from '../schemas/admin';
import { bearerSecurity, errorResponses } from '../schemas/common';
import { callTemporal } from '../temporal-calls';

const TAG = ['admin'];
const ADMIN = { roles: ['admin'] } as const;

export const adminRoutes: FastifyPluginAsyncZod<ApiDeps> = async (app, deps) => {
  const { orm, client } = deps;

  app.post(
    '/officers/:id/unavailable',
    {
      config: ADMIN,
      schema: {
        tags: TAG,
        summary: 'Mark an officer unavailable: no new work, and each open package of theirs moves to another officer',
        security: bearerSecurity,
        params: officerParams,
        response: { 200: unavailableResponse, ...errorResponses },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const { id } = request.params;
      await orm.em.fork().transactional(async (em) => {
        const officer = await em.findOne(OfficerSchema, { id });
        if (!officer) throw notFound(`no officer ${id} in the roster`, 'unknown_officer');
        const before = { available: officer.available };
        officer.available = false;
        auditBy(em, user, [{ action: API_AUDIT_ACTIONS.officerUnavailable, entity: 'officer', entityId: id, before, after: { available: false } }]);
      });
      const open = await sql<{ id: string; campaign_id: string; desa_code: string; seq: number }>(
        orm.em.fork(),
        `select id, campaign_id, desa_code, seq from work_package where officer_id = ? and status = 'open' order by id`,
        [id],
      );
      const signalledPackages: string[] = [];
      const notRunning: string[] = [];
      for (const p of open) {
        const handle = client.workflow.getHandle(workPackageWorkflowId(p.campaign_id, p.desa_code, p.seq));
        try {
          await callTemporal(() => handle.signal(officerUnavailableSignal, { officerId: id }), {}, `package ${p.id}`);
          signalledPackages.push(p.id);
        } catch (err) {
          // A package workflow that closed since the projection was read has nothing left to move.
          if (!(err instanceof ApiError && err.code === 'not_running')) throw err;
          notRunning.push(p.id);
        }
      }
      return { officerId: id, available: false as const, signalledPackages, notRunning };
    },
  );

  app.get(
    '/audit',
    {
      config: ADMIN,
      schema: {
        tags: TAG,
        summary: 'The audit log, newest first',
        security: bearerSecurity,
        querystring: auditQuery,
        response: { 200: z.object({ entries: z.array(auditEntry) }), ...errorResponses },
      },
    },
    async (request) => {
      const q = request.query;
      const rows = await orm.em.fork().find(
        AuditLogSchema,
        {
          ...(q.campaignId ? { campaignId: q.campaignId } : {}),
          ...(q.actor ? { actor: q.actor } : {}),
          ...(q.action ? { action: q.action } : {}),
          ...(q.entityId ? { entityId: q.entityId } : {}),
          ...(q.beforeId ? { id: { $lt: q.beforeId } } : {}),
        },
        { orderBy: { id: 'desc' }, limit: q.limit },
      );
      const entries = rows.map((r) => ({
        id: Number(r.id),
        at: iso(r.at) ?? '',
        actor: r.actor,
        actorRole: r.actorRole,
        action: r.action,
        entity: r.entity,
        entityId: r.entityId,
        campaignId: r.campaignId ?? null,
        before: r.before ?? null,
        after: r.after ?? null,
      }));
      return { entries };
    },
  );
};
