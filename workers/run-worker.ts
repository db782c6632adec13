/**
 * Runs the project's worker against the configured Temporal (TEMPORAL_*) with an ORM and a P3KE address given by
 * the caller: `npm run worker`, `npm start` and the demo differ only in those. The Runtime must already be
 * installed (workers/runtime.ts), because the connection made here would otherwise install a default one.
 */
import type { DataConverter } from '@temporalio/common';
import { NativeConnection, type Worker } from '@temporalio/worker';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { AppEnv } from '../config/env';
import { temporalConnectionOptions } from '../config/temporal-connection';
import { createP3keClient } from '../activities/p3ke/p3ke-client';
import { createVerivaliWorker } from './create-worker';

export interface StartWorkerOptions {
  env: AppEnv;
  orm: MikroORM;
  /** The P3KE service (config/p3ke.ts p3keBaseUrl, or a simulator the demo started). */
  p3keBaseUrl: string;
  /** Default: the data converter of this process's key ring. */
  dataConverter?: DataConverter;
}

export interface RunningWorker {
  worker: Worker;
  /** Settles when the worker stops: on stop(), on SIGINT/SIGTERM (the Runtime's shutdown signals), or on a fatal error. */
  done: Promise<void>;
  /** Graceful: in-flight activities get shutdownGraceTime, then the connection closes. */
  stop(): Promise<void>;
}

export async function startWorker(o: StartWorkerOptions): Promise<RunningWorker> {
  const { env } = o;
  const connection = await NativeConnection.connect(temporalConnectionOptions(env));
  let worker: Worker;
  try {
    worker = await createVerivaliWorker({
      connection,
      namespace: env.TEMPORAL_NAMESPACE,
      taskQueue: env.TEMPORAL_TASK_QUEUE,
      deps: { orm: o.orm, p3ke: createP3keClient({ baseUrl: o.p3keBaseUrl, token: env.P3KE_API_TOKEN, timeoutMs: env.P3KE_API_TIMEOUT_MS }), dataDir: env.VERIVALI_DATA_DIR },
      ...(o.dataConverter ? { dataConverter: o.dataConverter } : {}),
    });
  } catch (err) {
    await connection.close();
    throw err;
  }
  // The connection closes once the worker has stopped, however it stopped.
  const done = worker.run().finally(() => connection.close());
  return {
    worker,
    done,
    async stop() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await done;
    },
  };
}
