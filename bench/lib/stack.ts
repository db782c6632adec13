/**
 * The stack a benchmark run measures on, started the way the test suite starts its own: a Temporal dev server of
 * the run's own (in memory, headless, free port, so the demo's server and other runs add no history to it), a
 * dedicated database `verivali_bench` dropped and recreated with the committed migrations, a payload key of the
 * run's own, and the workflow bundle built once. Simulators and workers are started per benchmark on top of it.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker, type WorkerOptions } from '@temporalio/worker';
import { MikroORM } from '@mikro-orm/postgresql';
import { loadEnv, type AppEnv } from '../../config/env';
import { ormConfig } from '../../db/mikro-orm.config';
import { ensureKeyFile } from '../../client/codec/codec-keys';
import { FAILURE_CONVERTER_PATH, verivaliDataConverter } from '../../client/codec/data-converter';
import { createP3keClient, type P3keClient } from '../../activities/p3ke/p3ke-client';
import { adminUrlFor, checkServer, dropDatabase, ensureDatabase, migrate, startEmbeddedPostgres, type RunningPostgres } from '../../scripts/lib/database';
import { startDevServer, type RunningDevServer } from '../../scripts/lib/dev-server';
import { freePort } from '../../scripts/lib/ports';
import { ensureTemporalCli } from '../../scripts/lib/temporal-cli';
import { createVerivaliWorker, workflowsPath, WORKER_TUNING } from '../../workers/create-worker';
import { createBenchActivities } from '../workflows/bench-activities';
import { startSimulatorProcess, type SimulatorProcess } from './sim-process';
import { startBenchWorkerProcess, type BenchWorkerProcess } from './worker-process';

/**
 * `verivali_bench`, or VERIVALI_BENCH_DATABASE (letters, digits, underscores): two bench runs at once on one
 * PostgreSQL would otherwise drop each other's database.
 */
export const BENCH_DATABASE = benchDatabaseName(process.env.VERIVALI_BENCH_DATABASE);

export function benchDatabaseName(fromEnv: string | undefined): string {
  if (fromEnv === undefined || fromEnv === '') return 'verivali_bench';
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(fromEnv)) throw new Error(`VERIVALI_BENCH_DATABASE must be a lower-case PostgreSQL name (letters, digits, _), not "${fromEnv}"`);
  return fromEnv;
}
export const BENCH_P3KE_TOKEN = 'bench-p3ke-token';
const BENCH_DIR = resolve(__dirname, '..', '..', '.data', 'bench');

export interface BenchStack {
  env: AppEnv;
  databaseUrl: string;
  orm: MikroORM;
  client: Client;
  namespace: string;
  /** The dev server's process, whose CPU the round-trip benchmark reads (bench/lib/cpu-accounting.ts). */
  temporalPid: number;
  /** The production workflows and activities run here. */
  taskQueue: string;
  /** Bench-only baseline workflows (bench/workflows) run here, on a worker of their own. */
  benchTaskQueue: string;
  /** The baseline workflows' bundle, built once here; a baseline worker in a child process loads it from this file. */
  baselineBundlePath: string;
  dataDir: string;
  /** A P3KE simulator process with this many families (started once per size and reused). */
  startSimulator(families: number): Promise<{ sim: SimulatorProcess; p3ke: P3keClient }>;
  /** The production worker (workers/create-worker.ts) with the given P3KE client. */
  startWorker(p3ke: P3keClient): Promise<Worker>;
  /**
   * The production worker in a process of its own (bench/lib/worker-process.ts), polling `taskQueue` against the
   * simulator at `p3keUrl`: what the headroom benchmark reads the worker's own peak RSS from.
   */
  startWorkerProcess(p3keUrl: string): Promise<BenchWorkerProcess>;
  startBenchWorker(options?: Partial<Pick<WorkerOptions, 'maxConcurrentActivityTaskExecutions'>>): Promise<Worker>;
  /** Stops the workers started so far (between benchmarks, so one benchmark's leftovers never load the next). */
  stopWorkers(): Promise<void>;
  close(): Promise<void>;
}

const noop = (): void => undefined;
const quietBundlerLogger = { trace: noop, debug: noop, info: noop, warn: noop, error: (m: string) => console.error(m), log: noop };

