/**
 * What the close-out writes under <dataDir>/feedback/<campaignId>/ (activities/closeout): the report, read by
 * program managers, admins and supervisors of the area; and the feedback files for Kemenko PMK, which carry names
 * and NIKs, downloaded by program managers and admins only, each download audited as a read of personal data.
 */
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { FEEDBACK_FILE_NAMES } from '../../../activities/closeout/closeout-activities';
import { campaignWorkflowId } from '../../../domain/contracts/workflow-ids';
import { API_AUDIT_ACTIONS, writeAudit } from '../audit';
import { currentUser } from '../auth/authenticate';
import type { ApiDeps } from '../deps';
import { conflict, notFound } from '../errors';
import { findCampaign } from '../queries/campaigns';
import { reportResponse } from '../schemas/campaigns';
import { bearerSecurity, campaignParams, errorResponses } from '../schemas/common';
import { withReadDeadline } from '../temporal-calls';
import { campaignFor } from './access';

const TAG = ['campaigns'];

/** The campaign id is validated by campaignIdSchema (no '/', no '..') before it becomes a directory name. */
const campaignDir = (dataDir: string, campaignId: string): string => resolve(dataDir, 'feedback', campaignId);

async function fileSize(path: string): Promise<number | null> {
  try {
    const s = await stat(path);
    return s.isFile() ? s.size : null;
  } catch {
    return null;
  }
}

const DOWNLOADS = [
  { url: '/campaigns/:id/feedback.csv', file: FEEDBACK_FILE_NAMES.families, type: 'text/csv; charset=utf-8' },
  { url: '/campaigns/:id/feedback.json', file: FEEDBACK_FILE_NAMES.json, type: 'application/json; charset=utf-8' },
] as const;

export const campaignFileRoutes: FastifyPluginAsyncZod<ApiDeps> = async (app, deps) => {
  const { orm } = deps;

  /**
   * 404 for an unknown campaign, 409 while its workflow runs: the row turns 'completed' just before the close-out
   * writes report.json, so the workflow, not the row, says whether the file is still to come.
   */
  async function notThere(id: string, what: string): Promise<never> {
    const row = await findCampaign(orm.em.fork(), id);
    if (!row) throw notFound(`no campaign ${id}`);
    const running =
      row.status === 'running' ||
      (await withReadDeadline(deps.client, () => deps.client.workflow.getHandle(campaignWorkflowId(id)).describe()).then(
        (d) => d.status.name === 'RUNNING',
        () => false,
      ));
    if (running) throw conflict(`campaign ${id} is still running (${row.phase}): no ${what} yet`, 'not_ready');
    throw notFound(`campaign ${id} has no ${what} (${row.status})`);
  }

  app.get(
    '/campaigns/:id/report',
    {
      config: { roles: ['program_manager', 'admin', 'supervisor'] },
      schema: {
        tags: TAG,
        summary: 'The close-out report (counts and breakdowns, no personal data)',
        security: bearerSecurity,
        params: campaignParams,
        response: { 200: reportResponse, ...errorResponses },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const { id } = request.params;
      await campaignFor(orm.em.fork(), user, id, 'see');
      let text: string;
      try {
        text = await readFile(join(campaignDir(deps.dataDir, id), FEEDBACK_FILE_NAMES.report), 'utf8');
      } catch {
        return notThere(id, 'report');
      }
      const report = JSON.parse(text) as z.infer<typeof reportResponse>;
      // The worker's paths say nothing to a reader and reveal its file system: names only.
      return { ...report, feedbackFiles: (report.feedbackFiles ?? []).map((f) => basename(f)) };
    },
  );

  for (const download of DOWNLOADS) {
    app.get(
      download.url,
      {
        config: { roles: ['program_manager', 'admin'] },
        schema: {
          tags: TAG,
          summary: `Download ${download.file} for Kemenko PMK (personal data: audited)`,
          security: bearerSecurity,
          params: campaignParams,
          produces: [download.type.split(';')[0] ?? 'application/octet-stream'],
          response: { 200: z.string().describe(`the file ${download.file}`), ...errorResponses },
        },
      },
      async (request, reply) => {
        const user = currentUser(request);
        const { id } = request.params;
        await campaignFor(orm.em.fork(), user, id, 'act');
        const path = join(campaignDir(deps.dataDir, id), download.file);
        const size = await fileSize(path);
        if (size === null) return notThere(id, download.file);
        // Audited before a byte leaves: a read that cannot be recorded does not happen.
        await writeAudit(orm, user, {
          action: API_AUDIT_ACTIONS.readPersonalData,
          entity: 'feedback_file',
          entityId: `${id}/${download.file}`,
          campaignId: id,
          after: { file: download.file, bytes: size },
        });
        return reply
          .type(download.type)
          .header('content-disposition', `attachment; filename="${id}-${download.file}"`)
          .header('cache-control', 'no-store')
          .header('content-length', size)
          // Streamed as is; the route schema documents the file as a string.
          .send(createReadStream(path) as unknown as string);
      },
    );
  }
};
