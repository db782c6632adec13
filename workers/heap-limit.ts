/**
 * The V8 heap limit every production worker process starts with (`npm run worker`, `npm start`, the compose
 * file's worker, the benchmarks' worker processes). A V8 flag applies to every isolate of the process, so it
 * bounds the main thread (activities) and the SDK's workflow thread (the cache) alike.
 *
 * Why a limit at all: without one V8 sizes its heap from the machine (about 4 GiB on these 24 GiB machines) and
 * collects late. A 60,000-family campaign left the main thread's heap at 590 MiB, nearly all garbage from the
 * ingest and assignment (it fell to 100 MiB at the next full collection), and the worker's resident set at
 * 1.17 GiB, over issue #5's 1 GiB. Live data is far less: the activities' heap after a collection stays at
 * 80-210 MiB, and the workflow thread holds the cache (maxCachedWorkflows in create-worker.ts), about 0.7 MiB a
 * run. 384 MiB bounds both with room (docs/PERFORMANCE.md, Scale headroom, has the measured peaks).
 */
import { getHeapStatistics } from 'node:v8';

export const WORKER_HEAP_LIMIT_MB = 384;

/** Node flags a worker process is started with (`node <flags> …`; child processes: `execArgv`). */
export const WORKER_NODE_FLAGS: readonly string[] = [`--max-old-space-size=${WORKER_HEAP_LIMIT_MB}`];

/**
 * Null when this process runs under the limit, else a warning to print: a worker started another way (plain
 * ts-node, a custom command) still works, but its memory is no longer bounded by what was measured.
 */
export function heapLimitWarning(limitBytes = getHeapStatistics().heap_size_limit): string | null {
  // heap_size_limit is the old space limit plus the young generation (tens of MiB): allow for it.
  if (limitBytes <= (WORKER_HEAP_LIMIT_MB + 128) * 1024 * 1024) return null;
  return `this worker runs without ${WORKER_NODE_FLAGS.join(' ')} (V8 heap limit ${Math.round(limitBytes / 1024 / 1024)} MiB): its memory may grow past what docs/PERFORMANCE.md measured; start it with npm run worker or npm start`;
}

/** Prints the warning at a worker's start when it runs without the limit (npm run worker, npm start). */
export function warnIfHeapUnbounded(): void {
  const unbounded = heapLimitWarning();
  if (unbounded) console.warn(`warning: ${unbounded}`);
}
