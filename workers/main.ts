/**
 * `npm run worker`: the production worker against the configured Temporal, PostgreSQL and P3KE service, with the
 * SDK's Prometheus metrics on WORKER_METRICS_ADDRESS. SIGINT/SIGTERM stop it gracefully (the Runtime's signals).
 */
import { MikroORM } from '@mikro-orm/postgresql';
import { loadEnv } from '../config/env';
import { p3keBaseUrl } from '../config/p3ke';
import { ormConfig } from '../db/mikro-orm.config';
import { warnIfHeapUnbounded } from './heap-limit';
import { installWorkerRuntime, sdkLogLevel } from './runtime';
import { startWorker } from './run-worker';

async function main(): Promise<void> {
  const env = loadEnv();
  warnIfHeapUnbounded();
  const runtime = await installWorkerRuntime({ metricsAddress: env.WORKER_METRICS_ADDRESS, logLevel: sdkLogLevel(env.LOG_LEVEL) });
  const orm = await MikroORM.init(ormConfig(env.DATABASE_URL));
  try {
    const running = await startWorker({ env, orm, p3keBaseUrl: p3keBaseUrl(env) });
    console.log(`worker polling task queue ${env.TEMPORAL_TASK_QUEUE} on ${env.TEMPORAL_NAMESPACE}; metrics ${runtime.metricsUrl ?? 'off'}`);
    await running.done;
  } finally {
    await orm.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
