/**
 * The simulator's ground truth next to what a campaign made of it in PostgreSQL: the snapshot manifest, the
 * campaign run up to the end of its pre-verification checks, and the ingest tables read back as counts and
 * checksums, so tests compare runs, re-runs and crashed runs of one snapshot row for row.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { WorkflowFailedError, WorkflowNotFoundError, type Client, type WorkflowHandle } from '@temporalio/client';
import { decodeOptionalFailureToOptionalError } from '@temporalio/common/lib/internal-non-workflow';
import type { MikroORM } from '@mikro-orm/postgresql';
import { campaignWorkflow } from '../../workflows';
import { campaignProgressQuery, emptyCounts, type CampaignConfig, type CampaignPhase, type CampaignProgress } from '../../domain/contracts/campaign';
import { campaignWorkflowId } from '../../domain/contracts/workflow-ids';
import type { SnapshotManifest } from '../../sim/p3ke-api/snapshots';

export async function fetchManifest(sim: { url: string }, token: string, snapshotId: string): Promise<SnapshotManifest> {
  const response = await fetch(`${sim.url}/_sim/snapshots/${encodeURIComponent(snapshotId)}/manifest`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (!response.ok) throw new Error(`manifest of ${snapshotId}: HTTP ${response.status}`);
  return (await response.json()) as SnapshotManifest;
}

export interface CampaignRunInput {
  client: Client;
  taskQueue: string;
  campaignId: string;
  config: CampaignConfig;
  startedBy: string;
  /** Defaults to the campaign's own workflow id; a re-run of the same campaign passes another. */
  workflowId?: string;
  timeoutMs?: number;
}

export interface CampaignRun {
  handle: WorkflowHandle<typeof campaignWorkflow>;
  /** The campaign's progress once its checks are done: ids and counts. */
  progress: CampaignProgress;
  durationMs: number;
}

const UP_TO_CHECKS: readonly CampaignPhase[] = ['registered', 'ingest', 'checks'];

/**
 * The progress as of the end of the checks. The campaign goes on to assign work packages as soon as an officer
 * roster exists (other test files import one), so counts of later phases depend on when the query lands: zero them.
 */
function throughChecks(progress: CampaignProgress): CampaignProgress {
  const { fetched, stored, quarantined, flagged } = progress.counts;
  return { ...progress, counts: { ...emptyCounts(), fetched, stored, quarantined, flagged }, openTasks: 0, openEscalations: 0 };
}

/**
 * Starts the real campaign workflow and waits until it has left the checks phase. What follows (assignment, field
 * work, approval) waits for people these tests do not play, so a campaign still running then is terminated.
 */
export async function runCampaignThroughChecks(input: CampaignRunInput): Promise<CampaignRun> {
  const started = Date.now();
  const handle = await startCampaign(input);
  const progress = await waitUntilChecksDone(handle, input.timeoutMs ?? 60_000);
  await terminateIfRunning(handle);
  return { handle, progress, durationMs: Date.now() - started };
}

export function startCampaign(input: CampaignRunInput): Promise<WorkflowHandle<typeof campaignWorkflow>> {
  return input.client.workflow.start(campaignWorkflow, {
    taskQueue: input.taskQueue,
    workflowId: input.workflowId ?? campaignWorkflowId(input.campaignId),
    args: [{ campaignId: input.campaignId, config: input.config, startedBy: input.startedBy }],
  });
}

export async function waitUntilChecksDone(handle: WorkflowHandle<typeof campaignWorkflow>, timeoutMs: number): Promise<CampaignProgress> {
  let settled: { failed: unknown } | { done: true } | null = null;
  handle.result().then(
    () => (settled = { done: true }),
    (err: unknown) => (settled = { failed: err }),
  );
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    // Queried first: a campaign that fails after its checks (e.g. no officer roster to assign) still did them.
    const progress = await handle.query(campaignProgressQuery);
    if (!UP_TO_CHECKS.includes(progress.phase)) return throughChecks(progress);
    const outcome = settled as { failed: unknown } | { done: true } | null;
    if (outcome && 'failed' in outcome) throw describeFailure(outcome.failed);
    await sleep(100);
  }
  throw new Error(`campaign ${handle.workflowId} did not finish its checks within ${timeoutMs} ms; ${await whatIsPending(handle)}`);
}

