/**
 * Benchmark 5, scale headroom: a campaign of 60,000 families (quick: 1,000) run to completion with simulated
 * people, then every history of its tree read back: the longest history ÷ 4,096 events (where Temporal suggests
 * continue-as-new), the most children or activities pending at once in any workflow ÷ 500 (a quarter of the
 * server's 2,000 limit), the largest payload as stored (encrypted) ÷ 512 KiB (the server's warning size), each
 * target ≤ 0.5; and the worker's peak RSS ÷ 1 GiB (≤ 1). The production worker runs alone in a child process
 * (bench/lib/worker-process.ts) and its peak is the kernel's high-water mark (VmHWM), so the simulated people,
 * the clients and earlier benchmarks in this process do not count (the P3KE simulator is a process of its own).
 */
import { randomUUID } from 'node:crypto';
import { driveCampaign } from '../sim/field-actors/drive-campaign';
import { benchResult, type BenchResult } from './lib/result';
import { loadParams, round, timed, type BenchContext } from './lib/context';
import { benchCampaignConfig, startBenchCampaign } from './lib/campaign';
import { BENCH_SEED, seedRoster } from './lib/officers';
import { campaignExecutionStats, treeTotals, type ExecutionStats } from './lib/campaign-histories';
import { OFFICER_CONCURRENCY } from './end-to-end';
import { headroomFamilies, HEADROOM_FAMILIES_ENV } from './lib/args';
import { formatRssByPhase, formatRssSamples, rssByPhase, type RssSample } from './lib/rss-timeline';
import type { BenchWorkerProcess } from './lib/worker-process';
import { campaignProgressQuery } from '../domain/contracts/campaign';
import type { WorkflowHandle } from '@temporalio/client';

const KIB = 1024;
const GIB = 1024 ** 3;

const where = (s: ExecutionStats): string => `${s.type} ${s.workflowId}`;
const RSS_SAMPLE_EVERY_MS = 1_000;

/**
 * Samples the worker's VmRSS once a second with the campaign's phase (its progress query, given a second to
 * answer; a loaded worker keeps the last phase known), until stopped. The query is a read-only workflow task on
 * a cached workflow: a cost the worker pays once a second, not per family.
 */
