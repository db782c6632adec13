/**
 * The production worker in a child process (bench/lib/worker-entry.ts), with its memory read from the kernel:
 * VmHWM in /proc/<pid>/status is the process's peak resident set since it started, so no sample can miss a peak.
 * Linux only; elsewhere the peak is null and the headroom benchmark says so.
 */
import { fork } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WORKER_NODE_FLAGS } from '../../workers/heap-limit';

export const BENCH_WORKER_ENV = {
  temporalAddress: 'VERIVALI_BENCH_TEMPORAL_ADDRESS',
  namespace: 'VERIVALI_BENCH_NAMESPACE',
  databaseUrl: 'VERIVALI_BENCH_DATABASE_URL',
  taskQueue: 'VERIVALI_BENCH_TASK_QUEUE',
  workflowBundlePath: 'VERIVALI_BENCH_WORKFLOW_BUNDLE',
  p3keUrl: 'VERIVALI_BENCH_P3KE_URL',
  p3keToken: 'VERIVALI_BENCH_P3KE_TOKEN',
  dataDir: 'VERIVALI_BENCH_DATA_DIR',
  kind: 'VERIVALI_BENCH_WORKER_KIND',
} as const;
/**
 * `production`: workers/create-worker.ts on the production bundle. `baseline`: the bench-only workflows and no-op
 * activities (bench/workflows), so a benchmark that moves the production worker out of its process can give its
 * baseline the same treatment.
 */
export const BENCH_WORKER_KINDS = ['production', 'baseline'] as const;
export type BenchWorkerKind = (typeof BENCH_WORKER_KINDS)[number];
export const BENCH_WORKER_READY = 'verivali-bench-worker-ready';

export interface BenchWorkerProcessOptions {
  temporalAddress: string;
  namespace: string;
  databaseUrl: string;
  taskQueue: string;
  workflowBundlePath: string;
  p3keUrl: string;
  p3keToken: string;
  dataDir: string;
  logFile: string;
  /** Default `production`; a baseline worker ignores the database and the P3KE client, and loads the baseline bundle from the bundle path. */
  kind?: BenchWorkerKind;
}

export interface BenchWorkerProcess {
  pid: number;
  ready: Promise<void>;
  /** Peak resident set of the worker process so far (bytes), or null where /proc is not there. */
  peakRssBytes(): number | null;
  /** SIGTERM (the worker drains), SIGKILL after 30 s. */
  stop(): Promise<void>;
  /** Resident set of the worker process now (VmRSS, bytes), or null where /proc is not there or it has exited. */
  rssBytes(): number | null;
  /** The last heap figures the worker reported of itself (worker-entry.ts sends them every few seconds), or null. */
  lastHeap(): WorkerHeapReport | null;
}

/**
 * process.memoryUsage() of the worker's main thread, as worker-entry.ts sends it over IPC. The workflows run in
 * the SDK's worker threads (isolates of their own), so RSS minus this heap is the workflow threads, the Rust core
 * and native buffers: the split tells a cache that grows from an activity that holds rows.
 */
export interface WorkerHeapReport {
  kind: typeof BENCH_WORKER_HEAP_REPORT;
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  /** Workflow runs in the worker's cache (bounded by maxCachedWorkflows) and activities running, at the report. */
  cachedWorkflows: number;
  activitiesInFlight: number;
}
export const BENCH_WORKER_HEAP_REPORT = 'verivali-bench-worker-heap';

export function isWorkerHeapReport(m: unknown): m is WorkerHeapReport {
  return typeof m === 'object' && m !== null && (m as { kind?: unknown }).kind === BENCH_WORKER_HEAP_REPORT && typeof (m as { heapUsed?: unknown }).heapUsed === 'number';
}

/** `VmRSS:   123456 kB` → bytes. */
export function parseVmRss(status: string): number | null {
  const m = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  return m ? Number(m[1]) * 1024 : null;
}

/** `VmHWM:   123456 kB` → bytes. */
export function parseVmHwm(status: string): number | null {
  const m = /^VmHWM:\s+(\d+)\s+kB$/m.exec(status);
  return m ? Number(m[1]) * 1024 : null;
}

/**
 * `VERIVALI_BENCH_CPU_PROF_DIR=<dir>` has each worker process write a V8 CPU profile there when it exits (open it
 * in Chrome's DevTools): how the round-trip figures' worker CPU per operation was taken apart.
 * `VERIVALI_BENCH_WORKER_NODE_FLAGS` adds Node flags (a heap snapshot near the heap limit found what filled it).
 */
function profilingArgs(): string[] {
  const dir = process.env.VERIVALI_BENCH_CPU_PROF_DIR;
  // Further Node flags for a diagnosis, such as `--heapsnapshot-near-heap-limit=1` (space-separated).
  const extra = (process.env.VERIVALI_BENCH_WORKER_NODE_FLAGS ?? '').split(' ').filter((f) => f.length > 0);
  return [...(dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : []), ...extra];
}

export function startBenchWorkerProcess(o: BenchWorkerProcessOptions): BenchWorkerProcess {
  const log = openSync(o.logFile, 'a');
  const child = fork(join(__dirname, 'worker-entry.ts'), [], {
    cwd: join(__dirname, '..', '..'),
    // The production worker's heap limit on both sides (workers/heap-limit.ts), as npm run worker starts it.
    execArgv: [...WORKER_NODE_FLAGS, ...profilingArgs(), '-r', 'ts-node/register/transpile-only'],
    env: {
      ...process.env,
      [BENCH_WORKER_ENV.temporalAddress]: o.temporalAddress,
      [BENCH_WORKER_ENV.namespace]: o.namespace,
      [BENCH_WORKER_ENV.databaseUrl]: o.databaseUrl,
      [BENCH_WORKER_ENV.taskQueue]: o.taskQueue,
      [BENCH_WORKER_ENV.workflowBundlePath]: o.workflowBundlePath,
      [BENCH_WORKER_ENV.p3keUrl]: o.p3keUrl,
      [BENCH_WORKER_ENV.p3keToken]: o.p3keToken,
      [BENCH_WORKER_ENV.dataDir]: o.dataDir,
      [BENCH_WORKER_ENV.kind]: o.kind ?? 'production',
    },
    stdio: ['ignore', log, log, 'ipc'],
  });
  closeSync(log);
  const pid = child.pid;
  if (pid === undefined) throw new Error('the bench worker process did not start');
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`bench worker not ready within 120 s; see ${o.logFile}`)), 120_000);
    child.on('message', (m) => {
      if (m !== BENCH_WORKER_READY) return;
      clearTimeout(timer);
      resolve();
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`bench worker exited before it was ready; see ${o.logFile}`));
    });
  });
  ready.catch(() => undefined);
  const statusFile = `/proc/${pid}/status`;
  let lastPeak: number | null = null;
  let heap: WorkerHeapReport | null = null;
  child.on('message', (m) => {
    if (isWorkerHeapReport(m)) heap = m;
  });
  return {
    pid,
    ready,
    peakRssBytes() {
      if (existsSync(statusFile)) lastPeak = parseVmHwm(readFileSync(statusFile, 'utf8')) ?? lastPeak;
      return lastPeak;
    },
    rssBytes() {
      try {
        return parseVmRss(readFileSync(statusFile, 'utf8'));
      } catch {
        return null;
      }
    },
    lastHeap: () => heap,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
