/**
 * The intervention plan of a campaign: proposed by the rules from the verified data (verified-families.ts), decided
 * by a program manager other than the one who started the campaign (four-eyes), or expired at the deadline.
 * Workflows see the summary (counts and rupiah), never a family.
 */
import { Context, log } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { LockMode, type EntityManager, type MikroORM } from '@mikro-orm/postgresql';
import { CampaignSchema } from '../../db/entities/campaign.entity';
import { InterventionPlanSchema, type InterventionPlanRow } from '../../db/entities/intervention-plan.entity';
import { recordAudit, SYSTEM_ACTOR } from '../../db/repositories/audit-repository';
import { PLAN_DECISIONS, type PlanDecision, type PlanDecisionInput, type PlanDecisionResult } from '../../domain/contracts/campaign';
import { FAILURE_TYPES } from '../../domain/contracts/errors';
import type { EscalationRole } from '../../domain/contracts/escalation-case';
import { parseIsoDate } from '../../domain/iso-date';
import {
  INTERVENTION_PROGRAMMES,
  INTERVENTION_RULES_VERSION,
  assertRupiah,
  proposeInterventions,
  type InterventionProposal,
} from '../../domain/interventions';
import { createPlanStore, interventionPlanId, type PlanSummary } from './plan-store';
import { familyPages, settle, toVerifiedFamily } from './verified-families';

export { interventionPlanId, type PlanSummary, type ProgrammeSummary } from './plan-store';

export interface PlanActivityDeps {
  orm: MikroORM;
}

export interface ProposePlanInput {
  campaignId: string;
  /** ISO date ages are computed at (the campaign's planning date, so a retry proposes the same plan). */
  referenceDate: string;
  budgetRupiah: number;
  proposedBy: string;
}

export interface RecordPlanDecisionInput extends PlanDecisionInput {
  planId: string;
}

export interface ExpirePlanResult {
  planId: string;
  /** 'expired', or the decision's status when the plan was decided before the deadline struck. */
  status: string;
  expired: boolean;
}

const DECIDED_STATUS: Record<PlanDecision, PlanDecisionResult['status']> = {
  approve: 'approved',
  approve_partial: 'partially_approved',
  reject: 'rejected',
};
const PLAN_DECIDER_ROLE: EscalationRole = 'program_manager';

/** Families per read while proposing: a few MiB of rows and proposals at a time, at any campaign size. */
const PLAN_PAGE = 2_000;

const invalid = (message: string) => ApplicationFailure.nonRetryable(message, FAILURE_TYPES.invalidInput);
const heartbeat = (detail: string): void => Context.current().heartbeat(detail);

export function createPlanActivities({ orm }: PlanActivityDeps) {
  return {
    /** Proposes and stores the plan once; a retry (or a second call) returns the stored summary unchanged. */
    async proposeInterventionPlan(input: ProposePlanInput): Promise<PlanSummary> {
      validateProposal(input);
      const planId = interventionPlanId(input.campaignId);
      const em = orm.em.fork();
      const store = createPlanStore(em);
      const existing = await store.summary(planId);
      if (existing) return existing;
      if (!(await em.findOne(CampaignSchema, { id: input.campaignId }))) throw invalid(`unknown campaign ${input.campaignId}`);

      // One transaction: the plan row, every page of proposals, then the ranking and the funding. Another attempt
      // waits on the plan's key until this one commits (or rolls back), then finds the plan or writes it whole.
      await em.transactional(async (tx) => {
        const txStore = createPlanStore(tx);
        const created = await txStore.insertPlan({
          id: planId,
          campaignId: input.campaignId,
          rulesVersion: INTERVENTION_RULES_VERSION,
          proposedBy: input.proposedBy,
          budgetRupiah: input.budgetRupiah,
        });
        if (!created) return;
        let items = 0;
        for await (const proposals of proposalPages(tx, input)) {
          await txStore.insertProposals(proposals);
          items += proposals.length;
          heartbeat(`proposed ${items} items`);
        }
        await txStore.fund(planId, input.budgetRupiah);
      });
      const summary = await store.summary(planId);
      if (!summary) throw new Error(`plan ${planId} was written but cannot be read back`);
      log.info('intervention plan proposed', { planId, items: summary.items, fundedItems: summary.fundedItems });
      return summary;
    },

    async recordPlanDecision(input: RecordPlanDecisionInput): Promise<PlanDecisionResult> {
      const requested = validateDecision(input);
      const target = DECIDED_STATUS[input.decision];
      return orm.em.fork().transactional(async (em) => {
        const plan = await lockPlan(em, input.planId);
        const store = createPlanStore(em);
        if (plan.status !== 'proposed') {
          const same = plan.status === target && (input.decision !== 'approve_partial' || sameList(plan.approvedProgrammes, requested));
          if (!same) {
            throw invalid(
              `plan ${plan.id} is already ${plan.status}${plan.decidedBy ? ` (decided by ${plan.decidedBy})` : ''}; ` +
                `a ${input.decision} decision cannot replace it`,
            );
          }
          const totals = await store.approvedTotals(plan.id);
          return { planId: plan.id, status: target, approvedItems: totals.items, approvedRupiah: totals.rupiah };
        }
        await checkFourEyes(em, plan, input);

        const totals = await store.approveItems(plan.id, input.decision === 'reject' ? [] : requested);
        plan.status = target;
        plan.approvedRupiah = totals.rupiah;
        plan.approvedProgrammes = input.decision === 'approve_partial' ? requested : totals.programmes;
        plan.decidedBy = input.decidedBy;
        plan.reason = input.reason;
        plan.decidedAt = new Date();
        recordAudit(em, {
          actor: input.decidedBy,
          actorRole: input.role,
          action: 'plan.decide',
          entity: 'intervention_plan',
          entityId: plan.id,
          campaignId: plan.campaignId,
          before: { status: 'proposed' },
          after: {
            status: target,
            decision: input.decision,
            programmes: plan.approvedProgrammes,
            approvedItems: totals.items,
            approvedRupiah: totals.rupiah,
            reason: input.reason,
          },
        });
        return { planId: plan.id, status: target, approvedItems: totals.items, approvedRupiah: totals.rupiah };
      });
    },

    /**
     * The approval deadline passed: the plan expires, nothing in it is approved. A plan decided in the meantime
     * keeps its decision (expired: false), so a late timer can never undo an approval.
     */
    async expirePlan(input: { planId: string }): Promise<ExpirePlanResult> {
      return orm.em.fork().transactional(async (em) => {
        const plan = await lockPlan(em, input.planId);
        if (plan.status !== 'proposed') {
          if (plan.status !== 'expired') log.warn('plan decided before its deadline; not expired', { planId: plan.id, status: plan.status });
          return { planId: plan.id, status: plan.status, expired: plan.status === 'expired' };
        }
        plan.status = 'expired';
        plan.decidedAt = new Date();
        recordAudit(em, {
          ...SYSTEM_ACTOR,
          action: 'plan.expire',
          entity: 'intervention_plan',
          entityId: plan.id,
          campaignId: plan.campaignId,
          before: { status: 'proposed' },
          after: { status: 'expired' },
        });
        return { planId: plan.id, status: 'expired', expired: true };
      });
    },
  };
}

