/**
 * Benchmark 3, field-result round trip: 50 simulated officers at once, each submitting the results of its
 * package one after another through the HTTP API (real HTTP on 127.0.0.1 → Update → recorded), against 50
 * clients sending no-op Updates to 50 warm bench workflows on the same server. The baseline runs half before and
 * half after the field submissions, so drift in the machine's load hits both sides. Target p95 ratio ≤ 2.
 *
 * Process arrangement, the same for both sides: the workers (production and baseline) each in a process of their
 * own, as `npm run worker` runs one; the 50 callers (officers or no-op clients) in a process of their own
 * (bench/lib/caller-process.ts), as they are people and services outside this one; the HTTP API in the bench's
 * process with a connection pool of its own.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Connection, type ConnectionLike, type WorkflowHandle } from '@temporalio/client';
import { MikroORM } from '@mikro-orm/postgresql';
import { buildApi } from '../client/api/build-api';
import { ormConfig } from '../db/mikro-orm.config';
import { campaignProgressQuery } from '../domain/contracts/campaign';
import type { FieldResult } from '../domain/field-result';
import { openPackages, type OpenPackage } from '../sim/field-actors/package-reader';
import { benchResult, type BenchResult } from './lib/result';
import { loadParams, round, type BenchContext } from './lib/context';
import { percentile } from './lib/percentile';
import { benchCampaignConfig, startBenchCampaign } from './lib/campaign';
import { startCallerProcess, type CallerProcess, type CallerRound, type HttpOpenTask, type HttpRoundTask } from './lib/caller-process';
import { officerToken, resultsForPackage, seedRoster } from './lib/officers';
import { startBenchWorkerProcess } from './lib/worker-process';
import { startHttpNoopApi } from './lib/http-noop-api';
import { benchActivityUpdate, benchFinishUpdate, benchLocalActivityUpdate, benchNoopUpdate } from './workflows/contracts';
import { cpuMsPerOperation, readCpu, type CpuRound, type CpuSource } from './lib/cpu-accounting';
import { benchWarmWorkflow } from './workflows';

const OFFICERS = 50;
/** Quick: each officer submits only the first few results of its package (400 in all), enough for a p95. */
const QUICK_RESULTS_PER_OFFICER = 8;
/**
 * The campaign's reminders at their production pace (two days), far beyond the run like its other timers. The
 * shared bench config reminds every 5 s, which woke each of the campaign's 80-odd packages every 5 s (a workflow
 * task on the worker and the server each time) in the middle of the submissions: load the no-op side never had.
 */
const ROUND_TRIP_TIMERS = { ...benchCampaignConfig(0).timers, reminderEverySeconds: 2 * 24 * 3600 };

/**
 * Full size: every officer submits as many results as the no-op clients send Updates, so the 50 officers are 50
 * concurrent callers for the whole round (as the no-op side's 50 clients are). Packages differ in size (3 to 50
 * families); an officer whose package is smaller goes on with corrections (below).
 */
function fullResultsPerOfficer(packageResults: ReadonlyMap<string, readonly FieldResult[]>): number {
  const total = [...packageResults.values()].reduce((n, r) => n + r.length, 0);
  return Math.ceil(total / OFFICERS);
}

/**
 * `count` submissions, each under a new id: the package's results in order, then, past its last family, corrections
 * of its families from the first again (a correction is a new submission and becomes a new version: the same
 * statements, the same Update).
 */
function submissionsOf(results: readonly FieldResult[], count: number): string[] {
  if (results.length === 0) throw new Error('a package without families cannot be submitted to');
  return Array.from({ length: count }, (_, i) => JSON.stringify({ submissionId: randomUUID(), result: results[i % results.length] }));
}

function temporalAddress(connection: ConnectionLike): string {
  if (!(connection instanceof Connection)) throw new Error('the bench client has no address to give other processes');
  return connection.options.address;
}

async function untilPackagesOpen(ctx: BenchContext, campaignId: string, handle: WorkflowHandle): Promise<OpenPackage[]> {
  for (let waited = 0; waited < 600_000; waited += 500) {
    const progress = await handle.query(campaignProgressQuery);
    if (progress.status !== 'running') throw new Error(`campaign ${campaignId} ended before the field phase (${progress.status})`);
    const open = await openPackages(ctx.stack.orm, campaignId);
    if (progress.phase === 'field' && open.length > 0 && progress.counts.assigned > 0) {
      // Desa workflows start through a sliding window: wait until the packages stop appearing.
      await sleep(2_000);
      const again = await openPackages(ctx.stack.orm, campaignId);
      if (again.length === open.length) return again;
    }
    await sleep(500);
  }
  throw new Error(`campaign ${campaignId}: no open packages after 10 minutes`);
}

