/** Liveness, readiness (PostgreSQL and Temporal, each with a deadline) and Prometheus metrics: no auth, no personal data. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Registry } from 'prom-client';
import { z } from 'zod';
import type { ApiDeps } from '../deps';

const TAG = ['operations'];
const CHECK_TIMEOUT_MS = 2_000;
/** A little longer than the checks' own deadlines, so Temporal's deadline ends its retries before the check gives up. */
const CHECK_WAIT_MS = CHECK_TIMEOUT_MS + 500;

const checkResult = z.object({ ok: z.boolean(), ms: z.number(), error: z.string().optional() });
const readyResponse = z.object({ status: z.enum(['ready', 'not_ready']), checks: z.object({ postgres: checkResult, temporal: checkResult }) });

async function check(run: () => Promise<unknown>): Promise<z.infer<typeof checkResult>> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_WAIT_MS} ms`)), CHECK_WAIT_MS);
  });
  try {
    await Promise.race([run(), timeout]);
    return { ok: true, ms: Date.now() - started };
  } catch (err) {
    // The error's class and code say what failed; its message could carry connection details.
    const e = err as { name?: string; code?: string | number; message?: string };
    const why = e.message?.startsWith('no answer within') ? e.message : [e.name ?? 'Error', e.code].filter((x) => x !== undefined).join(' ');
    return { ok: false, ms: Date.now() - started, error: why };
  } finally {
    clearTimeout(timer);
  }
}

export const healthRoutes: FastifyPluginAsyncZod<ApiDeps & { registry: Registry }> = async (app, deps) => {
  app.get('/health', { schema: { tags: TAG, summary: 'Liveness: the process answers', response: { 200: z.object({ status: z.literal('ok') }) } } }, async () => ({
    status: 'ok' as const,
  }));

  app.get(
    '/ready',
    { schema: { tags: TAG, summary: 'Readiness: PostgreSQL answers select 1 and Temporal answers GetSystemInfo', response: { 200: readyResponse, 503: readyResponse } } },
    async (_request, reply) => {
      const [postgres, temporal] = await Promise.all([
        check(() => deps.orm.em.fork().getConnection().execute('select 1')),
        check(() => deps.client.withDeadline(Date.now() + CHECK_TIMEOUT_MS, () => deps.client.connection.workflowService.getSystemInfo({}))),
      ]);
      const ready = postgres.ok && temporal.ok;
      return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', checks: { postgres, temporal } });
    },
  );

  app.get('/metrics', { schema: { tags: TAG, summary: 'Prometheus metrics', produces: ['text/plain'], response: { 200: z.string() } } }, async (_request, reply) =>
    reply.type(deps.registry.contentType).send(await deps.registry.metrics()),
  );
};
