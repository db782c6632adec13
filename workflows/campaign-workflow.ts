/**
 * campaignWorkflow: one verification campaign (campaign/<id>), from the P3KE request to the close-out report.
 * Carries ids and counts only: P3KE rows and field results live in PostgreSQL and never pass through this history.
 *
 * Tree: campaign → one desaWorkflow per desa (sliding window) → work packages (bounded) → escalation cases.
 */
import {
  ApplicationFailure,
  CancellationScope,
  condition,
  executeChild,
  isCancellation,
  log,
  patched,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
  ParentClosePolicy,
  type RetryPolicy,
} from '@temporalio/workflow';
import type { createActivities } from '../activities';
import {
  campaignProgressQuery,
  decidePlanUpdate,
  emptyCounts,
  PLAN_DECISION_REJECTIONS as R,
  PLAN_DECISIONS,
  type CampaignInput,
  type CampaignPhase,
  type CampaignProgress,
  type CampaignReport,
  type CampaignStatus,
  type PlanDecisionInput,
  type PlanDecisionResult,
} from '../domain/contracts/campaign';
import { NON_RETRYABLE_FAILURES } from '../domain/contracts/errors';
import { SA_CAMPAIGN_ID, SA_KIND, SA_PHASE, SA_REGION, WORKFLOW_KINDS } from '../domain/contracts/search-attributes';
import { desaWorkflowId } from '../domain/contracts/workflow-ids';
import { desaWorkflow } from './desa-workflow';
import { PATCHES } from './patches';
import { nextFieldRefreshSeconds } from './field-progress-cadence';
import { slidingWindow } from './sliding-window';

type Activities = ReturnType<typeof createActivities>;

