/** A campaign as the benchmarks start it: the whole IKN area at demo pace, timers long enough never to fire. */
import type { Client, WorkflowHandle } from '@temporalio/client';
import type { CampaignConfig } from '../../domain/contracts/campaign';
import { campaignWorkflowId } from '../../domain/contracts/workflow-ids';
import { campaignWorkflow } from '../../workflows';
import { demoUsers } from '../../sim/field-actors/roster';
import { ikNSnapshotSpec } from './direct-ingest';

export function benchCampaignConfig(families: number, overrides: Partial<CampaignConfig> = {}): CampaignConfig {
  return {
    name: `bench ${families} families`,
    ...ikNSnapshotSpec(),
    ingestPageSize: 1000,
    // Deadlines and escalation timeouts are far beyond the run, so no timer path adds waiting to a figure.
    // Reminders keep production's proportion to the deadline (2 days in 14: a seventh; here 10 minutes in an
    // hour). At every 5 s, as before, each open package woke 720 times a deadline instead of 7: at 10,000
    // families some 200 packages waking 40 times a second, work the no-op baseline never does and production
    // never sees, and the churn that filled the worker's cache in the headroom runs.
    timers: { packageDeadlineSeconds: 3600, reminderEverySeconds: 600, escalationTimeoutSeconds: 3600, approvalDeadlineSeconds: 3600 },
    escalationThreshold: { maxSeverityAtLeast: 4, severitySumAtLeast: 6 },
    maxReassignments: 1,
    maxRevisitRounds: 1,
    budgetRupiah: Math.round(families * 3_000_000),
    maxFamiliesPerPackage: 50,
    ...overrides,
  };
}

export const BENCH_STARTED_BY = demoUsers().starter.id;

export function startBenchCampaign(client: Client, taskQueue: string, campaignId: string, config: CampaignConfig): Promise<WorkflowHandle<typeof campaignWorkflow>> {
  return client.workflow.start(campaignWorkflow, {
    taskQueue,
    workflowId: campaignWorkflowId(campaignId),
    args: [{ campaignId, config, startedBy: BENCH_STARTED_BY }],
  });
}
