/**
 * Everyone a campaign waits for, at once: field verifiers, supervisors and the approving program manager, until
 * the campaign workflow closes. Used by the demo and the end-to-end tests.
 */
import { setMaxListeners } from 'node:events';
import type { Client } from '@temporalio/client';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { PlanDecision, PlanDecisionResult } from '../../domain/contracts/campaign';
import { campaignExecutionStatus } from './actions';
import { pause } from './pacing';
import { runSimulatedOfficers, type OfficerCounts, type OfficerShares } from './simulated-officers';
import { approvePlanWhenReady, DEFAULT_PLAN_REASONS } from './simulated-manager';
import { runSimulatedSupervisors, type CaseDecisionShares, type SupervisorCounts } from './simulated-supervisors';

export interface DriveCampaignInput {
  client: Client;
  orm: MikroORM;
  campaignId: string;
  seed: number;
  officers?: { concurrency?: number; shares?: Partial<OfficerShares> };
  supervisors?: { shares?: Partial<CaseDecisionShares>; delayMs?: number; unansweredShare?: number; concurrency?: number };
  /** The program manager's decision; null leaves the plan undecided (it expires at its deadline). */
  plan?: { decision: PlanDecision; programmes?: string[]; reason?: string; decidedBy?: string } | null;
  pollMs?: number;
  /** Gives up (and stops everyone) after this long; the campaign itself keeps running. */
  timeoutMs?: number;
  stopSignal?: AbortSignal;
}

export interface DriveCampaignOutcome {
  /** Temporal's execution status when the people stopped: COMPLETED, FAILED, ... or RUNNING on timeout/stop. */
  status: string;
  officers: OfficerCounts;
  supervisors: SupervisorCounts;
  plan: PlanDecisionResult | null;
  elapsedMs: number;
}

export async function driveCampaign(input: DriveCampaignInput): Promise<DriveCampaignOutcome> {
  const started = Date.now();
  const pollMs = input.pollMs ?? 500;
  const stop = new AbortController();
  // Every simulated person pauses on this one signal (one listener each while it waits, removed after): a dozen
  // people waiting at once is the design, not a leak, and Node's warning past 10 listeners said otherwise.
  setMaxListeners(Infinity, stop.signal);
  const stopAll = (): void => stop.abort();
  input.stopSignal?.addEventListener('abort', stopAll, { once: true });
  const common = { client: input.client, campaignId: input.campaignId, stopSignal: stop.signal, pollMs };
  // watch() below asks Temporal whether the campaign still runs and stops everyone; the people need not ask too.
  const people = { ...common, watchCampaign: false };
  const plan = input.plan === undefined ? { decision: 'approve' as const } : input.plan;

  const watch = async (): Promise<string> => {
    const deadline = input.timeoutMs === undefined ? Infinity : started + input.timeoutMs;
    let status = 'RUNNING';
    while (!stop.signal.aborted) {
      status = await campaignExecutionStatus(input.client, input.campaignId);
      if (status !== 'RUNNING' || Date.now() >= deadline) break;
      await pause(pollMs, stop.signal);
    }
    stopAll();
    return status;
  };
  // Whoever fails first stops the others, so a broken actor never leaves the rest polling forever.
  const guard = <T>(p: Promise<T>): Promise<T> =>
    p.catch((err: unknown) => {
      stopAll();
      throw err;
    });

  try {
    const [status, officers, supervisors, decided] = await Promise.all([
      guard(watch()),
      guard(runSimulatedOfficers({ ...people, orm: input.orm, seed: input.seed, ...input.officers })),
      guard(runSimulatedSupervisors({ ...people, orm: input.orm, seed: input.seed, ...input.supervisors })),
      plan === null
        ? Promise.resolve(null)
        : guard(
            approvePlanWhenReady({
              ...common,
              decision: plan.decision,
              reason: plan.reason ?? DEFAULT_PLAN_REASONS[plan.decision],
              ...(plan.programmes ? { programmes: plan.programmes } : {}),
              ...(plan.decidedBy ? { decidedBy: plan.decidedBy } : {}),
              // At the others' pace: a plan waiting up to a second for a zero-think-time manager was the
              // simulation's delay, counted as the campaign's.
              pollMs,
            }),
          ),
    ]);
    return { status, officers, supervisors, plan: decided, elapsedMs: Date.now() - started };
  } finally {
    input.stopSignal?.removeEventListener('abort', stopAll);
  }
}