export async function benchFieldResultRoundTrip(ctx: BenchContext): Promise<BenchResult[]> {
  const { stack } = ctx;
  const families = ctx.quick ? 1_000 : 2_500;
  const { sim } = await stack.startSimulator(families);
  const worker = await stack.startWorkerProcess(sim.url);
  const baselineWorker = startBenchWorkerProcess({
    kind: 'baseline',
    temporalAddress: temporalAddress(stack.client.connection),
    namespace: stack.namespace,
    databaseUrl: stack.databaseUrl,
    taskQueue: stack.benchTaskQueue,
    workflowBundlePath: stack.baselineBundlePath,
    p3keUrl: sim.url,
    p3keToken: '',
    dataDir: stack.dataDir,
    logFile: join(stack.dataDir, 'baseline-worker.log'),
  });
  let callers: CallerProcess | undefined;
  try {
    await baselineWorker.ready;
    callers = await startCallerProcess(join(stack.dataDir, 'callers.log'));
    const pids = { worker: worker.pid, baselineWorker: baselineWorker.pid, callers: callers.pid };
    return await measure(ctx, families, callers, cpuSources(ctx, pids));
  } finally {
    await callers?.stop();
    await baselineWorker.stop();
  }
}

/**
 * Every process either side's operations spend CPU in: the dev server, the two workers, the callers, this process
 * (the HTTP API; during the no-op rounds it only waits) and PostgreSQL's backends serving the bench database.
 */
function cpuSources(ctx: BenchContext, pids: { worker: number; baselineWorker: number; callers: number }): CpuSource[] {
  const { stack } = ctx;
  return [
    { name: 'temporal', pids: () => [stack.temporalPid] },
    { name: 'worker', pids: () => [pids.worker] },
    { name: 'baselineWorker', pids: () => [pids.baselineWorker] },
    { name: 'callers', pids: () => [pids.callers] },
    { name: 'api', pids: () => [process.pid] },
    {
      name: 'postgres',
      pids: async () => {
        const rows = await stack.orm.em.getConnection().execute<{ pid: number }[]>('select pid from pg_stat_activity where datname = current_database()');
        return rows.map((r) => Number(r.pid));
      },
    },
  ];
}

/** Runs one round of calls and adds the CPU readings around it to `into`. */
async function withCpu(sources: readonly CpuSource[], into: CpuRound[], round: () => Promise<{ latencies: number[] }>): Promise<number[]> {
  const before = await readCpu(sources);
  const from = process.hrtime.bigint();
  const { latencies } = await round();
  // With CPU profiles on (VERIVALI_BENCH_CPU_PROF_DIR), the round's window on the monotonic clock V8's profiles use,
  // so a profile can be cut to one round.
  if (process.env.VERIVALI_BENCH_CPU_PROF_DIR) console.log(`  round window (monotonic µs): ${from / 1000n}-${process.hrtime.bigint() / 1000n}`);
  into.push([before, await readCpu(sources)]);
  return latencies;
}

