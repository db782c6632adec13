/**
 * The approving program manager: waits until the campaign's plan is up for approval, then decides it through
 * the campaign's Update. Not the manager who started the campaign (four-eyes rule).
 */
import type { Client } from '@temporalio/client';
import type { PlanDecision, PlanDecisionResult } from '../../domain/contracts/campaign';
import { campaignExecutionStatus, campaignProgress, decidePlan } from './actions';
import { pause } from './pacing';
import { demoUsers } from './roster';

export interface ApprovePlanInput {
  client: Client;
  campaignId: string;
  decidedBy?: string;
  decision: PlanDecision;
  /** Required for approve_partial: the programmes approved. */
  programmes?: string[];
  reason: string;
  pollMs?: number;
  stopSignal?: AbortSignal;
}

/** Phases after which no plan will wait for approval any more. */
const PAST_APPROVAL = new Set(['closeout', 'completed', 'cancelled', 'failed']);

export const DEFAULT_PLAN_REASONS: Readonly<Record<PlanDecision, string>> = {
  approve: 'Rencana intervensi sesuai hasil verivali dan anggaran; disetujui.',
  approve_partial: 'Sebagian program disetujui sesuai prioritas anggaran tahun ini.',
  reject: 'Rencana perlu disusun ulang setelah data lapangan dilengkapi.',
};

/**
 * Polls the campaign's progress until its phase is 'approval', then sends the decision. Null when the campaign
 * went past approval without waiting for one (no funded item, plan expired, campaign ended) or stop was asked.
 */
export async function approvePlanWhenReady(input: ApprovePlanInput): Promise<PlanDecisionResult | null> {
  if (input.decision === 'approve_partial' && (input.programmes?.length ?? 0) === 0) {
    throw new TypeError('approve_partial needs the programmes it approves');
  }
  const stop = input.stopSignal;
  while (!stop?.aborted) {
    if ((await campaignExecutionStatus(input.client, input.campaignId)) !== 'RUNNING') return null;
    const progress = await campaignProgress(input.client, input.campaignId);
    if (progress.phase === 'approval') {
      return decidePlan(input.client, {
        campaignId: input.campaignId,
        decision: {
          decision: input.decision,
          ...(input.programmes ? { programmes: input.programmes } : {}),
          reason: input.reason,
          decidedBy: input.decidedBy ?? demoUsers().approver.id,
          role: 'program_manager',
        },
        // One decision per campaign: a resent request gets the first answer back.
        updateId: `${input.campaignId}/plan-decision`,
      });
    }
    if (PAST_APPROVAL.has(progress.phase)) return null;
    await pause(input.pollMs ?? 1000, stop);
  }
  return null;
}