const retry: RetryPolicy = { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m', nonRetryableErrorTypes: [...NON_RETRYABLE_FAILURES] };
const short = proxyActivities<Activities>({ startToCloseTimeout: '5m', retry });
/** The ingest heartbeats its cursor after every page, so a lost worker is noticed within the heartbeat timeout. */
const ingest = proxyActivities<Activities>({ startToCloseTimeout: '2h', heartbeatTimeout: '30s', retry });
/** Set-based SQL over a whole campaign can take minutes at 60,000 families; it heartbeats between statements. */
const bulk = proxyActivities<Activities>({ startToCloseTimeout: '30m', heartbeatTimeout: '5m', retry });

/** Desa workflows in flight at once: far below the pending-children limit, whatever the area. */
const DESA_WINDOW = 100;

/** How the workflow asks whether a change applies to this run: patched() in production (see ./patches). */
export type PatchCheck = (patchId: string) => boolean;

/**
 * The campaign workflow with its patch check injected. Production passes Temporal's patched(); the replay test
 * passes a check that applies one change unconditionally, to show that the same change without patched() breaks
 * the replay of a history recorded before it.
 */
export function defineCampaignWorkflow(isPatched: PatchCheck): (input: CampaignInput) => Promise<CampaignReport> {
  return async function campaignWorkflow(input: CampaignInput): Promise<CampaignReport> {
    return runCampaign(input, isPatched);
  };
}

export const campaignWorkflow = defineCampaignWorkflow(patched);

async function runCampaign(input: CampaignInput, isPatched: PatchCheck): Promise<CampaignReport> {
  const { campaignId, config } = input;
  const counts = emptyCounts();
  const referenceDate = workflowInfo().startTime.toISOString().slice(0, 10);
  let phase: CampaignPhase = 'registered';
  let status: CampaignStatus = 'running';
  let snapshotId: string | null = null;
  let detail = 'registering the campaign';
  let plan: { planId: string; programmes: string[] } | null = null;
  let planDecision: PlanDecisionResult | null = null;
  let deciding = false;
  /** Reminder periods the plan has waited through: shown in the details, no longer one audit row each. */
  let planReminders = 0;
  const open = { tasks: 0, escalations: 0 };
  /** For the current details only: families without a result yet (all assigned ones until the first count). */
  const desa = { done: 0, total: 0, waitingFamilies: 0 };

  /** One line for the Temporal Web UI (current details): what the campaign waits for; ids, counts and times only. */
  const showDetails = (): void => {
    const line =
      phase === 'field'
        ? `field: ${desa.done}/${desa.total} desa done, ${desa.waitingFamilies} families waiting for a result, ${open.escalations} cases waiting`
        : `${phase}: ${detail}`;
    setCurrentDetails(line);
  };

  const progress = (): CampaignProgress => ({
    campaignId,
    phase,
    status,
    counts: { ...counts },
    snapshotId,
    detail,
    openTasks: open.tasks,
    openEscalations: open.escalations,
  });
  setHandler(campaignProgressQuery, progress);
  setHandler(
    decidePlanUpdate,
    async (d: PlanDecisionInput) => {
      deciding = true;
      if (!plan) throw ApplicationFailure.nonRetryable('no plan to decide', R.notWaiting);
      planDecision = await short.recordPlanDecision({ planId: plan.planId, ...d });
      return planDecision;
    },
    {
      validator: (d: PlanDecisionInput) => {
        const refuse = (type: string, message: string): never => {
          throw ApplicationFailure.create({ type, message, nonRetryable: true });
        };
        if (phase !== 'approval' || !plan) refuse(R.notWaiting, `campaign ${campaignId} has no plan waiting for approval (phase: ${phase})`);
        if (planDecision !== null || deciding) refuse(R.notWaiting, 'the plan is already decided');
        if (typeof d !== 'object' || d === null) refuse(R.malformed, 'the decision must be an object');
        if (!(PLAN_DECISIONS as readonly string[]).includes(d.decision)) refuse(R.malformed, `decision must be one of: ${PLAN_DECISIONS.join(', ')}`);
        if (d.role !== 'program_manager') refuse(R.wrongRole, 'only a program manager decides an intervention plan');
        if (typeof d.decidedBy !== 'string' || d.decidedBy.length === 0) refuse(R.malformed, 'decidedBy is required');
        // Four eyes: whoever started the campaign (on whose behalf the rules proposed the plan) cannot approve it.
        if (d.decidedBy === input.startedBy) refuse(R.fourEyes, 'four-eyes rule: the person who started the campaign and proposed the plan cannot decide it');
        if (typeof d.reason !== 'string' || d.reason.length > 1000) refuse(R.malformed, 'reason must be text of at most 1000 characters');
        if (d.decision === 'reject' && d.reason.trim().length < 3) refuse(R.malformed, 'a rejection needs a reason');
        if (d.decision === 'approve_partial') {
          const known = new Set(plan?.programmes ?? []);
          if (!Array.isArray(d.programmes) || d.programmes.length === 0) refuse(R.malformed, 'a partial approval lists the programmes it approves');
          const unknown = (d.programmes ?? []).filter((p) => !known.has(p));
          if (unknown.length > 0) refuse(R.malformed, `programmes not in the plan: ${unknown.join(', ')}`);
        }
      },
    },
  );

  upsertSearchAttributes([
    { key: SA_CAMPAIGN_ID, value: campaignId },
    { key: SA_KIND, value: WORKFLOW_KINDS.campaign },
    { key: SA_REGION, value: config.regionCodes.slice(0, 10).join(',') },
    { key: SA_PHASE, value: phase },
  ]);

  async function enter(next: CampaignPhase, what: string): Promise<void> {
    phase = next;
    detail = what;
    showDetails();
    upsertSearchAttributes([{ key: SA_PHASE, value: phase }]);
    await short.recordCampaignProgress({ campaignId, phase, status, counts: { ...counts }, snapshotId });
    log.info('campaign phase', { campaignId, phase });
  }

  try {
    await short.registerCampaign({ campaignId, config, startedBy: input.startedBy });
    await ingestSnapshot();
    await enter('checks', 'running pre-verification checks');
    counts.flagged = (
      await bulk.runPreVerificationChecks.executeWithOptions({ summary: 'run the pre-verification checks over the snapshot' }, [
        { campaignId, regionCodes: config.regionCodes, referenceDate },
      ])
    ).flaggedFamilies;
    await verifyInTheField();
    await planAndApprove();
    await enter('closeout', 'writing the feedback files for Kemenko PMK');
    await bulk.writeFeedbackFiles.executeWithOptions({ summary: 'write the feedback files for Kemenko PMK' }, [{ campaignId }]);
    status = 'completed';
    if (isPatched(PATCHES.reportBeforeCompleted)) {
      // report.json first, then the row says 'completed': whoever reads 'completed' finds the report.
      const report = await short.buildCampaignReport({ campaignId, status });
      await enter('completed', 'campaign completed');
      return report;
    }
    // Runs recorded before the patch: the row said 'completed' first, and the report followed below.
    await enter('completed', 'campaign completed');
  } catch (err) {
    if (!isCancellation(err)) throw err;
    status = 'cancelled';
    // Children are cancelled with the campaign and close their tasks; record the outcome whatever happens next.
    await CancellationScope.nonCancellable(() => enter('cancelled', 'campaign cancelled'));
    throw err;
  }
  return short.buildCampaignReport({ campaignId, status });

  async function ingestSnapshot(): Promise<void> {
    await enter('ingest', 'requesting a P3KE snapshot from Kemenko PMK');
    const snapshot = await short.requestSnapshot({ regionCodes: config.regionCodes, desilMin: config.desilMin, desilMax: config.desilMax });
    snapshotId = snapshot.snapshotId;
    detail = `ingesting snapshot ${snapshotId}: ${snapshot.families} families, ${snapshot.individuals} individuals`;
    showDetails();
    for (const kind of ['families', 'individuals'] as const) {
      await ingest.ingestSnapshotListing.executeWithOptions({ summary: `ingest ${kind} page by page (${config.ingestPageSize} a page)` }, [
        { campaignId, snapshotId, kind, pageSize: config.ingestPageSize },
      ]);
    }
    const ingested = await short.reconcileIngest({ campaignId, expected: { families: snapshot.families, individuals: snapshot.individuals } });
    counts.fetched = ingested.fetched;
    counts.stored = ingested.stored;
    counts.quarantined = ingested.quarantined;
  }

  function refresh(c: { assigned: number; verified: number; mismatched: number; escalated: number; decided: number; revisited: number; openTasks: number; openEscalations: number }): void {
    Object.assign(counts, { assigned: c.assigned, verified: c.verified, mismatched: c.mismatched, escalated: c.escalated, decided: c.decided, revisited: c.revisited });
    open.tasks = c.openTasks;
    open.escalations = c.openEscalations;
    desa.waitingFamilies = c.openTasks;
    showDetails();
  }

  async function verifyInTheField(): Promise<void> {
    await enter('assignment', 'assigning work packages to field officers');
    const assignment = await short.assignWorkPackages.executeWithOptions({ summary: `assign work packages (at most ${config.maxFamiliesPerPackage} families each)` }, [
      { campaignId, regionCodes: config.regionCodes, maxFamiliesPerPackage: config.maxFamiliesPerPackage },
    ]);
    counts.assigned = assignment.assigned;
    let desaDone = 0;
    desa.total = assignment.desa.length;
    desa.waitingFamilies = assignment.assigned;
    await enter('field', `waiting for field results in ${assignment.desa.length} desa`);
    const field = slidingWindow(
      assignment.desa,
      DESA_WINDOW,
      (d) =>
        executeChild(desaWorkflow, {
          workflowId: desaWorkflowId(campaignId, d.desaCode),
          // If this workflow ends first (cancelled, terminated), the child is asked to cancel and closes its tasks.
          parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
          staticSummary: `Desa ${d.desaCode} (kecamatan ${d.kecamatanCode}) of campaign ${campaignId}`,
          args: [{ campaignId, desaCode: d.desaCode, kecamatanCode: d.kecamatanCode, config }],
        }),
      () => {
        desaDone += 1;
        desa.done = desaDone;
        detail = `field verification: ${desaDone}/${assignment.desa.length} desa done`;
        showDetails();
      },
    );
    let finished = false;
    void field.then(() => (finished = true), () => (finished = true));
    if (isPatched(PATCHES.fieldProgressCadence)) {
      // While officers work, refresh the counts the progress query shows on a cadence of their own, set by the
      // package deadline and slowing as the field phase lasts (./field-progress-cadence): the history no longer
      // grows with the number of reminder periods. Ending the field phase wakes the wait; exact counts follow below.
      const fieldStart = Date.now();
      while (!finished) {
        const waitMs = Math.ceil(nextFieldRefreshSeconds((Date.now() - fieldStart) / 1000, config.timers.packageDeadlineSeconds) * 1000);
        if (await condition(() => finished, waitMs)) break;
        refresh(await short.countVerification({ campaignId }));
      }
    } else {
      // Runs recorded before the patch: a refresh every reminder period, and one more after the field ended.
      while (!finished) {
        await condition(() => finished, config.timers.reminderEverySeconds * 1000);
        refresh(await short.countVerification({ campaignId }));
      }
    }
    await field;
    refresh(await short.countVerification({ campaignId }));
  }

  async function planAndApprove(): Promise<void> {
    await enter('planning', 'proposing interventions from the verified data');
    const proposed = await bulk.proposeInterventionPlan.executeWithOptions({ summary: 'propose interventions from the verified data' }, [
      { campaignId, referenceDate, budgetRupiah: config.budgetRupiah, proposedBy: input.startedBy },
    ]);
    plan = { planId: proposed.planId, programmes: Object.keys(proposed.byProgramme) };
    counts.proposed = proposed.items;
    if (proposed.fundedItems === 0) {
      detail = 'no intervention to approve';
      showDetails();
      return;
    }
    await enter('approval', `waiting for a program manager to approve the plan (${proposed.fundedItems} funded items)`);
    const deadline = Date.now() + config.timers.approvalDeadlineSeconds * 1000;
    const showApproval = (): void => {
      const reminded = planReminders > 0 ? `; reminded ${planReminders}x` : '';
      setCurrentDetails(`approval: ${detail}; expires at ${new Date(deadline).toISOString()}${reminded}`);
    };
    showApproval();
    while (planDecision === null && Date.now() < deadline) {
      const wait = Math.min(deadline - Date.now(), config.timers.reminderEverySeconds * 1000);
      if (await condition(() => planDecision !== null, Math.max(1, wait))) break;
      if (Date.now() >= deadline) break;
      planReminders += 1;
      if (isPatched(PATCHES.remindersCounted)) showApproval();
      else await short.recordReminder({ campaignId, entity: 'intervention_plan', entityId: proposed.planId, waitingFor: 'a program manager to decide the plan' });
    }
    if (planDecision === null && !deciding) {
      await short.expirePlan({ planId: proposed.planId });
      detail = 'the plan expired without a decision';
      showDetails();
      return;
    }
    await condition(() => planDecision !== null);
    counts.approved = (planDecision as unknown as PlanDecisionResult).approvedItems;
    setCurrentDetails(`approval: plan decided (${counts.approved} items approved)`);
  }
}


