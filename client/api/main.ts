/**
 * `npx ts-node --transpile-only client/api/main.ts`: the HTTP API against the configured PostgreSQL and Temporal
 * (config/env.ts), on API_HOST:API_PORT. Logs carry route templates, statuses and user ids, never personal data.
 */
import { Client, Connection } from '@temporalio/client';
import { MikroORM } from '@mikro-orm/postgresql';
import { loadEnv } from '../../config/env';
import { temporalConnectionOptions } from '../../config/temporal-connection';
import { ormConfig } from '../../db/mikro-orm.config';
import { describeKeyRing, loadKeyRing } from '../codec/codec-keys';
import { createDataConverter } from '../codec/data-converter';
import { buildApi } from './build-api';

async function main(): Promise<void> {
  const env = loadEnv();
  const keys = loadKeyRing(env);
  const orm = await MikroORM.init(ormConfig(env.DATABASE_URL));
  const connection = await Connection.connect(temporalConnectionOptions(env));
  const client = new Client({ connection, namespace: env.TEMPORAL_NAMESPACE, dataConverter: createDataConverter(keys.ring) });
  const app = await buildApi({ orm, client, env, logger: { level: env.LOG_LEVEL }, processMetrics: true });
  app.log.info(describeKeyRing(keys));

  let closing = false;
  const close = async (signal: string): Promise<void> => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    await app.close();
    await connection.close();
    await orm.close();
  };
  process.once('SIGINT', () => void close('SIGINT'));
  process.once('SIGTERM', () => void close('SIGTERM'));

  await app.listen({ host: env.API_HOST, port: env.API_PORT });
}

main().catch((err: unknown) => {
  // A start-up error names the variable or service at fault; it never holds personal data.
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
