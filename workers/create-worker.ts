/**
 * Builds the project's worker: one task queue carrying every workflow and activity. Entry points (main.ts, tests,
 * the demo) differ only in where the connection, the bundle and the activity dependencies come from.
 */
import type { DataConverter } from '@temporalio/common';
import { Worker, type NativeConnection, type WorkflowBundleOption } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities';
import { verivaliDataConverter } from '../client/codec/data-converter';

export interface VerivaliWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  deps: ActivityDeps;
  /** A prebuilt bundle (tests build one per run); without it the worker bundles workflows/ at start. */
  workflowBundle?: WorkflowBundleOption;
  identity?: string;
  /** The encrypting data converter; without it, the one built from this process's key ring configuration. */
  dataConverter?: DataConverter;
}

/**
 * Cache and concurrency of the production worker. Exported so the benchmarks' no-op baseline workers run with
 * the same tuning: a ratio against a worker tuned differently would measure the tuning, not the work.
 */
export const WORKER_TUNING = {
  // The cache, not the activities, is what the worker's memory grows with: with the reused V8 context each
  // cached run keeps its own copy of the bundle's modules and its state, about 1 MiB in the workflow thread,
  // plus the core's state machines for its history. A campaign fills any cache it is given (10,000 families
  // already kept 300-490 runs cached), so the cap is the memory bound: at 500 the worker reached 962 MiB RSS
  // on a 10,000-family campaign, at 250 795 MiB (docs/PERFORMANCE.md, Scale headroom).
  // 250 still holds every workflow a field round is working on at once (50 officers' packages, the desa, cases).
  maxCachedWorkflows: 250,
  maxConcurrentActivityTaskExecutions: 20,
  // Officers' submissions arrive together, each an Update on its own package, and a field result's workflow task
  // stays open while its local activity runs: with the defaults (10 pollers, 40 tasks at once) 50 officers queued
  // for a poller or a slot. p95 of the field-result round trip 1.3-2.9 s against 2.0-3.6 s with the defaults,
  // in alternating runs (docs/PERFORMANCE.md). reuseV8Context stays on (the default): off cost more worker CPU.
  maxConcurrentWorkflowTaskPolls: 50,
  maxConcurrentWorkflowTaskExecutions: 100,
} as const;

export function workflowsPath(): string {
  return require.resolve('../workflows');
}

export function createVerivaliWorker(o: VerivaliWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: o.connection,
    namespace: o.namespace,
    taskQueue: o.taskQueue,
    ...(o.identity ? { identity: o.identity } : {}),
    activities: createActivities(o.deps),
    // Payloads are always encrypted: there is no option for a worker without the codec.
    dataConverter: o.dataConverter ?? verivaliDataConverter(),
    ...(o.workflowBundle ? { workflowBundle: o.workflowBundle } : { workflowsPath: workflowsPath() }),
    ...WORKER_TUNING,
    // Graceful shutdown lets an in-flight ingest page commit and heartbeat before the process exits.
    shutdownGraceTime: '10s',
  });
}
