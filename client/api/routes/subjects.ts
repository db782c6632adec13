/**
 * Data-subject access (UU PDP): an admin exports everything held about one NIK, to answer a person's request
 * (within 3×24 hours). The export is itself a read of personal data: audited before it is sent, one entry per
 * family record shown plus one for the request, which names the NIK only masked.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { exportSubject } from '../../../db/repositories/subject-export-repository';
import { maskNik } from '../../../domain/masking';
import { API_AUDIT_ACTIONS, writeAudit } from '../audit';
import { currentUser } from '../auth/authenticate';
import type { ApiDeps } from '../deps';
import { bearerSecurity, errorResponses } from '../schemas/common';
import { subjectExportBody, subjectExportResponse } from '../schemas/subjects';

export const SUBJECT_EXPORT_PATH = '/admin/subject-export';

export const subjectRoutes: FastifyPluginAsyncZod<ApiDeps> = async (app, deps) => {
  app.post(
    SUBJECT_EXPORT_PATH,
    {
      config: { roles: ['admin'] },
      schema: {
        tags: ['admin'],
        summary: 'Everything held about one NIK, across campaigns (data-subject access; audited)',
        description: 'The NIK goes in the body, never in the URL. An unknown NIK is not an error: the export is empty.',
        security: bearerSecurity,
        body: subjectExportBody,
        response: { 200: subjectExportResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const { nik } = request.body;
      const found = await exportSubject(deps.orm.em.fork(), nik);
      await writeAudit(
        deps.orm,
        user,
        {
          action: API_AUDIT_ACTIONS.subjectExport,
          entity: 'data_subject',
          entityId: maskNik(nik),
          after: { families: found.families.length, campaigns: [...new Set(found.families.map((f) => f.campaignId))], quarantined: found.quarantined.length },
        },
        ...found.families.map((f) => ({
          action: API_AUDIT_ACTIONS.readPersonalData,
          entity: 'p3ke_family',
          entityId: `${f.campaignId}/${f.familyId}`,
          campaignId: f.campaignId,
          after: { via: 'subject_export' },
        })),
      );
      reply.header('cache-control', 'no-store');
      return { nik, generatedAt: deps.now().toISOString(), ...found };
    },
  );
};
