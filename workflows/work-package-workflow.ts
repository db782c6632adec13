/**
 * workPackageWorkflow: one officer's bounded list of families in one desa (package/<campaign>/<desa>/<n>).
 * Officers submit one result per family through an Update; a synchronous validator refuses, with a reason and
 * without recording anything, whatever may not change. The package is handed in by its officer or closes at its
 * deadline (after being handed to another officer up to maxReassignments times); then families whose mismatches
 * reach the threshold become escalation cases, and the package returns the families ordered back to the field.
 */
import {
  ApplicationFailure,
  allHandlersFinished,
  CancellationScope,
  condition,
  continueAsNew,
  currentUpdateInfo,
  executeChild,
  isCancellation,
  log,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  ParentClosePolicy,
  workflowInfo,
} from '@temporalio/workflow';
import type { createActivities } from '../activities';
import { NON_RETRYABLE_FAILURES } from '../domain/contracts/errors';
import { escalationCaseWorkflowId } from '../domain/contracts/workflow-ids';
import { SA_CAMPAIGN_ID, SA_KIND, SA_OFFICER_ID, SA_PHASE, SA_REGION, WORKFLOW_KINDS } from '../domain/contracts/search-attributes';
import {
  handInPackageUpdate,
  officerUnavailableSignal,
  submitFieldResultUpdate,
  WORK_PACKAGE_REJECTIONS as R,
  workPackageStatusQuery,
  type FieldResultSubmission,
  type SubmittedSummary,
  type WorkPackageInput,
  type WorkPackageOutcome,
  type WorkPackageStatus,
} from '../domain/contracts/work-package';
import type { CaseDecisionResult } from '../domain/contracts/escalation-case';
import { fieldResultShapeProblems } from '../domain/field-result-shape';
import { fieldResultProblems } from '../domain/field-result-checks';
import { summarizeRecorded } from '../domain/field-result-summary';
import { escalationCaseWorkflow } from './escalation-case-workflow';
import { PATCHES } from './patches';

type Activities = ReturnType<typeof createActivities>;
const acts = proxyActivities<Activities>({
  startToCloseTimeout: '1m',
  retry: { initialInterval: '1s', maximumInterval: '30s', nonRetryableErrorTypes: [...NON_RETRYABLE_FAILURES] },
});

/**
 * recordFieldResult as a local activity (runs patched): a few statements in one transaction, so the Update
 * completes in the workflow task that accepted it instead of waiting for an activity task's two trips through the
 * server. Short timeouts on purpose: a local activity holds its workflow task, and a slow database should fail the
 * attempt and retry rather than keep the package busy; past a minute of retries the backoff moves to a server timer.
 */
const local = proxyLocalActivities<Activities>({
  startToCloseTimeout: '15s',
  retry: { initialInterval: '1s', maximumInterval: '10s', nonRetryableErrorTypes: [...NON_RETRYABLE_FAILURES] },
});

/** The `recorded` part of a submission, checked before the package keeps it (it counts and decides escalation). */
function isRecordedVersion(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const { version, mismatches } = value as { version?: unknown; mismatches?: unknown };
  return (
    Number.isInteger(version) &&
    (version as number) >= 1 &&
    Array.isArray(mismatches) &&
    mismatches.every((m: unknown) => typeof m === 'object' && m !== null && typeof (m as { type?: unknown }).type === 'string' && Number.isFinite((m as { severity?: unknown }).severity))
  );
}

const nowIso = (): string => new Date(Date.now()).toISOString();
const plusSeconds = (seconds: number): string => new Date(Date.now() + seconds * 1000).toISOString();

