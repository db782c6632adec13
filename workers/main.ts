/**
 * `npm run worker`: the production worker against the configured Temporal, PostgreSQL and P3KE service.
 */
import { NativeConnection } from '@temporalio/worker';
import { MikroORM } from '@mikro-orm/postgresql';
import { loadEnv } from '../config/env';
import { temporalConnectionOptions } from '../config/temporal-connection';
import { ormConfig } from '../db/mikro-orm.config';
import { createP3keClient } from '../activities/p3ke/p3ke-client';
import { p3keBaseUrl } from '../config/p3ke';
import { createVerivaliWorker } from './create-worker';

async function main(): Promise<void> {
  const env = loadEnv();
  const orm = await MikroORM.init(ormConfig(env.DATABASE_URL));
  const connection = await NativeConnection.connect(temporalConnectionOptions(env));
  const p3ke = createP3keClient({ baseUrl: p3keBaseUrl(env), token: env.P3KE_API_TOKEN, timeoutMs: env.P3KE_API_TIMEOUT_MS });
  const worker = await createVerivaliWorker({ connection, namespace: env.TEMPORAL_NAMESPACE, taskQueue: env.TEMPORAL_TASK_QUEUE, deps: { orm, p3ke, dataDir: env.VERIVALI_DATA_DIR } });
  console.log(`worker polling task queue ${env.TEMPORAL_TASK_QUEUE} on ${env.TEMPORAL_NAMESPACE}`);
  try {
    await worker.run();
  } finally {
    await connection.close();
    await orm.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
