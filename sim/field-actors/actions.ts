/**
 * The only place the simulated people touch Temporal: the same Updates and Queries a real user's request goes
 * through. The HTTP API will put itself here, so every function takes a Client and plain ids, and nothing else
 * in sim/field-actors knows workflow ids or message names.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { ServiceError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import {
  campaignProgressQuery,
  decidePlanUpdate,
  type CampaignProgress,
  type PlanDecisionInput,
  type PlanDecisionResult,
} from '../../domain/contracts/campaign';
import { decideCaseUpdate, type CaseDecisionInput, type CaseDecisionResult } from '../../domain/contracts/escalation-case';
import {
  handInPackageUpdate,
  submitFieldResultUpdate,
  workPackageStatusQuery,
  type FieldResultReceipt,
  type FieldResultSubmission,
  type WorkPackageStatus,
} from '../../domain/contracts/work-package';
import { campaignWorkflowId, escalationCaseWorkflowId, workPackageWorkflowId } from '../../domain/contracts/workflow-ids';

/** A work package as its workflow id is built: campaign, desa and sequence number. */
export interface PackageAddress {
  campaignId: string;
  desaCode: string;
  seq: number;
}

const packageHandle = (client: Client, p: PackageAddress) => client.workflow.getHandle(workPackageWorkflowId(p.campaignId, p.desaCode, p.seq));

/** `updateId` is the submission id: sending it again returns the first answer instead of recording twice. */
export function submitFieldResult(client: Client, input: { package: PackageAddress; submission: FieldResultSubmission; updateId: string }): Promise<FieldResultReceipt> {
  return packageHandle(client, input.package).executeUpdate(submitFieldResultUpdate, { args: [input.submission], updateId: input.updateId });
}

export function handInPackage(client: Client, input: { package: PackageAddress; officerId: string; updateId?: string }): Promise<WorkPackageStatus> {
  return packageHandle(client, input.package).executeUpdate(handInPackageUpdate, {
    args: [{ officerId: input.officerId }],
    ...(input.updateId ? { updateId: input.updateId } : {}),
  });
}

/** gRPC DEADLINE_EXCEEDED: the server gave up waiting for a worker to answer the query. */
const DEADLINE_EXCEEDED = 4;
/**
 * gRPC FAILED_PRECONDITION with this message: the workflow's last task attempt failed (a task timeout on a loaded
 * worker, say) and its retry has not completed yet, so the server will not ask the worker. Seen once on a
 * 60,000-family campaign; the next task completed normally and nothing was lost.
 */
const FAILED_PRECONDITION = 9;
const TASK_IN_FAILED_STATE = /Workflow Task in failed state/i;
const QUERY_TRIES = 10;

function workerBusy(err: unknown): boolean {
  if (!(err instanceof ServiceError)) return false;
  const cause = err.cause as { code?: number; message?: string } | undefined;
  if (cause?.code === DEADLINE_EXCEEDED) return true;
  return cause?.code === FAILED_PRECONDITION && TASK_IN_FAILED_STATE.test(cause.message ?? '');
}

/**
 * A query the worker was too busy to answer in time (a loaded machine, a campaign of thousands of workflows), or
 * asked while the workflow's task was being retried, is asked again after a short pause, as a person would reload
 * the page; any other error is the caller's.
 */
export async function askAgainWhileBusy<T>(query: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await query();
    } catch (err) {
      const busy = workerBusy(err);
      if (!busy || attempt >= QUERY_TRIES) throw err;
      await sleep(250 * attempt);
    }
  }
}

export function packageStatus(client: Client, pkg: PackageAddress): Promise<WorkPackageStatus> {
  return askAgainWhileBusy(() => packageHandle(client, pkg).query(workPackageStatusQuery));
}

export function decideCase(client: Client, input: { campaignId: string; familyId: string; decision: CaseDecisionInput; updateId?: string }): Promise<CaseDecisionResult> {
  return client.workflow.getHandle(escalationCaseWorkflowId(input.campaignId, input.familyId)).executeUpdate(decideCaseUpdate, {
    args: [input.decision],
    ...(input.updateId ? { updateId: input.updateId } : {}),
  });
}

export function decidePlan(client: Client, input: { campaignId: string; decision: PlanDecisionInput; updateId?: string }): Promise<PlanDecisionResult> {
  return client.workflow.getHandle(campaignWorkflowId(input.campaignId)).executeUpdate(decidePlanUpdate, {
    args: [input.decision],
    ...(input.updateId ? { updateId: input.updateId } : {}),
  });
}

export function campaignProgress(client: Client, campaignId: string): Promise<CampaignProgress> {
  return askAgainWhileBusy(() => client.workflow.getHandle(campaignWorkflowId(campaignId)).query(campaignProgressQuery));
}

/** The campaign workflow's execution status as Temporal reports it: RUNNING, COMPLETED, FAILED, ... */
export async function campaignExecutionStatus(client: Client, campaignId: string): Promise<string> {
  const description = await client.workflow.getHandle(campaignWorkflowId(campaignId)).describe();
  return description.status.name;
}

/**
 * The ApplicationFailure type behind a refused or failed update (a validator's rejection such as
 * 'WrongOfficer', or the type an activity failed with); null when the error is not an update failure at all
 * (a network error, a timeout), i.e. when sending the same update again may help.
 */
export function updateRejectionType(err: unknown): string | null {
  if (!(err instanceof WorkflowUpdateFailedError)) return null;
  for (let cause: unknown = err.cause; cause instanceof Error; cause = cause.cause) {
    if (cause instanceof ApplicationFailure && cause.type) return cause.type;
  }
  return 'UpdateFailed';
}
