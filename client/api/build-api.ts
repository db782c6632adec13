/**
 * buildApi: the HTTP API as a Fastify instance (testable with `app.inject`, started by main.ts). zod schemas
 * validate every request and response and produce the OpenAPI 3 document (/openapi.json, Swagger UI at /docs).
 * Nothing here is a module-level singleton: the ORM, the Temporal client and the clock come in as arguments.
 */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Client } from '@temporalio/client';
import type { PayloadCodec } from '@temporalio/common';
import type { MikroORM } from '@mikro-orm/postgresql';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { createJsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppEnv } from '../../config/env';
import { installAuthentication } from './auth/authenticate';
import type { ApiDeps } from './deps';
import { installErrorHandlers } from './errors';
import { installMetrics } from './metrics';
import { adminRoutes } from './routes/admin';
import { campaignFileRoutes } from './routes/campaign-files';
import { campaignRoutes } from './routes/campaigns';
import { dashboardRoutes } from './routes/dashboard';
import { CODEC_PREFIX, codecRoutes } from './routes/codec';
import { escalationRoutes } from './routes/escalations';
import { healthRoutes } from './routes/health';
import { packageRoutes } from './routes/packages';
import { planRoutes } from './routes/plans';
import { subjectRoutes } from './routes/subjects';
import { webRoutes } from './routes/web';

/** Largest JSON body the API reads (a field result with 30 members and 20 photo references is about 10 KiB). */
export const API_BODY_LIMIT_BYTES = 256 * 1024;
export const OPENAPI_PATH = '/openapi.json';
export const DOCS_PREFIX = '/docs';

export interface BuildApiOptions {
  orm: MikroORM;
  /** A Temporal client with the encrypting data converter (verivaliDataConverter). */
  client: Client;
  env: AppEnv;
  /** Where campaigns start; default TEMPORAL_TASK_QUEUE. */
  taskQueue?: string;
  now?: () => Date;
  /** Where the worker writes feedback files and reports; default VERIVALI_DATA_DIR. */
  dataDir?: string;
  /** The codec the codec endpoint runs; default the client's payload codecs. */
  codec?: PayloadCodec;
  /** Fastify logger options; false (tests) by default. Requests are logged by route template, never by body. */
  logger?: FastifyServerOptions['logger'];
  /** Node process metrics (event loop, memory) on /metrics; main.ts turns them on. */
  processMetrics?: boolean;
}

/** The client's codecs as one: encode in order, decode in reverse, as the SDK does. */
function codecOf(client: Client): PayloadCodec {
  const codecs = client.options.loadedDataConverter.payloadCodecs;
  return {
    async encode(payloads) {
      for (const codec of codecs) payloads = await codec.encode(payloads);
      return payloads;
    },
    async decode(payloads) {
      for (const codec of [...codecs].reverse()) payloads = await codec.decode(payloads);
      return payloads;
    },
  };
}

export async function buildApi(options: BuildApiOptions): Promise<FastifyInstance> {
  const { orm, client, env } = options;
  const deps: ApiDeps = {
    orm,
    client,
    taskQueue: options.taskQueue ?? env.TEMPORAL_TASK_QUEUE,
    now: options.now ?? (() => new Date()),
    dataDir: options.dataDir ?? env.VERIVALI_DATA_DIR,
  };

  const app = Fastify({ logger: options.logger ?? false, bodyLimit: API_BODY_LIMIT_BYTES, disableRequestLogging: true }).withTypeProvider<ZodTypeProvider>();
  // JSON only: a text/plain body is refused with 415 instead of reaching a schema as a string.
  app.removeContentTypeParser('text/plain');
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandlers(app);
  installAuthentication(app, orm);
  const { registry } = installMetrics(app, orm, { processMetrics: options.processMetrics ?? false });

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    if (!reply.hasHeader('cache-control') && !request.url.startsWith(DOCS_PREFIX)) reply.header('cache-control', 'no-store');
  });
  app.addHook('onResponse', async (request, reply) => {
    // Route template, status and user id only: URLs carry family ids, bodies carry personal data.
    request.log.info({ method: request.method, route: request.routeOptions.url ?? 'unmatched', status: reply.statusCode, ms: Math.round(reply.elapsedTime), user: request.user?.id }, 'request');
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Verivali IKN API',
        version: '1.0.0',
        description: 'Verification campaigns over P3KE data for IKN. Roles, area scopes and examples: client/api/README.md.',
      },
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', description: 'an API token from scripts/create-user.ts' },
          codecSession: { type: 'apiKey', in: 'cookie', name: 'verivali_codec_session', description: 'codec routes only (POST /codec/session)' },
        },
      },
    },
    transform: createJsonSchemaTransform({ skipList: [OPENAPI_PATH] }),
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: DOCS_PREFIX, uiConfig: { url: OPENAPI_PATH } as Record<string, unknown> });
  app.get(OPENAPI_PATH, { schema: { hide: true } }, async () => app.swagger());

  await app.register(healthRoutes, { ...deps, registry });
  await app.register(campaignRoutes, deps);
  await app.register(campaignFileRoutes, deps);
  await app.register(planRoutes, deps);
  await app.register(packageRoutes, deps);
  await app.register(escalationRoutes, deps);
  await app.register(adminRoutes, deps);
  await app.register(subjectRoutes, deps);
  await app.register(dashboardRoutes, deps);
  await app.register(webRoutes);
  await app.register(codecRoutes, {
    ...deps,
    prefix: CODEC_PREFIX,
    codec: options.codec ?? codecOf(client),
    namespace: client.options.namespace,
    corsOrigins: env.API_CODEC_CORS_ORIGINS,
  });
  await app.ready();
  return app;
}
