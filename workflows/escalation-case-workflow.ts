/**
 * escalationCaseWorkflow: one family whose field result disagrees too much with P3KE (case/<campaign>/<family>).
 * The kecamatan supervisor decides (accept the field data, keep the P3KE data, or order a re-visit); if nobody
 * answers within the escalation timeout the case climbs to a program manager, who may also decide at any time.
 */
import { ApplicationFailure, condition, patched, proxyActivities, proxyLocalActivities, setCurrentDetails, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import type { createActivities } from '../activities';
import { NON_RETRYABLE_FAILURES } from '../domain/contracts/errors';
import { SA_CAMPAIGN_ID, SA_KIND, SA_PHASE, SA_REGION, WORKFLOW_KINDS } from '../domain/contracts/search-attributes';
import {
  CASE_DECISIONS,
  CASE_REJECTIONS as R,
  decideCaseUpdate,
  ESCALATION_CHAIN,
  escalationCaseStatusQuery,
  type CaseDecisionInput,
  type CaseDecisionResult,
  type EscalationCaseInput,
  type EscalationRole,
} from '../domain/contracts/escalation-case';
import { PATCHES } from './patches';

type Activities = ReturnType<typeof createActivities>;
const acts = proxyActivities<Activities>({
  startToCloseTimeout: '1m',
  retry: { initialInterval: '1s', maximumInterval: '30s', nonRetryableErrorTypes: [...NON_RETRYABLE_FAILURES] },
});

/**
 * Opening the case and recording its decision as local activities (runs patched, see ./patches): each is one short
 * transaction, and the package that started the case waits for it. Short timeouts, as for the field results: a local
 * activity holds its workflow task, so a slow database fails the attempt and retries instead of holding the case.
 */
const local = proxyLocalActivities<Activities>({
  startToCloseTimeout: '15s',
  retry: { initialInterval: '1s', maximumInterval: '10s', nonRetryableErrorTypes: [...NON_RETRYABLE_FAILURES] },
});

const nowIso = (): string => new Date(Date.now()).toISOString();
const MIN_REASON = 3;
const MAX_REASON = 1000;

export async function escalationCaseWorkflow(input: EscalationCaseInput): Promise<CaseDecisionResult> {
  let levelIndex = 0;
  let decided: CaseDecisionResult | null = null;
  /** Set as soon as an accepted decision starts recording, so a second one is refused instead of racing it. */
  let deciding = false;
  /** Reminder periods waited through without a decision (counted, not audited). */
  let reminders = 0;
  const level = (): EscalationRole => ESCALATION_CHAIN[levelIndex] ?? 'program_manager';
  const reject = (type: string, message: string): never => {
    throw ApplicationFailure.create({ type, message, nonRetryable: true });
  };

  setHandler(escalationCaseStatusQuery, () => ({ familyId: input.familyId, level: level(), open: decided === null, decision: decided?.decision ?? null, reminders }));
  setHandler(
    decideCaseUpdate,
    async (d: CaseDecisionInput) => {
      deciding = true;
      const at = level();
      const record = { ...d, campaignId: input.campaignId, familyId: input.familyId, level: at, at: nowIso() };
      // Runs recorded before the patch scheduled a regular activity here; their histories replay down that path.
      await (patched(PATCHES.caseLocalActivities) ? local.recordCaseDecision(record) : acts.recordCaseDecision(record));
      decided = { familyId: input.familyId, decision: d.decision, decidedBy: d.decidedBy, level: at };
      return decided;
    },
    {
      validator: (d: CaseDecisionInput) => {
        if (decided !== null || deciding) reject(R.closed, `case ${input.campaignId}/${input.familyId} is already decided`);
        if (typeof d !== 'object' || d === null) reject(R.malformed, 'the decision must be an object');
        if (!(CASE_DECISIONS as readonly string[]).includes(d.decision)) reject(R.malformed, `decision must be one of: ${CASE_DECISIONS.join(', ')}`);
        if (typeof d.reason !== 'string' || d.reason.trim().length < MIN_REASON || d.reason.length > MAX_REASON) {
          reject(R.malformed, `a decision needs a reason of ${MIN_REASON}–${MAX_REASON} characters`);
        }
        if (typeof d.decidedBy !== 'string' || d.decidedBy.length === 0) reject(R.malformed, 'decidedBy is required');
        // The chain's current role decides; a program manager outranks a supervisor at every level.
        const allowed = d.role === 'program_manager' || d.role === level();
        if (!allowed) reject(R.wrongRole, `this case waits for a ${level()}, not a ${String(d.role)}`);
      },
    },
  );

  const phase = (value = `waiting-${level()}`): void =>
    upsertSearchAttributes([
      { key: SA_CAMPAIGN_ID, value: input.campaignId },
      { key: SA_KIND, value: WORKFLOW_KINDS.escalationCase },
      { key: SA_REGION, value: input.kecamatanCode },
      { key: SA_PHASE, value },
    ]);

  /** One line for the Temporal Web UI (current details): whom the case waits for; codes and times only. */
  const showWaiting = (nextEscalation: number): void => {
    const reminded = reminders > 0 ? `; reminded ${reminders}x` : '';
    setCurrentDetails(
      levelIndex < ESCALATION_CHAIN.length - 1
        ? `waiting for the ${level()} of kecamatan ${input.kecamatanCode} (escalates at ${new Date(nextEscalation).toISOString()})${reminded}`
        : `waiting for a ${level()} (last level; reminders every ${input.reminderEverySeconds}s)${reminded}`,
    );
  };

  setCurrentDetails('opening the case');
  const opening = { ...input, openedAt: nowIso() };
  await (patched(PATCHES.caseLocalActivities) ? local.openEscalationCase(opening) : acts.openEscalationCase(opening));
  phase();
  let levelSince = Date.now();
  for (;;) {
    const timeoutMs = input.escalationTimeoutSeconds * 1000;
    const nextEscalation = levelSince + timeoutMs;
    showWaiting(nextEscalation);
    const wait = Math.min(nextEscalation, Date.now() + input.reminderEverySeconds * 1000) - Date.now();
    if (await condition(() => decided !== null, Math.max(1, wait))) break;
    if (Date.now() >= nextEscalation && levelIndex < ESCALATION_CHAIN.length - 1) {
      levelIndex += 1;
      levelSince = Date.now();
      await acts.escalateCase({ campaignId: input.campaignId, familyId: input.familyId, to: level(), at: nowIso() });
      phase();
    } else {
      reminders += 1;
      // Counted and shown at the top of the loop; runs recorded before the patch wrote an audit row per reminder.
      if (!patched(PATCHES.remindersCounted)) await acts.recordReminder({ campaignId: input.campaignId, entity: 'escalation_case', entityId: `${input.campaignId}/${input.familyId}`, waitingFor: `a decision by a ${level()}` });
    }
  }
  phase('decided');
  const result = decided as unknown as CaseDecisionResult;
  setCurrentDetails(`decided: ${result.decision} by a ${result.level}`);
  return result;
}