async function measure(ctx: BenchContext, families: number, callers: CallerProcess, sources: readonly CpuSource[]): Promise<BenchResult[]> {
  const { stack } = ctx;
  await seedRoster(stack.orm);
  const campaignId = `bench-field-${randomUUID().slice(0, 8)}`;
  const handle = await startBenchCampaign(stack.client, stack.taskQueue, campaignId, benchCampaignConfig(families, { timers: ROUND_TRIP_TIMERS }));
  const open = await untilPackagesOpen(ctx, campaignId, handle);

  // One package per officer, 50 officers (the first package of each, in desa order).
  const byOfficer = new Map<string, OpenPackage>();
  for (const p of open) if (!byOfficer.has(p.officerId) && byOfficer.size < OFFICERS) byOfficer.set(p.officerId, p);
  if (byOfficer.size < OFFICERS) throw new Error(`only ${byOfficer.size} officers hold an open package; ${OFFICERS} needed`);

  // The API gets a connection pool of its own, as its own process has in production: sharing the worker's pool of
  // ten with 50 officers' requests would measure the queue for a connection, not the round trip.
  const apiOrm = await MikroORM.init(ormConfig(stack.databaseUrl));
  const app = await buildApi({ orm: apiOrm, client: stack.client, env: stack.env, taskQueue: stack.taskQueue, dataDir: stack.dataDir });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  const httpNoop = await startHttpNoopApi(apiOrm, stack.client);
  const packageResults = new Map<string, FieldResult[]>();
  for (const pkg of byOfficer.values()) packageResults.set(pkg.id, await resultsForPackage(stack.orm, campaignId, pkg.id, pkg.round));
  const perOfficer = ctx.quick ? QUICK_RESULTS_PER_OFFICER : fullResultsPerOfficer(packageResults);
  const officers: { url: string; packageUrl: string; token: string; bodies: string[] }[] = [];
  for (const [officerId, pkg] of byOfficer) {
    const packageUrl = `${base}/packages/${encodeURIComponent(pkg.id)}`;
    officers.push({
      packageUrl,
      url: `${packageUrl}/results`,
      token: await officerToken(stack.orm, officerId),
      // One more than measured: the first is the warm-up below.
      bodies: submissionsOf(packageResults.get(pkg.id) ?? [], perOfficer + 1),
    });
  }
  const submissions = perOfficer * OFFICERS;
  const warm = await Promise.all(
    Array.from({ length: OFFICERS }, (_, i) => stack.client.workflow.start(benchWarmWorkflow, { taskQueue: stack.benchTaskQueue, workflowId: `bench-warm-${campaignId}-${i}` })),
  );
  /** An HTTP round whose every request must be answered 200: a refusal would measure something else. */
  const answeredHttp = async (task: HttpRoundTask | HttpOpenTask, what: string): Promise<CallerRound> => {
    const round = await callers.run(task);
    if (round.refused > 0) throw new Error(`${round.refused} ${what} were refused: the round trip would not be measured on what it names`);
    return round;
  };
  const updates = (update: { name: string }, perClient: number) =>
    callers.run({ kind: 'update', temporalAddress: temporalAddress(stack.client.connection), namespace: stack.namespace, workflowIds: warm.map((h) => h.workflowId), updateName: update.name, perClient });
  try {
    await updates(benchNoopUpdate, 1); // warm: each workflow has run its first task and sits in the worker's cache
    // Warm alike on the field side: each officer opens its package first (the field app's first call), so the API's
    // pool and the officers' connections are open. Its packages are warm already (they ran their first tasks).
    await answeredHttp({ kind: 'http-open', officers: officers.map((o) => ({ url: o.packageUrl, token: o.token })) }, 'package opens');
    // Then one result each, unmeasured, as each no-op client sends one Update before its round: the same path
    // (the API's route, the package's Update, the local activity, the statements) has run once per caller, its
    // package sits in the worker's cache, and the measured round starts warm, not with 50 first calls at once.
    await answeredHttp({ kind: 'http', officers: officers.map((o) => ({ ...o, bodies: o.bodies.slice(0, 1) })) }, 'warm-up results');
    const measuredOfficers = officers.map((o) => ({ ...o, bodies: o.bodies.slice(1) }));
    const perClient = Math.max(2, Math.ceil(submissions / OFFICERS));
    const cpu = { noop: [] as CpuRound[], field: [] as CpuRound[], localActivity: [] as CpuRound[], httpNoop: [] as CpuRound[] };
    const noop = await withCpu(sources, cpu.noop, () => updates(benchNoopUpdate, Math.ceil(perClient / 2)));
    const field = await withCpu(sources, cpu.field, () => answeredHttp({ kind: 'http', officers: measuredOfficers }, `of ${submissions} field results`));
    noop.push(...(await withCpu(sources, cpu.noop, () => updates(benchNoopUpdate, Math.floor(perClient / 2)))));
    // Not a target: the same no-op Update behind HTTP and the API's token check, officers' tokens, warm first.
    const httpNoopRound = (perOfficer: number) =>
      answeredHttp(
        {
          kind: 'http',
          officers: officers.map((o, i) => ({
            url: `${httpNoop.base}/noop/${encodeURIComponent(warm[i]?.workflowId ?? '')}`,
            token: o.token,
            bodies: Array.from({ length: perOfficer }, (_, n) => JSON.stringify({ n })),
          })),
        },
        'no-op Updates over HTTP',
      );
    await httpNoopRound(1);
    const overHttp = await withCpu(sources, cpu.httpNoop, () => httpNoopRound(Math.ceil(perClient / 2)));
    const h95 = percentile(overHttp, 95);
    // Not targets: how much of the gap is the handler's shape (an activity inside the Update) rather than its work.
    const withActivity = (await updates(benchActivityUpdate, Math.ceil(perClient / 2))).latencies;
    const a95 = percentile(withActivity, 95);
    const withLocal = await withCpu(sources, cpu.localActivity, () => updates(benchLocalActivityUpdate, Math.ceil(perClient / 2)));
    const l95 = percentile(withLocal, 95);
    const cpuMs = {
      noopUpdate: cpuMsPerOperation(cpu.noop, noop.length),
      fieldResult: cpuMsPerOperation(cpu.field, field.length),
      localActivityUpdate: cpuMsPerOperation(cpu.localActivity, withLocal.length),
      httpNoopUpdate: cpuMsPerOperation(cpu.httpNoop, overHttp.length),
    };
    const cpuLine = (ms: Record<string, number>): string => Object.entries(ms).map(([k, v]) => `${k} ${v}`).join(', ');
    for (const [side, ms] of Object.entries(cpuMs)) ctx.say(`  CPU ms per operation, ${side}: ${cpuLine(ms)}`);

    const [f50, f95, n50, n95] = [percentile(field, 50), percentile(field, 95), percentile(noop, 50), percentile(noop, 95)];
    ctx.say(`  field result via API: p50 ${f50.toFixed(1)} ms, p95 ${f95.toFixed(1)} ms (${field.length}); no-op Update: p50 ${n50.toFixed(1)} ms, p95 ${n95.toFixed(1)} ms (${noop.length}); Update with a no-op activity: p95 ${a95.toFixed(1)} ms; with a no-op local activity: p95 ${l95.toFixed(1)} ms; no-op Update over HTTP: p95 ${h95.toFixed(1)} ms`);
    const params = {
      officers: OFFICERS,
      families,
      submissions: field.length,
      noopUpdates: noop.length,
      recordFieldResult: 'by the API before its Update (client/api/record-field-result.ts): one read and one write statement, prepared; the package validates and keeps it (patch field-result-recorded-by-api)',
      processes: 'both sides alike: workers (production, baseline) each in a child process; the 50 callers (officers over HTTP, no-op Update clients) in one child process; HTTP API in the bench process',
      reminderEverySeconds: ROUND_TRIP_TIMERS.reminderEverySeconds,
      cpuMsPerNoopUpdate: cpuLine(cpuMs.noopUpdate),
      cpuMsPerFieldResult: cpuLine(cpuMs.fieldResult),
      cpuMsPerLocalActivityUpdate: cpuLine(cpuMs.localActivityUpdate),
      cpuMsPerHttpNoopUpdate: cpuLine(cpuMs.httpNoopUpdate),
      ...loadParams(),
    };
    return [
      benchResult({ name: 'field-result-round-trip-p95', numerator: round(f95, 2), denominator: round(n95, 2), target: { op: '<=', value: 2 }, units: 'ms p95 field result (HTTP API → Update → recorded) ÷ ms p95 no-op Update', params }),
      benchResult({
        name: 'field-result-round-trip-activity-update-p95',
        numerator: round(a95, 2),
        denominator: round(n95, 2),
        target: null,
        units: 'ms p95 Update running one no-op activity ÷ ms p95 no-op Update (the cost of the handler shape alone)',
        params: { ...params, activityUpdates: withActivity.length },
      }),
      benchResult({
        name: 'field-result-round-trip-local-activity-update-p95',
        numerator: round(l95, 2),
        denominator: round(n95, 2),
        target: null,
        units: 'ms p95 Update running one no-op local activity ÷ ms p95 no-op Update (the cost of the production handler shape alone)',
        params: { ...params, localActivityUpdates: withLocal.length },
      }),
      benchResult({
        name: 'field-result-round-trip-http-noop-p95',
        numerator: round(f95, 2),
        denominator: round(h95, 2),
        target: null,
        units: 'ms p95 field result ÷ ms p95 no-op Update behind HTTP and the token check (what recording costs beyond the HTTP front)',
        params: { ...params, httpNoopUpdates: overHttp.length, httpNoopP95Ms: round(h95, 2) },
      }),
      benchResult({ name: 'field-result-round-trip-p50', numerator: round(f50, 2), denominator: round(n50, 2), target: null, units: 'ms p50 field result (HTTP API → Update → recorded) ÷ ms p50 no-op Update', params }),
    ];
  } finally {
    await app.close();
    await httpNoop.app.close();
    await apiOrm.close();
    await Promise.all(warm.map((h) => h.executeUpdate(benchFinishUpdate).catch(() => undefined)));
    await handle.terminate('bench: the field round trip is measured').catch(() => undefined);
  }
}
