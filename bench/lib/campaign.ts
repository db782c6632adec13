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
    timers: { packageDeadlineSeconds: 3600, reminderEverySeconds: 5, escalationTimeoutSeconds: 3600, approvalDeadlineSeconds: 3600 },
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
