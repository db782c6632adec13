/**
 * Benchmark 2, orchestration overhead: the ingest driven by the campaign workflow (from the workflow's start to
 * the completion of reconcileIngest, read from its history: server timestamps, no polling error) against the same
 * ingest functions called directly in this process. Alternating, medians. Target ≥ 0.85 (throughput ratio, i.e.
 * direct time ÷ workflow time).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { campaignProgressQuery } from '../domain/contracts/campaign';
import { benchResult, type BenchResult } from './lib/result';
import { loadParams, round, timed, type BenchContext } from './lib/context';
import { truncateIngestTables } from './lib/copy-baseline';
import { ingestDirectly } from './lib/direct-ingest';
import { activityCompletedAtMs, eventTimeMs } from './lib/history';
import { median } from './lib/percentile';
import { benchCampaignConfig, startBenchCampaign } from './lib/campaign';
import { INGEST_PAGE_SIZE, preparePagesOfBenchSnapshot } from './ingest-vs-copy';

export async function benchOrchestrationOverhead(ctx: BenchContext): Promise<BenchResult[]> {
  const families = ctx.quick ? 6_000 : 60_000;
  const rounds = ctx.quick ? 1 : 2;
  const { stack } = ctx;
  const { p3ke, sim } = await stack.startSimulator(families);
  // Both sides read the same prepared pages (the campaign asks for the same snapshot: benchCampaignConfig).
  const prepared = await preparePagesOfBenchSnapshot(sim, p3ke);
  const worker = await stack.startWorker(p3ke);
  const direct: number[] = [];
  const orchestrated: number[] = [];
  let rows = 0;
  for (let i = 0; i < rounds; i += 1) {
    await truncateIngestTables(stack.databaseUrl);
    const d = await timed(() => ingestDirectly({ orm: stack.orm, p3ke, campaignId: `bench-direct-${i}`, pageSize: INGEST_PAGE_SIZE }));
    rows = d.value.fetched;
    direct.push(rows / d.seconds);

    await truncateIngestTables(stack.databaseUrl);
    const campaignId = `bench-orchestrated-${i}`;
    const handle = await startBenchCampaign(stack.client, stack.taskQueue, campaignId, benchCampaignConfig(families, { ingestPageSize: INGEST_PAGE_SIZE }));
    for (;;) {
      const p = await handle.query(campaignProgressQuery);
      if (p.phase !== 'registered' && p.phase !== 'ingest') break;
      await sleep(200);
    }
    await handle.terminate('bench: the ingest phase is what is measured');
    // The checks activity started after the ingest keeps running in the worker until it ends; let it, so it does
    // not load the database under the next round.
    while (worker.getStatus().numInFlightActivities > 0) await sleep(200);
    const events = (await handle.fetchHistory()).events ?? [];
    const first = events[0];
    const reconciled = activityCompletedAtMs(events, 'reconcileIngest');
    if (!first || reconciled === null) throw new Error(`campaign ${campaignId}: no completed reconcileIngest in its history`);
    const seconds = (reconciled - eventTimeMs(first)) / 1000;
    orchestrated.push(rows / seconds);
    ctx.say(`  round ${i + 1}/${rounds}: direct ${Math.round(direct[i] as number)} rows/s (${d.seconds.toFixed(1)} s), workflow ${Math.round(orchestrated[i] as number)} rows/s (${seconds.toFixed(1)} s)`);
  }
  await truncateIngestTables(stack.databaseUrl);
  return [
    benchResult({
      name: 'orchestration-overhead',
      numerator: round(median(orchestrated), 1),
      denominator: round(median(direct), 1),
      target: { op: '>=', value: 0.85 },
      units: 'rows/s ingest in the campaign workflow ÷ rows/s ingest functions called directly (medians)',
      params: {
        families,
        rows,
        pageSize: INGEST_PAGE_SIZE,
        rounds,
        simulator: 'own process, pages prepared before the timed rounds (POST /_sim/snapshots/:id/prepare)',
        simulatorPreparedPages: prepared.pages,
        workflowMeasuredAs: 'WorkflowExecutionStarted → reconcileIngest ActivityTaskCompleted (server timestamps)',
        directRowsPerSecond: direct.map((v) => Math.round(v)).join(','),
        workflowRowsPerSecond: orchestrated.map((v) => Math.round(v)).join(','),
        ...loadParams(),
      },
    }),
  ];
}
