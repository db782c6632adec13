/**
 * The production worker (workers/create-worker.ts) in a process of its own, for the bench: its peak RSS is then the
 * worker's alone, not the bench's (simulated people, clients, earlier benchmarks). Everything comes from the
 * environment bench/lib/worker-process.ts sets; payload encryption from VERIVALI_CODEC_KEYS_FILE of the run.
 */
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { MikroORM } from '@mikro-orm/postgresql';
import { ormConfig } from '../../db/mikro-orm.config';
import { createP3keClient } from '../../activities/p3ke/p3ke-client';
import { createVerivaliWorker } from '../../workers/create-worker';
import { BENCH_WORKER_ENV, BENCH_WORKER_READY } from './worker-process';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`bench worker: ${name} is not set`);
  return value;
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('ERROR'), telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' }, forward: {} } } });
  const orm = await MikroORM.init(ormConfig(required(BENCH_WORKER_ENV.databaseUrl)));
  const connection = await NativeConnection.connect({ address: required(BENCH_WORKER_ENV.temporalAddress) });
  const worker = await createVerivaliWorker({
    connection,
    namespace: required(BENCH_WORKER_ENV.namespace),
    taskQueue: required(BENCH_WORKER_ENV.taskQueue),
    deps: { orm, p3ke: createP3keClient({ baseUrl: required(BENCH_WORKER_ENV.p3keUrl), token: required(BENCH_WORKER_ENV.p3keToken), timeoutMs: 60_000 }), dataDir: required(BENCH_WORKER_ENV.dataDir) },
    workflowBundle: { codePath: required(BENCH_WORKER_ENV.workflowBundlePath) },
  });
  // The parent stops the worker with SIGTERM: drain and exit, as `npm run worker` does.
  process.once('SIGTERM', () => worker.shutdown());
  const running = worker.run();
  process.send?.(BENCH_WORKER_READY);
  try {
    await running;
  } finally {
    await connection.close();
    await orm.close();
  }
}

main().catch((err: unknown) => {
  console.error('bench worker failed:', err instanceof Error ? err.message : err);
  process.exit(1);
});
