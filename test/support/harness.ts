/**
 * What an integration test needs from the shared stack: an ORM on the test database, a Temporal client, and a
 * worker on a task queue of its own (so test files never steal each other's tasks) running the bundled workflows.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import { MikroORM } from '@mikro-orm/postgresql';
import { ormConfig } from '../../db/mikro-orm.config';
import { loadEnv } from '../../config/env';
import { verivaliDataConverter } from '../../client/codec/data-converter';
import { createVerivaliWorker } from '../../workers/create-worker';
import type { ActivityDeps } from '../../activities';
import { readTestStack, TEST_RUN_DIR, type TestStack } from './stack-file';

export interface Harness {
  stack: TestStack;
  orm: MikroORM;
  client: Client;
  taskQueue: string;
  /** Starts a worker with these activity dependencies; stop it with `worker.shutdown()` or let close() do it. */
  /** Files the activities write go under .test-run/data/<task queue> unless `dataDir` says otherwise. */
  startWorker(deps: Omit<ActivityDeps, 'orm' | 'dataDir'> & { orm?: MikroORM; dataDir?: string }): Promise<Worker>;
  close(): Promise<void>;
}

let runtimeInstalled = false;

/** The SDK logs every worker state change at INFO; tests only need warnings. Once per module registry. */
function quietWorkerLogs(): void {
  if (runtimeInstalled || Runtime._instance) return;
  runtimeInstalled = true;
  Runtime.install({ logger: new DefaultLogger('WARN') });
}

export async function openHarness(): Promise<Harness> {
  quietWorkerLogs();
  const stack = readTestStack();
  const orm = await MikroORM.init(ormConfig(stack.databaseUrl));
  const connection = await Connection.connect({ address: stack.temporalAddress });
  // Client and workers share one encrypting data converter; global-setup points VERIVALI_CODEC_KEYS_FILE at the run's key.
  const dataConverter = verivaliDataConverter(loadEnv());
  const client = new Client({ connection, namespace: stack.namespace, dataConverter });
  const nativeConnection = await NativeConnection.connect({ address: stack.temporalAddress });
  const taskQueue = `test-${randomUUID()}`;
  const running: { worker: Worker; done: Promise<void> }[] = [];

  return {
    stack,
    orm,
    client,
    taskQueue,
    async startWorker(deps) {
      const worker = await createVerivaliWorker({
        connection: nativeConnection,
        namespace: stack.namespace,
        taskQueue,
        deps: { ...deps, orm: deps.orm ?? orm, dataDir: deps.dataDir ?? join(TEST_RUN_DIR, 'data', taskQueue) },
        workflowBundle: { codePath: stack.workflowBundlePath },
        dataConverter,
      });
      running.push({ worker, done: worker.run() });
      return worker;
    },
    async close() {
      for (const r of running) {
        if (r.worker.getState() === 'RUNNING') r.worker.shutdown();
        await r.done.catch(() => undefined);
      }
      await nativeConnection.close();
      await connection.close();
      await orm.close();
    },
  };
}

/** A campaign id no other test uses. */
export const uniqueCampaignId = (prefix: string): string => `${prefix}-${randomUUID().slice(0, 8)}`;
