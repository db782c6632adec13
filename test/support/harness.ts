/**
 * What an integration test needs from the shared stack: an ORM on the test database, a Temporal client, and a
 * worker on a task queue of its own (so test files never steal each other's tasks) running the bundled workflows.
 */
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { MikroORM } from '@mikro-orm/postgresql';
import { ormConfig } from '../../db/mikro-orm.config';
import { createVerivaliWorker } from '../../workers/create-worker';
import type { ActivityDeps } from '../../activities';
import { readTestStack, type TestStack } from './stack-file';

export interface Harness {
  stack: TestStack;
  orm: MikroORM;
  client: Client;
  taskQueue: string;
  /** Starts a worker with these activity dependencies; stop it with `worker.shutdown()` or let close() do it. */
  startWorker(deps: Omit<ActivityDeps, 'orm'> & { orm?: MikroORM }): Promise<Worker>;
  close(): Promise<void>;
}

export async function openHarness(): Promise<Harness> {
  const stack = readTestStack();
  const orm = await MikroORM.init(ormConfig(stack.databaseUrl));
  const connection = await Connection.connect({ address: stack.temporalAddress });
  const client = new Client({ connection, namespace: stack.namespace });
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
        deps: { ...deps, orm: deps.orm ?? orm },
        workflowBundle: { codePath: stack.workflowBundlePath },
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
