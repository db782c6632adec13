/**
 * Benchmark 4, end to end: campaigns of 10,000 families (quick: 500) with zero-think-time simulated officers,
 * supervisors and approver (sim/field-actors driveCampaign), families verified per second from the campaign's
 * start to its completion, against a bare baseline doing the same number of workflow starts, Updates and
 * activities with no-op bodies (counted from the campaign's own histories). Target ≥ 0.5. Also reports history
 * events per family (state transitions, counted over every history of the campaign's tree). Campaigns and
 * baselines alternate, two of each, and the figure is the ratio of their medians, so a swing in the shared
 * machine's load cannot decide it.
 */
import { randomUUID } from 'node:crypto';
import { MikroORM } from '@mikro-orm/postgresql';
import { ormConfig } from '../db/mikro-orm.config';
import { driveCampaign } from '../sim/field-actors/drive-campaign';
import { benchResult, type BenchResult } from './lib/result';
import { loadParams, round, timed, type BenchContext } from './lib/context';
import { benchCampaignConfig, startBenchCampaign } from './lib/campaign';
import { BENCH_SEED, seedRoster } from './lib/officers';
import { campaignExecutionStats, treeTotals } from './lib/campaign-histories';
import { campaignTimeline, formatTimeline } from './lib/campaign-timeline';
import { runBaseline } from './lib/baseline';
import { median } from './lib/percentile';

export const OFFICER_CONCURRENCY = 50;
/** Campaign and baseline runs alternate (C, B, C, B…) and the figure takes the medians: the load moves, both see it. */
const RUNS = 2;

interface CampaignRun {
  campaignId: string;
  verified: number;
  assigned: number;
  escalated: number;
  seconds: number;
  work: { starts: number; updates: number; activities: number };
  events: number;
}

async function runCampaign(ctx: BenchContext, families: number, peopleOrm: MikroORM): Promise<CampaignRun> {
  const { stack } = ctx;
  const campaignId = `bench-e2e-${randomUUID().slice(0, 8)}`;
  const campaign = await timed(async () => {
    const handle = await startBenchCampaign(stack.client, stack.taskQueue, campaignId, benchCampaignConfig(families));
    const people = driveCampaign({
      client: stack.client,
      orm: peopleOrm,
      campaignId,
      seed: BENCH_SEED,
      officers: { concurrency: OFFICER_CONCURRENCY },
      supervisors: { delayMs: 0, unansweredShare: 0 },
      pollMs: 200,
    });
    const report = await handle.result();
    await people;
    return report;
  });
  const report = campaign.value;
  if (report.status !== 'completed') throw new Error(`campaign ${campaignId} ended ${report.status}`);
  if (report.counts.verified <= 0) throw new Error(`campaign ${campaignId} verified no family`);
  const executions = await campaignExecutionStats(stack.client, campaignId);
  const totals = treeTotals(executions);
  const work = { starts: totals.executions, updates: totals.updates, activities: totals.activities };
  ctx.say(`  campaign: ${report.counts.verified} families verified in ${campaign.seconds.toFixed(1)} s; ${work.starts} workflow runs, ${work.updates} updates, ${work.activities} activities, ${totals.events} history events`);
  // Where the wall time went (read after the clock stopped): the phases, the gaps, the waits for the people.
  for (const line of formatTimeline(campaignTimeline(executions.map((e) => e.times)))) ctx.say(`    ${line}`);
  return { campaignId, verified: report.counts.verified, assigned: report.counts.assigned, escalated: report.counts.escalated, seconds: campaign.seconds, work, events: totals.events };
}

export async function benchEndToEnd(ctx: BenchContext): Promise<BenchResult[]> {
  const families = ctx.quick ? 500 : 10_000;
  const { stack } = ctx;
  const { p3ke } = await stack.startSimulator(families);
  await seedRoster(stack.orm);
  await stack.startWorker(p3ke);
  await stack.startBenchWorker();

  const campaigns: CampaignRun[] = [];
  const baselines: { seconds: number; verified: number }[] = [];
  // The simulated people read their inboxes through a pool of their own, as the API process has in production:
  // on the worker's pool of ten connections their reads queued with the activities' writes.
  const peopleOrm = await MikroORM.init(ormConfig(stack.databaseUrl));
  try {
    for (let i = 0; i < RUNS; i += 1) {
      const c = await runCampaign(ctx, families, peopleOrm);
      campaigns.push(c);
      const b = await timed(() => runBaseline(stack.client, stack.benchTaskQueue, c.campaignId, c.work, OFFICER_CONCURRENCY));
      baselines.push({ seconds: b.seconds, verified: c.verified });
      ctx.say(`  baseline: the same starts, updates and activities with no-op bodies in ${b.seconds.toFixed(1)} s`);
    }
  } finally {
    await peopleOrm.close();
  }
  const campaignRate = median(campaigns.map((c) => c.verified / c.seconds));
  const baselineRate = median(baselines.map((b) => b.verified / b.seconds));
  const first = campaigns[0] as CampaignRun;
  const params = {
    families,
    runs: RUNS,
    verified: first.verified,
    assigned: first.assigned,
    escalated: first.escalated,
    campaignSeconds: campaigns.map((c) => round(c.seconds, 1)).join(', '),
    baselineSeconds: baselines.map((b) => round(b.seconds, 1)).join(', '),
    workflowRuns: first.work.starts,
    updates: first.work.updates,
    activities: first.work.activities,
    officerConcurrency: OFFICER_CONCURRENCY,
    ...loadParams(),
  };
  const events = campaigns.reduce((n, c) => n + c.events, 0);
  const assigned = campaigns.reduce((n, c) => n + c.assigned, 0);
  return [
    benchResult({
      name: 'end-to-end',
      numerator: round(campaignRate, 2),
      denominator: round(baselineRate, 2),
      target: { op: '>=', value: 0.5 },
      units: `families verified/s (campaign start → completed) ÷ families/s of a no-op baseline with the same starts, updates, activities; medians of ${RUNS} alternating runs each`,
      params,
    }),
    benchResult({
      name: 'end-to-end-history-events-per-family',
      numerator: events,
      denominator: assigned,
      target: null,
      units: 'history events over every workflow run of the campaigns ÷ families assigned (state transitions per family)',
      params: { ...params, countedAs: 'events of every execution listed by VerivaliCampaignId, fetched with fetchHistory, over every campaign run' },
    }),
  ];
}