/**
 * Families read a page at a time, whose latest result is verified; the pure rules on the settled ones; their
 * proposals a page at a time. Never the whole campaign in memory: at 60,000 families it was 280,000 proposals
 * and their ranked copies, 340 MiB of the worker's heap at once (its limit is 384 MiB; docs/PERFORMANCE.md).
 */
async function* proposalPages(em: EntityManager, input: ProposePlanInput): AsyncGenerator<InterventionProposal[]> {
  for await (const page of familyPages(em, input.campaignId, { withIdentity: false, verifiedOnly: true }, PLAN_PAGE)) {
    const proposals: InterventionProposal[] = [];
    for (const row of page) {
      const settled = settle(row);
      if (settled.state !== 'settled') continue;
      const family = toVerifiedFamily(row, settled.data, input.referenceDate);
      for (const proposal of proposeInterventions(family, input.referenceDate)) {
        assertRupiah(`costRupiah of ${proposal.programme} for family ${proposal.familyId}`, proposal.costRupiah);
        proposals.push(proposal);
      }
    }
    yield proposals;
  }
}

async function lockPlan(em: EntityManager, planId: string): Promise<InterventionPlanRow> {
  const plan = await em.findOne(InterventionPlanSchema, { id: planId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!plan) throw invalid(`unknown intervention plan ${planId}`);
  return plan;
}

/** The workflow's validator enforces four-eyes; checked again here, where the write happens. */
async function checkFourEyes(em: EntityManager, plan: InterventionPlanRow, input: RecordPlanDecisionInput): Promise<void> {
  if (input.role !== PLAN_DECIDER_ROLE) throw invalid(`only a ${PLAN_DECIDER_ROLE} may decide an intervention plan, not a ${input.role}`);
  const campaign = await em.findOne(CampaignSchema, { id: plan.campaignId });
  if (input.decidedBy === campaign?.createdBy || input.decidedBy === plan.proposedBy) {
    throw invalid(`four-eyes: ${input.decidedBy} started the campaign or proposed plan ${plan.id} and may not decide it`);
  }
}

function validateProposal(input: ProposePlanInput): void {
  if (!parseIsoDate(input.referenceDate)) throw invalid(`referenceDate must be an ISO date, got "${input.referenceDate}"`);
  if (!Number.isSafeInteger(input.budgetRupiah) || input.budgetRupiah < 0) {
    throw invalid(`budgetRupiah must be a whole, non-negative number of rupiah, got ${input.budgetRupiah}`);
  }
  if (!input.proposedBy.trim()) throw invalid('proposedBy is required');
}

/** The programmes asked for, sorted and unique (null = every programme, for approve). */
function validateDecision(input: RecordPlanDecisionInput): string[] | null {
  if (!PLAN_DECISIONS.includes(input.decision)) throw invalid(`unknown plan decision "${String(input.decision)}"`);
  if (!input.decidedBy.trim()) throw invalid('decidedBy is required');
  const programmes = [...new Set(input.programmes ?? [])].sort();
  if (input.decision !== 'approve_partial') {
    if (programmes.length > 0) throw invalid(`programmes are only given with approve_partial, not with ${input.decision}`);
    return input.decision === 'reject' ? [] : null;
  }
  if (programmes.length === 0) throw invalid('approve_partial needs at least one programme');
  const unknown = programmes.filter((p) => !(INTERVENTION_PROGRAMMES as readonly string[]).includes(p));
  if (unknown.length > 0) throw invalid(`unknown programmes: ${unknown.join(', ')}`);
  return programmes;
}

function sameList(stored: readonly string[] | null | undefined, requested: readonly string[] | null): boolean {
  return JSON.stringify([...(stored ?? [])].sort()) === JSON.stringify(requested ?? []);
}
