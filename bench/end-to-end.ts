/**
 * Benchmark 4, end to end: a campaign of 10,000 families (quick: 1,000) with zero-think-time simulated officers,
 * supervisors and approver (sim/field-actors driveCampaign), families verified per second from the campaign's
 * start to its completion, against a bare baseline doing the same number of workflow starts, Updates and
 * activities with no-op bodies (counted from the campaign's own histories). Target ≥ 0.5. Also reports history
 * events per family (state transitions, counted over every history of the campaign's tree).
 */
import { randomUUID } from 'node:crypto';
import { driveCampaign } from '../sim/field-actors/drive-campaign';
import { benchResult, type BenchResult } from './lib/result';
import { loadParams, round, timed, type BenchContext } from './lib/context';
import { benchCampaignConfig, startBenchCampaign } from './lib/campaign';
import { BENCH_SEED, seedRoster } from './lib/officers';
import { campaignExecutionStats, treeTotals } from './lib/campaign-histories';
import { runBaseline } from './lib/baseline';

export const OFFICER_CONCURRENCY = 50;

export async function benchEndToEnd(ctx: BenchContext): Promise<BenchResult[]> {
  const families = ctx.quick ? 1_000 : 10_000;
  const { stack } = ctx;
  const { p3ke } = await stack.startSimulator(families);
  await seedRoster(stack.orm);
  await stack.startWorker(p3ke);
  await stack.startBenchWorker();
  const campaignId = `bench-e2e-${randomUUID().slice(0, 8)}`;

  const campaign = await timed(async () => {
    const handle = await startBenchCampaign(stack.client, stack.taskQueue, campaignId, benchCampaignConfig(families));
    const people = driveCampaign({
      client: stack.client,
      orm: stack.orm,
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
  const verified = report.counts.verified;
  if (verified <= 0) throw new Error(`campaign ${campaignId} verified no family`);

  const stats = await campaignExecutionStats(stack.client, campaignId);
  const totals = treeTotals(stats);
  const work = { starts: totals.executions, updates: totals.updates, activities: totals.activities };
  ctx.say(`  campaign: ${verified} families verified in ${campaign.seconds.toFixed(1)} s; ${work.starts} workflow runs, ${work.updates} updates, ${work.activities} activities, ${totals.events} history events`);
  const baseline = await timed(() => runBaseline(stack.client, stack.benchTaskQueue, campaignId, work, OFFICER_CONCURRENCY));
  ctx.say(`  baseline: the same starts, updates and activities with no-op bodies in ${baseline.seconds.toFixed(1)} s`);

  const params = {
    families,
    verified,
    assigned: report.counts.assigned,
    escalated: report.counts.escalated,
    campaignSeconds: round(campaign.seconds, 1),
    baselineSeconds: round(baseline.seconds, 1),
    workflowRuns: work.starts,
    updates: work.updates,
    activities: work.activities,
    officerConcurrency: OFFICER_CONCURRENCY,
    ...loadParams(),
  };
  return [
    benchResult({
      name: 'end-to-end',
      numerator: round(verified / campaign.seconds, 2),
      denominator: round(verified / baseline.seconds, 2),
      target: { op: '>=', value: 0.5 },
      units: 'families verified/s (campaign start → completed) ÷ families/s of a no-op baseline with the same starts, updates, activities',
      params,
    }),
    benchResult({
      name: 'end-to-end-history-events-per-family',
      numerator: totals.events,
      denominator: report.counts.assigned,
      target: null,
      units: 'history events over every workflow run of the campaign ÷ families assigned (state transitions per family)',
      params: { ...params, countedAs: 'events of every execution listed by VerivaliCampaignId, fetched with fetchHistory' },
    }),
  ];
}
