/**
 * A bench worker in a process of its own: the production worker (workers/create-worker.ts), whose peak RSS is then
 * the worker's alone, not the bench's (simulated people, clients, earlier benchmarks); or the baseline worker of
 * the bench-only workflows, so a baseline gets the same process arrangement as the production side it is divided
 * by. Everything comes from the environment bench/lib/worker-process.ts sets; payload encryption from
 * VERIVALI_CODEC_KEYS_FILE of the run.
 */
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { MikroORM } from '@mikro-orm/postgresql';
import { ormConfig } from '../../db/mikro-orm.config';
import { createP3keClient } from '../../activities/p3ke/p3ke-client';
import { verivaliDataConverter } from '../../client/codec/data-converter';
import { createVerivaliWorker, WORKER_TUNING } from '../../workers/create-worker';
import { createBenchActivities } from '../workflows/bench-activities';
import { BENCH_WORKER_ENV, BENCH_WORKER_HEAP_REPORT, BENCH_WORKER_KINDS, BENCH_WORKER_READY, type BenchWorkerKind, type WorkerHeapReport } from './worker-process';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`bench worker: ${name} is not set`);
  return value;
}

function workerKind(): BenchWorkerKind {
  const kind = process.env[BENCH_WORKER_ENV.kind] ?? 'production';
  if (!(BENCH_WORKER_KINDS as readonly string[]).includes(kind)) throw new Error(`bench worker: unknown kind "${kind}"`);
  return kind as BenchWorkerKind;
}


/** Every few seconds the main thread's heap goes to the parent (the headroom benchmark's timeline) and the log. */
const HEAP_REPORT_EVERY_MS = 5_000;
const MIB = 1024 * 1024;

function reportHeap(worker: Worker): void {
  const m = process.memoryUsage();
  const { numCachedWorkflows, numInFlightActivities } = worker.getStatus();
  const report: WorkerHeapReport = {
    kind: BENCH_WORKER_HEAP_REPORT,
    rss: m.rss,
    heapUsed: m.heapUsed,
    heapTotal: m.heapTotal,
    external: m.external,
    arrayBuffers: m.arrayBuffers,
    cachedWorkflows: numCachedWorkflows,
    activitiesInFlight: numInFlightActivities,
  };
  // The parent may be gone (a bench that failed): the report is dropped rather than crashing the worker.
  if (process.connected) process.send?.(report, undefined, {}, () => undefined);
  const mib = (n: number): string => (n / MIB).toFixed(0);
  console.log(
    `${new Date().toISOString()} memory: rss ${mib(m.rss)} MiB, main heap ${mib(m.heapUsed)}/${mib(m.heapTotal)} MiB, external ${mib(m.external)} MiB (array buffers ${mib(m.arrayBuffers)}); ${numCachedWorkflows} workflows cached, ${numInFlightActivities} activities running`,
  );
}

/** The baseline worker as bench/lib/stack.ts's startBenchWorker builds it, on the bundle the stack built. */
async function baselineWorker(connection: NativeConnection): Promise<Worker> {
  return Worker.create({
    connection,
    namespace: required(BENCH_WORKER_ENV.namespace),
    taskQueue: required(BENCH_WORKER_ENV.taskQueue),
    workflowBundle: { codePath: required(BENCH_WORKER_ENV.workflowBundlePath) },
    activities: createBenchActivities(),
    dataConverter: verivaliDataConverter(),
    // The production worker's tuning, so the baseline differs from the service only in what its work does.
    ...WORKER_TUNING,
  });
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('ERROR'), telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' }, forward: {} } } });
  const kind = workerKind();
  const orm = kind === 'production' ? await MikroORM.init(ormConfig(required(BENCH_WORKER_ENV.databaseUrl))) : null;
  const connection = await NativeConnection.connect({ address: required(BENCH_WORKER_ENV.temporalAddress) });
  const worker = orm
    ? await createVerivaliWorker({
        connection,
        namespace: required(BENCH_WORKER_ENV.namespace),
        taskQueue: required(BENCH_WORKER_ENV.taskQueue),
        deps: { orm, p3ke: createP3keClient({ baseUrl: required(BENCH_WORKER_ENV.p3keUrl), token: required(BENCH_WORKER_ENV.p3keToken), timeoutMs: 60_000 }), dataDir: required(BENCH_WORKER_ENV.dataDir) },
        workflowBundle: { codePath: required(BENCH_WORKER_ENV.workflowBundlePath) },
      })
    : await baselineWorker(connection);
  // The parent stops the worker with SIGTERM: drain and exit, as `npm run worker` does.
  process.once('SIGTERM', () => worker.shutdown());
  const running = worker.run();
  process.send?.(BENCH_WORKER_READY);
  const heapReports = setInterval(() => reportHeap(worker), HEAP_REPORT_EVERY_MS);
  heapReports.unref();
  try {
    await running;
  } finally {
    clearInterval(heapReports);
    await connection.close();
    await orm?.close();
  }
}

main().catch((err: unknown) => {
  console.error('bench worker failed:', err instanceof Error ? err.message : err);
  process.exit(1);
});
