/**
 * Every execution of a campaign's workflow tree (campaign, desa, packages with their continue-as-new runs, cases),
 * found through the VerivaliCampaignId search attribute, with the statistics of each history.
 */
import type { Client } from '@temporalio/client';
import { SA_CAMPAIGN_ID } from '../../domain/contracts/search-attributes';
import { historyStats, type HistoryStats } from './history';
import { executionTimes, type ExecutionTimes } from './campaign-timeline';

export interface ExecutionStats extends HistoryStats {
  workflowId: string;
  runId: string;
  type: string;
  /** When its activities, Updates and children ran: what bench/lib/campaign-timeline.ts reads. */
  times: ExecutionTimes;
}

export interface TreeTotals {
  executions: number;
  events: number;
  activities: number;
  updates: number;
  children: number;
  /** The execution with the most of each, with its id (ids carry no personal data). */
  peakEvents: ExecutionStats;
  peakPending: ExecutionStats;
  largestPayload: ExecutionStats;
}

export async function campaignExecutionStats(client: Client, campaignId: string, concurrency = 8): Promise<ExecutionStats[]> {
  const ids: { workflowId: string; runId: string; type: string }[] = [];
  for await (const e of client.workflow.list({ query: `${SA_CAMPAIGN_ID.name} = '${campaignId}'` })) ids.push({ workflowId: e.workflowId, runId: e.runId, type: e.type });
  const stats: ExecutionStats[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < ids.length) {
        const id = ids[next++] as (typeof ids)[number];
        const events = (await client.workflow.getHandle(id.workflowId, id.runId).fetchHistory()).events ?? [];
        stats.push({ ...id, ...historyStats(events), times: executionTimes(id, events) });
      }
    }),
  );
  return stats;
}

export function treeTotals(stats: readonly ExecutionStats[]): TreeTotals {
  if (stats.length === 0) throw new Error('no workflow execution found for the campaign (is the search attribute set?)');
  const max = (key: (s: ExecutionStats) => number): ExecutionStats => stats.reduce((a, b) => (key(b) > key(a) ? b : a));
  const sum = (key: (s: ExecutionStats) => number): number => stats.reduce((n, s) => n + key(s), 0);
  return {
    executions: stats.length,
    events: sum((s) => s.events),
    activities: sum((s) => s.activitiesScheduled),
    updates: sum((s) => s.updatesAccepted),
    children: sum((s) => s.childrenStarted),
    peakEvents: max((s) => s.events),
    peakPending: max((s) => Math.max(s.peakPendingChildren, s.peakPendingActivities)),
    largestPayload: max((s) => s.largestPayloadBytes),
  };
}
