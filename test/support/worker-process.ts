/**
 * A Verivali worker in a separate OS process (test/support/worker-entry.ts), so a test can kill it the way a
 * machine dies: SIGKILL, no graceful shutdown, an activity left running on the server. Its output goes to a log
 * file under .test-run/ rather than into the test's output.
 */
import { fork } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { TEST_RUN_DIR, type TestStack } from './stack-file';

/**
 * Only errors from the SDK, the native core included: tests that inject failures on purpose (faults, a killed
 * worker, a campaign with no officer roster to assign) would otherwise print a stack trace per expected failure.
 * Call it before openHarness(), which then leaves the runtime as it is.
 */
export function installQuietRuntime(): void {
  if (Runtime._instance) return;
  Runtime.install({
    logger: new DefaultLogger('ERROR'),
    telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' }, forward: {} } },
  });
}

/** Environment variables the entry script reads; the names are only written here. */
export const WORKER_ENV = {
  temporalAddress: 'VERIVALI_TEST_TEMPORAL_ADDRESS',
  namespace: 'VERIVALI_TEST_NAMESPACE',
  databaseUrl: 'VERIVALI_TEST_DATABASE_URL',
  taskQueue: 'VERIVALI_TEST_TASK_QUEUE',
  workflowBundlePath: 'VERIVALI_TEST_WORKFLOW_BUNDLE',
  p3keUrl: 'VERIVALI_TEST_P3KE_URL',
  p3keToken: 'VERIVALI_TEST_P3KE_TOKEN',
  /** ip:port for the SDK's Prometheus endpoint (workers/runtime.ts); unset: no metrics, quiet runtime. */
  metricsAddress: 'VERIVALI_TEST_WORKER_METRICS_ADDRESS',
  /** `<activityType>:before|after`: the activity the worker holds there (test/support/activity-pause-plugin.ts). */
  pauseAt: 'VERIVALI_TEST_PAUSE_AT',
  /** The SDK log level of the production Runtime (workers/runtime.ts), for tests that read the worker's log. */
  logLevel: 'VERIVALI_TEST_WORKER_LOG_LEVEL',
} as const;

/** The message the entry script sends its parent once the worker polls. */
export const WORKER_READY = 'verivali-worker-ready';

/** The message the entry script sends once an activity is held at the pause point: `{ [WORKER_PAUSED]: point }`. */
export const WORKER_PAUSED = 'verivali-worker-paused';

export interface WorkerProcessOptions {
  stack: TestStack;
  taskQueue: string;
  p3keUrl: string;
  p3keToken: string;
  /** Names the log file: .test-run/<logName>.log. */
  logName: string;
  readyTimeoutMs?: number;
  /** Serve the SDK's Prometheus metrics on this ip:port (the jest process itself never does: its Runtime is the harness's). */
  metricsAddress?: string;
  /** Hold this activity at `<activityType>:before` or `:after` (first attempt, first execution) until the process dies. */
  pauseAt?: string;
  /** Log the SDK (workflow, activity and worker logs) at this level, as workers/main.ts does with LOG_LEVEL. */
  logLevel?: 'DEBUG' | 'INFO' | 'WARN';
}

export interface WorkerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface WorkerProcess {
  pid: number;
  logFile: string;
  /** Resolves once the worker polls its task queue; rejects if the process dies first. */
  ready: Promise<void>;
  exited: Promise<WorkerExit>;
  /** Resolves with the pause point once an activity is held there (only with `pauseAt`). */
  paused: Promise<string>;
  /** Sends the signal and waits for the process to be gone. */
  kill(signal: NodeJS.Signals): Promise<WorkerExit>;
}

const ENTRY = join(__dirname, 'worker-entry.ts');
const BLOCK_OUTBOUND_NETWORK = join(__dirname, 'block-outbound-network.ts');
const REPO_ROOT = join(__dirname, '..', '..');

export function startWorkerProcess(o: WorkerProcessOptions): WorkerProcess {
  const logFile = join(TEST_RUN_DIR, `${o.logName}.log`);
  const log = openSync(logFile, 'a');
  const child = fork(ENTRY, [], {
    cwd: REPO_ROOT,
    // The child is held to the same rule as the tests: only servers on this machine.
    execArgv: ['-r', 'ts-node/register/transpile-only', '-r', BLOCK_OUTBOUND_NETWORK],
    env: {
      ...process.env,
      [WORKER_ENV.temporalAddress]: o.stack.temporalAddress,
      [WORKER_ENV.namespace]: o.stack.namespace,
      [WORKER_ENV.databaseUrl]: o.stack.databaseUrl,
      [WORKER_ENV.taskQueue]: o.taskQueue,
      [WORKER_ENV.workflowBundlePath]: o.stack.workflowBundlePath,
      [WORKER_ENV.p3keUrl]: o.p3keUrl,
      [WORKER_ENV.p3keToken]: o.p3keToken,
      ...(o.metricsAddress ? { [WORKER_ENV.metricsAddress]: o.metricsAddress } : {}),
      ...(o.pauseAt ? { [WORKER_ENV.pauseAt]: o.pauseAt } : {}),
      ...(o.logLevel ? { [WORKER_ENV.logLevel]: o.logLevel } : {}),
    },
    stdio: ['ignore', log, log, 'ipc'],
  });
  closeSync(log);
  if (child.pid === undefined) throw new Error('the worker process did not start');

  const exited = new Promise<WorkerExit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker process not ready within ${o.readyTimeoutMs ?? 60_000} ms; see ${logFile}`)), o.readyTimeoutMs ?? 60_000);
    child.on('message', (message) => {
      if (message !== WORKER_READY) return;
      clearTimeout(timer);
      resolve();
    });
    void exited.then((exit) => {
      clearTimeout(timer);
      reject(new Error(`worker process exited before it was ready (${exit.signal ?? exit.code}); see ${logFile}`));
    });
  });
  // A rejection nobody awaits (the process was killed after it became ready) is not an error.
  ready.catch(() => undefined);
  const paused = new Promise<string>((resolve, reject) => {
    child.on('message', (message) => {
      const point = typeof message === 'object' && message !== null ? (message as Record<string, unknown>)[WORKER_PAUSED] : undefined;
      if (typeof point === 'string') resolve(point);
    });
    void exited.then((exit) => reject(new Error(`worker process exited before pausing (${exit.signal ?? exit.code}); see ${logFile}`)));
  });
  paused.catch(() => undefined);

  return {
    pid: child.pid,
    logFile,
    ready,
    exited,
    paused,
    async kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