export async function workPackageWorkflow(input: WorkPackageInput): Promise<WorkPackageOutcome> {
  const { packageId, campaignId, familyIds, timers } = input;
  const inPackage = new Set(familyIds);
  const results = new Map<string, SubmittedSummary>(Object.entries(input.carried?.results ?? {}));
  let officerId = input.officerId;
  let deadlineAt = input.carried?.deadlineAt ?? plusSeconds(timers.packageDeadlineSeconds);
  let reassignments = input.carried?.reassignments ?? 0;
  let open = true;
  let handedIn = false;
  let unavailable: string | null = null;
  /** Reminder periods waited through with results missing (this run; a continued run starts again at 0). */
  let reminders = 0;

  const status = (): WorkPackageStatus => ({ packageId, officerId, open, deadlineAt, total: familyIds.length, submitted: results.size, reassignments, reminders });
  const reject = (type: string, message: string): never => {
    throw ApplicationFailure.create({ type, message, nonRetryable: true });
  };

  /** One line for the Temporal Web UI (current details): what the package waits for; ids, counts and times only. */
  const showWaiting = (): void => {
    const missing = familyIds.length - results.size;
    const moved = `${reassignments > 0 ? `; reassigned ${reassignments}x` : ''}${reminders > 0 ? `; reminded ${reminders}x` : ''}`;
    setCurrentDetails(
      missing > 0
        ? `waiting for ${missing} of ${familyIds.length} field results from officer ${officerId}; deadline ${deadlineAt}${moved}`
        : `all ${familyIds.length} field results in; waiting for officer ${officerId} to hand in; deadline ${deadlineAt}${moved}`,
    );
  };

  setHandler(workPackageStatusQuery, status);
  setHandler(officerUnavailableSignal, ({ officerId: who }) => {
    if (who === officerId) unavailable = who;
  });
  setHandler(
    submitFieldResultUpdate,
    async ({ officerId: by, result, recorded: byApi }: FieldResultSubmission) => {
      if (byApi && patched(PATCHES.fieldResultRecordedByApi)) {
        // The API wrote this version (and its audit row) before asking: keep what it recorded, judged by this
        // package's own escalation threshold. A version the API wrote but that never got here is adopted at close-out.
        const summary = summarizeRecorded(byApi.version, result.outcome, byApi.mismatches, input.escalationThreshold);
        // Two corrections of one family in flight at once may arrive in either order: the package keeps the newer.
        if ((results.get(result.familyId)?.version ?? 0) < summary.version) results.set(result.familyId, summary);
        if (open) showWaiting();
        return { familyId: result.familyId, version: summary.version, mismatchTypes: summary.mismatchTypes, escalate: summary.escalate };
      }
      const submissionId = currentUpdateInfo()?.id ?? `${packageId}/${result.familyId}/${Date.now()}`;
      const record = { campaignId, packageId, officerId: by, submissionId, result, receivedAt: nowIso(), escalationThreshold: input.escalationThreshold };
      // Runs recorded before the patch scheduled a regular activity here; their histories replay down that path.
      const recorded = patched(PATCHES.fieldResultLocalActivity) ? await local.recordFieldResult(record) : await acts.recordFieldResult(record);
      const { familyId, ...summary } = recorded;
      results.set(familyId, summary);
      if (open) showWaiting();
      return { familyId, version: recorded.version, mismatchTypes: recorded.mismatchTypes, escalate: recorded.escalate };
    },
    {
      validator: (submission: FieldResultSubmission) => {
        if (!open) reject(R.closed, `package ${packageId} is closed`);
        if (Date.now() > Date.parse(deadlineAt)) reject(R.pastDeadline, `package ${packageId} is past its deadline (${deadlineAt})`);
        if (typeof submission !== 'object' || submission === null) reject(R.malformed, 'the submission must be an object');
        if (submission.officerId !== officerId) reject(R.wrongOfficer, `package ${packageId} is assigned to another officer`);
        const shape = fieldResultShapeProblems(submission.result);
        if (shape.length > 0) reject(R.malformed, `malformed field result: ${shape.slice(0, 5).join('; ')}`);
        if (!inPackage.has(submission.result.familyId)) reject(R.familyNotInPackage, `family ${submission.result.familyId} is not in package ${packageId}`);
        const problems = fieldResultProblems(submission.result, nowIso());
        if (problems.length > 0) reject(R.malformed, `invalid field result: ${problems.slice(0, 5).map((p) => p.message).join('; ')}`);
        if (submission.recorded !== undefined && !isRecordedVersion(submission.recorded)) {
          reject(R.malformed, 'recorded must be { version: a positive integer, mismatches: [{ type, severity }] }');
        }
      },
    },
  );
  setHandler(
    handInPackageUpdate,
    () => {
      handedIn = true;
      return status();
    },
    {
      validator: (input) => {
        if (!open) reject(R.closed, `package ${packageId} is closed`);
        // Checked before reading it: a hand-in without input would otherwise be refused as a TypeError, without a reason.
        if (typeof input !== 'object' || input === null) reject(R.malformedHandIn, 'the hand-in must be an object with officerId');
        const by = input.officerId;
        if (by !== officerId) reject(R.wrongOfficer, `package ${packageId} is assigned to another officer`);
        const missing = familyIds.filter((f) => !results.has(f)).length;
        if (missing > 0) reject(R.notComplete, `${missing} families of package ${packageId} have no result yet`);
      },
    },
  );

  const searchAttributes = (phase: string): void =>
    upsertSearchAttributes([
      { key: SA_CAMPAIGN_ID, value: campaignId },
      { key: SA_KIND, value: WORKFLOW_KINDS.workPackage },
      { key: SA_REGION, value: input.desaCode },
      { key: SA_OFFICER_ID, value: officerId },
      { key: SA_PHASE, value: phase },
    ]);

  try {
    if (!input.carried) await acts.openWorkPackage({ packageId, officerId, deadlineAt });
    searchAttributes('open');
    showWaiting();
    await collectResults();
  } catch (err) {
    if (isCancellation(err)) {
      // The campaign was cancelled: close the inbox cleanly, whatever else is going on.
      await CancellationScope.nonCancellable(() => acts.closeWorkPackage({ packageId, status: 'cancelled' }));
    }
    throw err;
  }

  open = false;
  setCurrentDetails(`${handedIn ? 'handed in' : 'closed at its deadline'}; ${results.size} of ${familyIds.length} results; closing the package`);
  await condition(allHandlersFinished);
  if (patched(PATCHES.closeOutAdoptsRecorded)) await adoptRecorded();
  searchAttributes('closed');
  const { unvisited } = await acts.closeWorkPackage({ packageId, status: 'closed' });
  const decisions = await decideEscalations();
  const revisit = decisions.filter((d) => d.decision === 'revisit').map((d) => d.familyId);
  return {
    packageId,
    submitted: results.size,
    verified: [...results.values()].filter((r) => r.outcome === 'verified').length,
    unvisited,
    mismatched: [...results.values()].filter((r) => r.mismatchTypes.length > 0).length,
    escalated: decisions.length,
    decided: decisions.length,
    revisit,
  };

  /** Waits for the hand-in, reminding the officer, and moves the package on a missed deadline or absence. */
  async function collectResults(): Promise<void> {
    for (;;) {
      const remindAt = Math.min(Date.parse(deadlineAt), Date.now() + timers.reminderEverySeconds * 1000);
      const woke = await condition(() => handedIn || unavailable !== null || workflowInfo().continueAsNewSuggested, Math.max(1, remindAt - Date.now()));
      if (handedIn) return;
      if (workflowInfo().continueAsNewSuggested) {
        await condition(allHandlersFinished);
        await continueAsNew<typeof workPackageWorkflow>({ ...input, officerId, carried: { results: Object.fromEntries(results), reassignments, deadlineAt } });
      }
      const missedDeadline = Date.now() >= Date.parse(deadlineAt);
      if (unavailable === null && !missedDeadline) {
        if (!woke) await remind();
        continue;
      }
      if (results.size === familyIds.length && missedDeadline) {
        // Everything is in: no more corrections, but the officer may still hand in during one reminder period.
        await condition(() => handedIn, timers.reminderEverySeconds * 1000);
        return;
      }
      const reason = unavailable !== null ? 'officer_unavailable' : 'deadline';
      unavailable = null;
      if (reason === 'deadline' && reassignments >= input.maxReassignments) return;
      const nextDeadline = plusSeconds(timers.packageDeadlineSeconds);
      const { officerId: next } = await acts.reassignWorkPackage({ packageId, campaignId, fromOfficerId: officerId, deadlineAt: nextDeadline, reason });
      if (next === null) {
        log.warn('no other officer can take the package', { packageId, reason });
        if (reason === 'deadline') return;
        continue;
      }
      officerId = next;
      deadlineAt = nextDeadline;
      reassignments += 1;
      searchAttributes('open');
      showWaiting();
    }
  }

  /**
   * Results the database holds for this package that the workflow never accepted (the task that recorded one failed
   * after its commit, and nobody sent it again) join the package's results before it counts and escalates.
   */
  async function adoptRecorded(): Promise<void> {
    const accepted = Object.fromEntries([...results].map(([familyId, r]) => [familyId, r.version]));
    const adopted = await local.adoptRecordedResults({ campaignId, packageId, accepted, escalationThreshold: input.escalationThreshold });
    for (const { familyId, ...summary } of adopted) results.set(familyId, summary);
    if (adopted.length > 0) log.warn('close-out took in results recorded but never accepted', { packageId, adopted: adopted.length });
  }

  /** A reminder period passed with results missing: counted and shown (runs before the patch wrote an audit row). */
  async function remind(): Promise<void> {
    reminders += 1;
    if (patched(PATCHES.remindersCounted)) showWaiting();
    else await acts.recordReminder({ campaignId, entity: 'work_package', entityId: packageId, waitingFor: `${familyIds.length - results.size} field results from the officer` });
  }

  /** One child case per family whose latest result reaches the threshold; all of them decided before returning. */
  async function decideEscalations(): Promise<CaseDecisionResult[]> {
    const escalate = [...results.entries()].filter(([, r]) => r.escalate).sort(([a], [b]) => (a < b ? -1 : 1));
    const how = handedIn ? 'handed in' : 'closed at its deadline';
    let decidedCases = 0;
    const showCases = (): void =>
      setCurrentDetails(
        decidedCases < escalate.length
          ? `${how}; ${escalate.length - decidedCases} escalation cases open (${decidedCases} of ${escalate.length} decided)`
          : `${how}; ${escalate.length} escalation cases decided`,
      );
    showCases();
    return Promise.all(
      escalate.map(([familyId, r]) =>
        executeChild(escalationCaseWorkflow, {
          workflowId: escalationCaseWorkflowId(campaignId, familyId),
          // If this workflow ends first (cancelled, terminated), the child is asked to cancel and closes its tasks.
          parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
          staticSummary: `Escalation case for family ${familyId} of package ${packageId} (kecamatan ${input.kecamatanCode}), mismatches: ${r.mismatchTypes.join(', ') || 'none'}, severity ${r.severitySum}`,
          args: [
            {
              campaignId,
              familyId,
              packageId,
              kecamatanCode: input.kecamatanCode,
              desaCode: input.desaCode,
              fieldResultVersion: r.version,
              mismatchTypes: r.mismatchTypes,
              severitySum: r.severitySum,
              escalationTimeoutSeconds: timers.escalationTimeoutSeconds,
              reminderEverySeconds: timers.reminderEverySeconds,
            },
          ],
        }).then((decision) => {
          decidedCases += 1;
          showCases();
          return decision;
        }),
      ),
    );
  }
}
