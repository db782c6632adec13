/**
 * `npx ts-node --transpile-only client/api/main.ts`: the HTTP API against the configured PostgreSQL and Temporal
 * (config/env.ts), on API_HOST:API_PORT. Logs carry route templates, statuses and user ids, never personal data.
 */
import { Client, Connection } from '@temporalio/client';
import { MikroORM } from '@mikro-orm/postgresql';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { loadEnv, type AppEnv } from '../../config/env';
import { temporalConnectionOptions } from '../../config/temporal-connection';
import { ormConfig } from '../../db/mikro-orm.config';
import { describeKeyRing, loadKeyRing } from '../codec/codec-keys';
import { createDataConverter } from '../codec/data-converter';
import { buildApi } from './build-api';

export interface RunningApiServer {
  app: FastifyInstance;
  /** http://host:port where it listens. */
  url: string;
  /** Stops accepting requests, finishes the ones in flight, closes its Temporal connection (and its ORM if it made one). */
  close(): Promise<void>;
}

/**
 * The API on API_HOST:API_PORT with its own Temporal client; used by this file and by `npm start` (scripts/start.ts),
 * which passes the ORM it shares with the worker (the caller then closes it).
 */
export async function startApiServer(env: AppEnv, options: { orm?: MikroORM; logger?: FastifyServerOptions['logger'] } = {}): Promise<RunningApiServer> {
  const keys = loadKeyRing(env);
  const orm = options.orm ?? (await MikroORM.init(ormConfig(env.DATABASE_URL)));
  const connection = await Connection.connect(temporalConnectionOptions(env));
  const client = new Client({ connection, namespace: env.TEMPORAL_NAMESPACE, dataConverter: createDataConverter(keys.ring) });
  const app = await buildApi({ orm, client, env, logger: options.logger ?? { level: env.LOG_LEVEL }, processMetrics: true });
  app.log.info(describeKeyRing(keys));
  const url = await app.listen({ host: env.API_HOST, port: env.API_PORT });
  let closed: Promise<void> | undefined;
  return {
    app,
    url,
    close() {
      closed ??= (async () => {
        await app.close();
        await connection.close();
        if (!options.orm) await orm.close();
      })();
      return closed;
    },
  };
}

async function main(): Promise<void> {
  const env = loadEnv();
  const server = await startApiServer(env);
  const close = (signal: string): void => {
    server.app.log.info({ signal }, 'shutting down');
    void server.close();
  };
  process.once('SIGINT', () => close('SIGINT'));
  process.once('SIGTERM', () => close('SIGTERM'));
}

// Imported by scripts/start.ts for startApiServer: only run as a program when started as one.
if (require.main === module) {
  main().catch((err: unknown) => {
    // A start-up error names the variable or service at fault; it never holds personal data.
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