export async function openBenchStack(say: (line: string) => void): Promise<BenchStack> {
  if (!Runtime._instance) Runtime.install({ logger: new DefaultLogger('ERROR'), telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' }, forward: {} } } });
  const runDir = join(BENCH_DIR, `run-${process.pid}`);
  rmSync(runDir, { recursive: true, force: true });
  mkdirSync(runDir, { recursive: true });
  const keyFile = join(runDir, 'codec-keys.json');
  ensureKeyFile(keyFile, 'bench');
  delete process.env.VERIVALI_CODEC_KEYS;
  process.env.VERIVALI_CODEC_KEYS_FILE = keyFile;
  const env = loadEnv();
  const stops: (() => Promise<void>)[] = [];

  let baseUrl = env.DATABASE_URL;
  let embedded: RunningPostgres | undefined;
  try {
    await checkServer(baseUrl);
  } catch (err) {
    if (process.env.DATABASE_URL) throw err;
    embedded = await startEmbeddedPostgres(BENCH_DIR, await freePort());
    baseUrl = embedded.databaseUrl;
    stops.push(() => (embedded as RunningPostgres).stop());
  }
  const url = new URL(baseUrl);
  url.pathname = `/${BENCH_DATABASE}`;
  const databaseUrl = url.toString();
  await dropDatabase(adminUrlFor(databaseUrl), BENCH_DATABASE);
  await ensureDatabase(databaseUrl);
  await migrate(databaseUrl);
  say(`database ${BENCH_DATABASE} recreated with the committed migrations`);

  const server: RunningDevServer = await startDevServer({
    binary: ensureTemporalCli(say),
    port: await freePort(),
    uiPort: null,
    namespace: 'default',
    logFile: join(runDir, 'temporal.log'),
    detached: false,
  });
  stops.push(server.stop);
  say(`Temporal dev server (in memory) on ${server.address}`);

  const orm = await MikroORM.init(ormConfig(databaseUrl));
  stops.push(() => orm.close());
  const dataConverter = verivaliDataConverter(env);
  const connection = await Connection.connect({ address: server.address });
  stops.push(() => connection.close());
  const client = new Client({ connection, namespace: 'default', dataConverter });
  const nativeConnection = await NativeConnection.connect({ address: server.address });
  stops.push(() => nativeConnection.close());

  const production = await bundleWorkflowCode({ workflowsPath: workflowsPath(), failureConverterPath: FAILURE_CONVERTER_PATH, logger: quietBundlerLogger });
  const baseline = await bundleWorkflowCode({ workflowsPath: require.resolve('../workflows'), failureConverterPath: FAILURE_CONVERTER_PATH, logger: quietBundlerLogger });
  const taskQueue = `bench-${randomUUID().slice(0, 8)}`;
  const benchTaskQueue = `${taskQueue}-baseline`;
  const running: { worker: Worker; done: Promise<void> }[] = [];
  const processes: BenchWorkerProcess[] = [];
  const bundleFile = join(runDir, 'workflow-bundle.js');
  writeFileSync(bundleFile, production.code);
  const baselineBundleFile = join(runDir, 'baseline-bundle.js');
  writeFileSync(baselineBundleFile, baseline.code);
  /** One simulator per population size: a 60,000-family population takes seconds to build and much memory. */
  const sims = new Map<number, { sim: SimulatorProcess; p3ke: P3keClient }>();
  const track = (worker: Worker): Worker => {
    running.push({ worker, done: worker.run() });
    return worker;
  };
  const stopWorkers = async (): Promise<void> => {
    for (const p of processes.splice(0)) await p.stop();
    for (const r of running.splice(0)) {
      if (r.worker.getState() === 'RUNNING') r.worker.shutdown();
      await r.done.catch(() => undefined);
    }
  };

  return {
    env,
    databaseUrl,
    orm,
    client,
    namespace: 'default',
    temporalPid: server.pid,
    taskQueue,
    benchTaskQueue,
    baselineBundlePath: baselineBundleFile,
    dataDir: runDir,
    async startSimulator(families) {
      const known = sims.get(families);
      if (known) return known;
      const sim = await startSimulatorProcess({ token: BENCH_P3KE_TOKEN, families, logDir: runDir });
      const started = { sim, p3ke: createP3keClient({ baseUrl: sim.url, token: BENCH_P3KE_TOKEN, timeoutMs: 60_000 }) };
      sims.set(families, started);
      return started;
    },
    async startWorker(p3ke) {
      return track(
        await createVerivaliWorker({
          connection: nativeConnection,
          namespace: 'default',
          taskQueue,
          deps: { orm, p3ke, dataDir: join(runDir, 'data') },
          workflowBundle: { code: production.code },
          dataConverter,
        }),
      );
    },
    async startWorkerProcess(p3keUrl) {
      const worker = startBenchWorkerProcess({
        temporalAddress: server.address,
        namespace: 'default',
        databaseUrl,
        taskQueue,
        workflowBundlePath: bundleFile,
        p3keUrl,
        p3keToken: BENCH_P3KE_TOKEN,
        dataDir: join(runDir, 'data'),
        logFile: join(runDir, `worker-${processes.length + 1}.log`),
      });
      processes.push(worker);
      await worker.ready;
      return worker;
    },
    async startBenchWorker(options = {}) {
      return track(
        await Worker.create({
          connection: nativeConnection,
          namespace: 'default',
          taskQueue: benchTaskQueue,
          workflowBundle: { code: baseline.code },
          activities: createBenchActivities(),
          dataConverter,
          // The production worker's tuning, so the baseline differs from the service only in what its work does.
          ...WORKER_TUNING,
          maxConcurrentActivityTaskExecutions: options.maxConcurrentActivityTaskExecutions ?? WORKER_TUNING.maxConcurrentActivityTaskExecutions,
        }),
      );
    },
    stopWorkers,
    async close() {
      await stopWorkers();
      for (const { sim } of sims.values()) await sim.stop().catch(() => undefined);
      for (const stop of stops.reverse()) await stop().catch((err: unknown) => console.error('bench: could not stop a piece of the stack:', err));
      if (!process.env.KEEP_BENCH_RUN) rmSync(runDir, { recursive: true, force: true });
    },
  };
}
