/**
 * desaWorkflow: the work of one desa in a campaign (desa/<campaign>/<desa>), between the campaign and its work
 * packages. It runs the desa's packages, then re-visit rounds for families whose case ordered one, and returns
 * counts only. Keeping packages under a desa bounds every workflow's children and history, whatever the
 * campaign's size (see README, "Scale").
 */
import { executeChild, patched, proxyActivities, proxyLocalActivities, setCurrentDetails, upsertSearchAttributes, ParentClosePolicy } from '@temporalio/workflow';
import type { createActivities } from '../activities';
import type { CampaignConfig } from '../domain/contracts/campaign';
import { NON_RETRYABLE_FAILURES } from '../domain/contracts/errors';
import { SA_CAMPAIGN_ID, SA_KIND, SA_PHASE, SA_REGION, WORKFLOW_KINDS } from '../domain/contracts/search-attributes';
import type { WorkPackageOutcome } from '../domain/contracts/work-package';
import { workPackageWorkflowId } from '../domain/contracts/workflow-ids';
import { PATCHES } from './patches';
import { workPackageWorkflow } from './work-package-workflow';

type Activities = ReturnType<typeof createActivities>;
const acts = proxyActivities<Activities>({
  startToCloseTimeout: '2m',
  retry: { initialInterval: '1s', maximumInterval: '30s', nonRetryableErrorTypes: [...NON_RETRYABLE_FAILURES] },
});

/**
 * Loading the packages and making re-visit packages as local activities (runs patched, see ./patches): one query or
 * one short transaction each, on the path from the desa's start to its officers' first visit. A local activity holds
 * the workflow task, hence the short timeout; a slow database fails the attempt and retries.
 */
const local = proxyLocalActivities<Activities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', maximumInterval: '10s', nonRetryableErrorTypes: [...NON_RETRYABLE_FAILURES] },
});

export interface DesaInput {
  campaignId: string;
  desaCode: string;
  kecamatanCode: string;
  config: Pick<CampaignConfig, 'timers' | 'escalationThreshold' | 'maxReassignments' | 'maxRevisitRounds' | 'maxFamiliesPerPackage'>;
}

export interface DesaOutcome {
  desaCode: string;
  packages: number;
  verified: number;
  unvisited: number;
  mismatched: number;
  escalated: number;
  decided: number;
  revisited: number;
  /** Families still ordered back to the field when the re-visit rounds ran out. */
  revisitUnresolved: number;
}

export async function desaWorkflow(input: DesaInput): Promise<DesaOutcome> {
  const { campaignId, desaCode, config } = input;
  const total: DesaOutcome = { desaCode, packages: 0, verified: 0, unvisited: 0, mismatched: 0, escalated: 0, decided: 0, revisited: 0, revisitUnresolved: 0 };
  upsertSearchAttributes([
    { key: SA_CAMPAIGN_ID, value: campaignId },
    { key: SA_KIND, value: WORKFLOW_KINDS.desa },
    { key: SA_REGION, value: desaCode },
    { key: SA_PHASE, value: 'round-1' },
  ]);

  for (let round = 1; ; round++) {
    setCurrentDetails(`round ${round}: loading the work packages`);
    // Runs recorded before the patch scheduled regular activities here and below; they replay down that path.
    const viaLocal = patched(PATCHES.desaLocalActivities);
    const packages = await (viaLocal ? local : acts).loadDesaPackages({ campaignId, desaCode, round });
    let closed = 0;
    // One line for the Temporal Web UI (current details): what the desa waits for; ids and counts only.
    const showRound = (): void =>
      setCurrentDetails(`round ${round}: ${closed} of ${packages.length} packages closed, waiting for ${packages.length - closed}`);
    showRound();
    const outcomes: WorkPackageOutcome[] = await Promise.all(
      packages.map((p) =>
        executeChild(workPackageWorkflow, {
          workflowId: workPackageWorkflowId(campaignId, p.desaCode, p.seq),
          // If this workflow ends first (cancelled, terminated), the child is asked to cancel and closes its tasks.
          parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
          staticSummary: `Work package ${p.seq} of desa ${p.desaCode}, round ${p.round}, ${p.familyIds.length} families, officer ${p.officerId}`,
          args: [
            {
              ...p,
              campaignId,
              kecamatanCode: input.kecamatanCode,
              timers: config.timers,
              escalationThreshold: config.escalationThreshold,
              maxReassignments: config.maxReassignments,
            },
          ],
        }).then((outcome) => {
          closed += 1;
          showRound();
          return outcome;
        }),
      ),
    );
    const revisit = outcomes.flatMap((o) => o.revisit);
    total.packages += packages.length;
    for (const o of outcomes) {
      total.verified += o.verified;
      total.unvisited += o.unvisited.length;
      total.mismatched += o.mismatched;
      total.escalated += o.escalated;
      total.decided += o.decided;
    }
    if (revisit.length === 0) break;
    if (round > config.maxRevisitRounds) {
      total.revisitUnresolved = revisit.length;
      break;
    }
    total.revisited += revisit.length;
    setCurrentDetails(`round ${round}: done; creating re-visit packages for ${revisit.length} families`);
    await (viaLocal ? local : acts).createRevisitPackages({ campaignId, desaCode, familyIds: revisit, round: round + 1, maxFamiliesPerPackage: config.maxFamiliesPerPackage });
    upsertSearchAttributes([{ key: SA_PHASE, value: `round-${round + 1}` }]);
  }
  upsertSearchAttributes([{ key: SA_PHASE, value: 'done' }]);
  setCurrentDetails(`done: ${total.packages} packages, ${total.verified} families verified, ${total.escalated} escalated, ${total.revisitUnresolved} re-visits unresolved`);
  return total;
}
