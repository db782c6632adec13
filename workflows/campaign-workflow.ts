/**
 * campaignWorkflow: one verification campaign, from the P3KE request to the close-out report.
 * Carries ids and counts only: P3KE rows live in PostgreSQL and never pass through this history.
 */
import { log, proxyActivities, type RetryPolicy, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { createActivities } from '../activities';
import {
  campaignProgressQuery,
  emptyCounts,
  type CampaignInput,
  type CampaignPhase,
  type CampaignProgress,
  type CampaignReport,
  type CampaignStatus,
} from '../domain/contracts/campaign';
import { NON_RETRYABLE_FAILURES } from '../domain/contracts/errors';
import { SA_CAMPAIGN_ID, SA_KIND, SA_PHASE, SA_REGION, WORKFLOW_KINDS } from '../domain/contracts/search-attributes';

type Activities = ReturnType<typeof createActivities>;

const retry: RetryPolicy = { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m', nonRetryableErrorTypes: [...NON_RETRYABLE_FAILURES] };

const short = proxyActivities<Activities>({ startToCloseTimeout: '1m', retry });
/** The ingest heartbeats its cursor after every page, so a lost worker is noticed within the heartbeat timeout. */
const ingest = proxyActivities<Activities>({ startToCloseTimeout: '2h', heartbeatTimeout: '1m', retry });

export async function campaignWorkflow(input: CampaignInput): Promise<CampaignReport> {
  const { campaignId, config } = input;
  const counts = emptyCounts();
  let phase: CampaignPhase = 'registered';
  let status: CampaignStatus = 'running';
  let snapshotId: string | null = null;
  let detail = 'registering the campaign';

  const progress = (): CampaignProgress => ({ campaignId, phase, status, counts: { ...counts }, snapshotId, detail });
  setHandler(campaignProgressQuery, progress);

  upsertSearchAttributes([
    { key: SA_CAMPAIGN_ID, value: campaignId },
    { key: SA_KIND, value: WORKFLOW_KINDS.campaign },
    { key: SA_REGION, value: config.regionCodes.slice(0, 10).join(',') },
    { key: SA_PHASE, value: phase },
  ]);

  async function enter(next: CampaignPhase, what: string): Promise<void> {
    phase = next;
    detail = what;
    upsertSearchAttributes([{ key: SA_PHASE, value: phase }]);
    await short.recordCampaignProgress({ campaignId, phase, status, counts: { ...counts }, snapshotId });
    log.info('campaign phase', { campaignId, phase });
  }

  await short.registerCampaign({ campaignId, config, startedBy: input.startedBy });

  await enter('ingest', 'requesting a P3KE snapshot from Kemenko PMK');
  const snapshot = await short.requestSnapshot({
    regionCodes: config.regionCodes,
    desilMin: config.desilMin,
    desilMax: config.desilMax,
  });
  snapshotId = snapshot.snapshotId;
  detail = `ingesting snapshot ${snapshotId}: ${snapshot.families} families, ${snapshot.individuals} individuals`;
  for (const kind of ['families', 'individuals'] as const) {
    await ingest.ingestSnapshotListing({ campaignId, snapshotId: snapshot.snapshotId, kind, pageSize: config.ingestPageSize });
  }
  const ingested = await short.reconcileIngest({
    campaignId,
    expected: { families: snapshot.families, individuals: snapshot.individuals },
  });
  counts.fetched = ingested.fetched;
  counts.stored = ingested.stored;
  counts.quarantined = ingested.quarantined;

  await enter('checks', 'running pre-verification checks');
  const checks = await short.runPreVerificationChecks({
    campaignId,
    regionCodes: config.regionCodes,
    referenceDate: workflowInfo().startTime.toISOString().slice(0, 10),
  });
  counts.flagged = checks.flaggedFamilies;

  status = 'completed';
  await enter('completed', 'campaign completed');
  return short.buildCampaignReport({ campaignId, status });
}
