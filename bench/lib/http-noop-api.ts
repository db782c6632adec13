/**
 * A diagnostic for the round trip, not a target: the smallest HTTP front for an Update this service could have.
 * The same fastify, the same bearer-token check as the API (one statement per request, installAuthentication),
 * and then one no-op Update on a warm bench workflow with the same encrypting client. What a field result costs
 * beyond it is the work of recording one (the body's rules, the API's read and write statements, the package's
 * validation of a larger submission), apart from HTTP and authentication.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import type { Client } from '@temporalio/client';
import type { MikroORM } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { installAuthentication } from '../../client/api/auth/authenticate';
import { benchNoopUpdate } from '../workflows/contracts';

const params = z.object({ workflowId: z.string().min(1) });
const body = z.object({ n: z.number().int() });

export async function startHttpNoopApi(orm: MikroORM, client: Client): Promise<{ base: string; app: FastifyInstance }> {
  const app = Fastify({ logger: false });
  installAuthentication(app, orm);
  app.post('/noop/:workflowId', { config: { roles: ['officer'] } }, async (request) => {
    const { workflowId } = params.parse(request.params);
    const { n } = body.parse(request.body);
    return { n: await client.workflow.getHandle(workflowId).executeUpdate(benchNoopUpdate, { args: [n] }) };
  });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  return { base, app };
}