/** The activities the campaign waits for and why they last failed, for a timeout message worth reading. */
async function whatIsPending(handle: WorkflowHandle<typeof campaignWorkflow>): Promise<string> {
  const { raw } = await handle.describe();
  const converter = handle.client.options.loadedDataConverter;
  const pending = await Promise.all(
    (raw.pendingActivities ?? []).map(async (a) => {
      // Failure messages are encrypted by the project's codec: decode them to read them.
      const failure = await decodeOptionalFailureToOptionalError(converter, a.lastFailure);
      return `${a.activityType?.name ?? '?'} attempt ${a.attempt ?? 0}: ${failure?.message ?? 'no failure'}`;
    }),
  );
  return pending.length > 0 ? `pending: ${pending.join(' | ')}` : 'no activity pending';
}

export async function terminateIfRunning(handle: WorkflowHandle<typeof campaignWorkflow>): Promise<void> {
  try {
    await handle.terminate('test: the campaign is only driven up to its checks');
  } catch (err) {
    // It may have ended on its own meanwhile (e.g. failing its assignment for want of an officer roster).
    if (!(err instanceof WorkflowNotFoundError)) throw err;
  }
}

function describeFailure(err: unknown): Error {
  if (err instanceof WorkflowFailedError) {
    const cause = err.cause;
    return new Error(`campaign workflow failed: ${cause?.message ?? err.message}`);
  }
  return err instanceof Error ? err : new Error(String(err));
}

export interface IngestAccounting {
  storedFamilies: number;
  storedIndividuals: number;
  quarantinedFamilies: number;
  quarantinedIndividuals: number;
  /** e.g. { 'family:schema_invalid': 3, 'individual:family_missing': 12 } */
  quarantineByKindAndReason: Record<string, number>;
}

export async function ingestAccounting(orm: MikroORM, campaignId: string): Promise<IngestAccounting> {
  const conn = orm.em.fork().getConnection();
  const [stored] = await conn.execute<{ families: string; individuals: string }[]>(
    `select (select count(*) from p3ke_family where campaign_id = ?) as families,
            (select count(*) from p3ke_individual where campaign_id = ?) as individuals`,
    [campaignId, campaignId],
  );
  const quarantined = await conn.execute<{ kind: string; reason_code: string; n: string }[]>(
    'select kind, reason_code, count(*) as n from quarantined_record where campaign_id = ? group by kind, reason_code',
    [campaignId],
  );
  const sumOf = (kind: string) => quarantined.filter((q) => q.kind === kind).reduce((sum, q) => sum + Number(q.n), 0);
  return {
    storedFamilies: Number(stored?.families ?? 0),
    storedIndividuals: Number(stored?.individuals ?? 0),
    quarantinedFamilies: sumOf('family'),
    quarantinedIndividuals: sumOf('individual'),
    quarantineByKindAndReason: Object.fromEntries(quarantined.map((q) => [`${q.kind}:${q.reason_code}`, Number(q.n)])),
  };
}

/** Every table a campaign's ingest and checks write, with the order that makes its checksum deterministic. */
const CAMPAIGN_TABLES = {
  p3ke_family: 'id_keluarga_p3ke',
  p3ke_individual: 'id_individu',
  quarantined_record: 'kind, source_position',
  family_flag: 'family_id, code, individual_id',
} as const;
export type CampaignTable = keyof typeof CAMPAIGN_TABLES;

export type TableChecksums = Record<CampaignTable, { rows: number; md5: string }>;

/**
 * An md5 over every row of the campaign in each table. `ignoreColumns` leaves out what legitimately differs
 * between two campaigns of the same snapshot (campaign_id, quarantined_at); a re-run of one campaign ignores nothing.
 */
export async function campaignChecksums(orm: MikroORM, campaignId: string, ignoreColumns: readonly string[] = []): Promise<TableChecksums> {
  const conn = orm.em.fork().getConnection();
  const result = {} as TableChecksums;
  for (const [table, order] of Object.entries(CAMPAIGN_TABLES) as [CampaignTable, string][]) {
    const [row] = await conn.execute<{ rows: string; md5: string }[]>(
      `select count(*) as rows, md5(coalesce(string_agg((to_jsonb(t) - ?::text[])::text, E'\\n' order by ${order}), '')) as md5
       from ${table} t where campaign_id = ?`,
      [`{${ignoreColumns.join(',')}}`, campaignId],
    );
    result[table] = { rows: Number(row?.rows ?? 0), md5: row?.md5 ?? '' };
  }
  return result;
}

/** What differs between two campaigns of the same snapshot. */
export const PER_CAMPAIGN_COLUMNS = ['campaign_id', 'quarantined_at'] as const;