function sampleRss(worker: BenchWorkerProcess, handle: WorkflowHandle, startedMs: number): { stop(): Promise<RssSample[]> } {
  const samples: RssSample[] = [];
  let phase = 'starting';
  let verified = 0;
  let stopped = false;
  // At most one query in flight: a slow answer is awaited by the next ticks, never piled up on a loaded worker.
  let asking: Promise<void> | null = null;
  const ask = (): Promise<void> =>
    handle
      .query(campaignProgressQuery)
      .then((p) => ({ phase, counts: { verified } } = p))
      .catch(() => undefined)
      .finally(() => (asking = null))
      .then(() => undefined);
  const loop = (async () => {
    while (!stopped) {
      const tick = Date.now();
      asking ??= ask();
      await Promise.race([asking, new Promise((r) => setTimeout(r, RSS_SAMPLE_EVERY_MS))]);
      const rssBytes = worker.rssBytes();
      if (rssBytes !== null) samples.push({ seconds: (Date.now() - startedMs) / 1000, rssBytes, phase, verified, heapUsedBytes: worker.lastHeap()?.heapUsed ?? null, cachedWorkflows: worker.lastHeap()?.cachedWorkflows ?? null });
      await new Promise((r) => setTimeout(r, Math.max(0, RSS_SAMPLE_EVERY_MS - (Date.now() - tick))));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      return samples;
    },
  };
}

export async function benchScaleHeadroom(ctx: BenchContext): Promise<BenchResult[]> {
  const families = headroomFamilies(process.env[HEADROOM_FAMILIES_ENV], ctx.quick);
  const { stack } = ctx;
  const { sim } = await stack.startSimulator(families);
  await seedRoster(stack.orm);
  const worker = await stack.startWorkerProcess(sim.url);
  const campaignId = `bench-scale-${randomUUID().slice(0, 8)}`;
  let samples: RssSample[] = [];
  const run = await timed(async () => {
    const handle = await startBenchCampaign(stack.client, stack.taskQueue, campaignId, benchCampaignConfig(families));
    const sampler = sampleRss(worker, handle, Date.now());
    const people = driveCampaign({
      client: stack.client,
      orm: stack.orm,
      campaignId,
      seed: BENCH_SEED,
      officers: { concurrency: OFFICER_CONCURRENCY },
      supervisors: { delayMs: 0, unansweredShare: 0 },
      pollMs: 500,
    });
    try {
      const report = await handle.result();
      await people;
      return report;
    } finally {
      samples = await sampler.stop();
    }
  });
  const phases = rssByPhase(samples);
  ctx.say(`  worker RSS by phase (sampled every second, ${samples.length} samples):\n${formatRssByPhase(phases)}`);
  ctx.say(`  worker RSS over time:\n${formatRssSamples(samples, Math.max(1, Math.ceil(samples.length / 40)))}`);
  const peakRss = worker.peakRssBytes();
  if (peakRss === null) throw new Error('the worker process has no /proc/<pid>/status (VmHWM): peak RSS needs Linux');
  if (run.value.status !== 'completed') throw new Error(`campaign ${campaignId} ended ${run.value.status}`);
  const totals = treeTotals(await campaignExecutionStats(stack.client, campaignId));
  const pending = Math.max(totals.peakPending.peakPendingChildren, totals.peakPending.peakPendingActivities);
  ctx.say(`  campaign of ${families} families completed in ${run.seconds.toFixed(0)} s over ${totals.executions} workflow runs; longest history ${totals.peakEvents.events} events (${where(totals.peakEvents)})`);
  const params = { families, campaignSeconds: round(run.seconds, 1), workflowRuns: totals.executions, verified: run.value.counts.verified, ...loadParams() };
  return [
    benchResult({
      name: 'scale-headroom-history-events',
      numerator: totals.peakEvents.events,
      denominator: 4096,
      target: { op: '<=', value: 0.5 },
      units: 'events in the longest history of the campaign tree ÷ 4,096',
      params: { ...params, workflow: where(totals.peakEvents) },
    }),
    benchResult({
      name: 'scale-headroom-pending',
      numerator: pending,
      denominator: 500,
      target: { op: '<=', value: 0.5 },
      units: 'peak pending children or activities of any workflow ÷ 500',
      params: { ...params, workflow: where(totals.peakPending), peakPendingChildren: totals.peakPending.peakPendingChildren, peakPendingActivities: totals.peakPending.peakPendingActivities },
    }),
    benchResult({
      name: 'scale-headroom-payload',
      numerator: totals.largestPayload.largestPayloadBytes,
      denominator: 512 * KIB,
      target: { op: '<=', value: 0.5 },
      units: 'bytes of the largest payload in any history (encrypted, as stored) ÷ 512 KiB',
      params: { ...params, workflow: where(totals.largestPayload) },
    }),
    benchResult({
      name: 'scale-headroom-worker-rss',
      numerator: peakRss,
      denominator: GIB,
      target: { op: '<=', value: 1 },
      units: 'bytes peak RSS (VmHWM) of the production worker, alone in its process ÷ 1 GiB',
      params: {
        ...params,
        measuredAs: 'VmHWM of the worker child process (bench/lib/worker-process.ts)',
        rssByPhaseMiB: phases.map((p) => `${p.phase} ${p.fromSeconds.toFixed(0)}-${p.toSeconds.toFixed(0)} s: ${Math.round(p.firstRssBytes / 2 ** 20)} -> ${Math.round(p.peakRssBytes / 2 ** 20)}`).join('; '),
      },
    }),
  ];
}
