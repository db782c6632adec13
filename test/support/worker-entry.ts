/**
 * A worker in a process of its own, so a test can SIGKILL it mid-activity. The same factory as production
 * (workers/create-worker.ts) on the test stack; everything comes from the environment set by worker-process.ts.
 * Tells the parent over IPC once it polls.
 */
import { join } from 'node:path';
import { NativeConnection } from '@temporalio/worker';
import { MikroORM } from '@mikro-orm/postgresql';
import { ormConfig } from '../../db/mikro-orm.config';
import { createP3keClient } from '../../activities/p3ke/p3ke-client';
import { createVerivaliWorker } from '../../workers/create-worker';
import { installWorkerRuntime } from '../../workers/runtime';
import { TEST_RUN_DIR } from './stack-file';
import { installQuietRuntime, WORKER_ENV, WORKER_PAUSED, WORKER_READY } from './worker-process';
import { activityPausePlugin, parsePausePoint } from './activity-pause-plugin';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`worker-entry: ${name} is not set`);
  return value;
}

async function main(): Promise<void> {
  // The production Runtime set-up when the test asks for metrics or logs; otherwise only errors from the SDK.
  const metricsAddress = process.env[WORKER_ENV.metricsAddress];
  const logLevel = process.env[WORKER_ENV.logLevel] as 'DEBUG' | 'INFO' | 'WARN' | undefined;
  if (metricsAddress || logLevel) await installWorkerRuntime({ metricsAddress: metricsAddress || null, logLevel: logLevel ?? 'ERROR' });
  else installQuietRuntime();
  const orm = await MikroORM.init(ormConfig(required(WORKER_ENV.databaseUrl)));
  // A pause point rides on the connection as a plugin, so the worker below is still built by the production factory.
  const pauseAt = process.env[WORKER_ENV.pauseAt];
  const plugins = pauseAt ? [activityPausePlugin(parsePausePoint(pauseAt), () => process.send?.({ [WORKER_PAUSED]: pauseAt }))] : [];
  const connection = await NativeConnection.connect({ address: required(WORKER_ENV.temporalAddress), plugins });
  const p3ke = createP3keClient({ baseUrl: required(WORKER_ENV.p3keUrl), token: required(WORKER_ENV.p3keToken), timeoutMs: 5_000 });
  const taskQueue = required(WORKER_ENV.taskQueue);
  // Payload encryption comes from the environment the parent passed on (VERIVALI_CODEC_KEYS_FILE of this run).
  const worker = await createVerivaliWorker({
    connection,
    namespace: required(WORKER_ENV.namespace),
    taskQueue,
    deps: { orm, p3ke, dataDir: join(TEST_RUN_DIR, 'data', taskQueue) },
    workflowBundle: { codePath: required(WORKER_ENV.workflowBundlePath) },
    identity: `worker-process-${process.pid}`,
  });
  const running = worker.run();
  process.send?.(WORKER_READY);
  try {
    await running;
  } finally {
    await connection.close();
    await orm.close();
  }
}

main().catch((err: unknown) => {
  console.error('worker-entry failed:', err instanceof Error ? err.message : err);
  process.exit(1);
});
