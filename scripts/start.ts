/**
 * `npm start`: production in one process: the worker and the HTTP API against the configured services
 * (DATABASE_URL, TEMPORAL_ADDRESS…, config/env.ts). It starts nothing else: no dev server, no simulator, no
 * database. It applies no migration either: with migrations pending it refuses to start and says to run
 * `npm run db:migrate`, because a schema change is a deliberate step taken once, not a race between replicas
 * that each start with DDL rights. Worker metrics on WORKER_METRICS_ADDRESS, API metrics on /metrics.
 * SIGTERM or SIGINT: the API stops taking requests and finishes those in flight, the worker drains, exit 0.
 */
import { MikroORM } from '@mikro-orm/postgresql';
import { ConfigError, loadEnv } from '../config/env';
import { p3keBaseUrl } from '../config/p3ke';
import { ormConfig } from '../db/mikro-orm.config';
import type { RunningApiServer } from '../client/api/main';
import type { RunningWorker } from '../workers/run-worker';
import { checkServer } from './lib/database';
import { explainAndExit, SetupError } from './lib/setup-error';

async function refuseWithPendingMigrations(orm: MikroORM): Promise<void> {
  const pending = await orm.migrator.getPendingMigrations();
  if (pending.length === 0) return;
  throw new SetupError(
    `The database has ${pending.length} pending migration(s): ${pending.map((m) => m.name).join(', ')}.`,
    'Apply them first with `npm run db:migrate` (Docker: the `migrate` service), then start again.',
  );
}

async function main(): Promise<void> {
  const env = loadEnv();
  await checkServer(env.DATABASE_URL);
  const orm = await MikroORM.init(ormConfig(env.DATABASE_URL));
  let worker: RunningWorker | undefined;
  let api: RunningApiServer | undefined;
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      await api?.close();
      await worker?.stop();
      await orm.close();
    })());

  let metricsUrl: string | null;
  try {
    await refuseWithPendingMigrations(orm);
    // Loaded only once the database is known to be ready: the SDK, Fastify and the routes take seconds to load,
    // which a refusal need not wait for.
    const { installWorkerRuntime, sdkLogLevel } = await import('../workers/runtime');
    // Before any Temporal connection: the Runtime is installed once per process.
    ({ metricsUrl } = await installWorkerRuntime({ metricsAddress: env.WORKER_METRICS_ADDRESS, logLevel: sdkLogLevel(env.LOG_LEVEL) }));
    const { startWorker } = await import('../workers/run-worker');
    (await import('../workers/heap-limit')).warnIfHeapUnbounded();
    const { startApiServer } = await import('../client/api/main');
    worker = await startWorker({ env, orm, p3keBaseUrl: p3keBaseUrl(env) });
    api = await startApiServer(env, { orm });
  } catch (err) {
    await stop().catch(() => undefined);
    throw err;
  }
  console.log(`verivali: worker on task queue ${env.TEMPORAL_TASK_QUEUE} (${env.TEMPORAL_NAMESPACE}), worker metrics ${metricsUrl ?? 'off'}; API ${api.url} (/ready, /metrics, /docs)`);

  // The Runtime's own handlers start the worker's drain on the same signals; this one stops the rest and exits.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.log(`verivali: ${signal}, stopping`);
      stop().then(
        () => process.exit(0),
        (err: unknown) => {
          console.error('verivali: stopping failed:', err instanceof Error ? err.message : err);
          process.exit(1);
        },
      );
    });
  }
  // A worker that dies on its own (a fatal error, not a signal) takes the process down with it: half a service
  // that answers /ready would hide the failure from the orchestrator.
  worker.done.then(
    () => undefined,
    (err: unknown) => {
      console.error('verivali: the worker stopped:', err instanceof Error ? err.message : err);
      void stop().finally(() => process.exit(1));
    },
  );
}

main().catch((err: unknown) => {
  // A bad variable or a taken port is a message that names it, not a stack trace (by name: workers/runtime is
  // loaded lazily, so its class is not imported here).
  if (err instanceof ConfigError || (err instanceof Error && err.name === 'WorkerRuntimeError')) {
    console.error(`verivali: ${err.message}`);
    process.exit(1);
  }
  explainAndExit(err);
});
