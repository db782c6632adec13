/**
 * The ingest writes several pages of a listing at once (activities/ingest): pages may commit out of order, yet
 * the heartbeated checkpoint only covers pages that are all committed, a resumed attempt ends with exactly what an
 * undisturbed run stores, a re-run rewrites nothing, and an id repeated on another page keeps "the first position
 * wins" whichever page commits first. The activity runs in MockActivityEnvironment (its heartbeats observed) on the
 * real database, against the real simulator over HTTP.
 */
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { createP3keClient, type P3keClient } from '../../activities/p3ke/p3ke-client';
import { failFirstAttempts, type FaultInjector } from '../../activities/faults';
import { createIngestActivities, type IngestCheckpoint, type IngestListingInput, type IngestListingResult } from '../../activities/ingest/ingest-activities';
import { CommittedPrefix } from '../../activities/ingest/committed-prefix';
import { QUARANTINE_REASONS } from '../../activities/ingest/validate-page';
import { startP3keSimulator, type RunningP3keSimulator } from '../../sim/p3ke-api/server';
import { openHarness, uniqueCampaignId, type Harness } from '../support/harness';
import { TEST_P3KE_TOKEN } from '../support/campaign-fixtures';
import { installQuietRuntime } from '../support/worker-process';
import { loadIknArea } from '../../domain/regions';

const PAGE_SIZE = 40;
const logger = new DefaultLogger('WARN');

let h: Harness;
let sim: RunningP3keSimulator;
let snapshotId: string;

beforeAll(async () => {
  installQuietRuntime();
  h = await openHarness();
  sim = await startP3keSimulator({ token: TEST_P3KE_TOKEN, families: 300, defectRate: 0.08, seed: 5151 });
  const snapshot = await client().createSnapshot({ regionCodes: loadIknArea().kecamatan.map((k) => k.code), desilMin: 1, desilMax: 10 });
  snapshotId = snapshot.snapshotId;
});
afterAll(async () => {
  await h?.close();
  await sim?.close();
});

function client(): P3keClient {
  return createP3keClient({ baseUrl: sim.url, token: TEST_P3KE_TOKEN, timeoutMs: 5_000 });
}

/** Runs the families listing once, as one activity attempt; returns its result or error and every heartbeat sent. */
async function ingestFamilies(campaignId: string, o: { p3ke?: P3keClient; faults?: FaultInjector; resumeFrom?: IngestCheckpoint; attempt?: number } = {}) {
  const activities = createIngestActivities({ orm: h.orm, p3ke: o.p3ke ?? client(), ...(o.faults ? { faults: o.faults } : {}) });
  const env = new MockActivityEnvironment({ attempt: o.attempt ?? 1, ...(o.resumeFrom ? { heartbeatDetails: o.resumeFrom } : {}) }, { logger });
  const heartbeats: IngestCheckpoint[] = [];
  env.on('heartbeat', (d: unknown) => heartbeats.push({ ...(d as IngestCheckpoint) }));
  const input: IngestListingInput = { campaignId, snapshotId, kind: 'families', pageSize: PAGE_SIZE };
  try {
    const result: IngestListingResult = await env.run(activities.ingestSnapshotListing, input);
    return { result, error: null as unknown, heartbeats };
  } catch (error) {
    return { result: null as IngestListingResult | null, error, heartbeats };
  }
}

/** Every stored and quarantined family position of a campaign, with what happened to it. */
async function familyOutcomes(campaignId: string): Promise<string[]> {
  const rows = await h.orm.em
    .fork()
    .getConnection()
    .execute<{ line: string }[]>(
      `select source_position || ' stored ' || id_keluarga_p3ke || ' ' || md5((to_jsonb(f) - 'campaign_id')::text) as line from p3ke_family f where campaign_id = ?
       union all
       select source_position || ' quarantined ' || coalesce(source_id, '-') || ' ' || reason_code || ' ' || md5(raw::text) from quarantined_record where campaign_id = ? and kind = 'family'
       order by 1`,
      [campaignId, campaignId],
    );
  return rows.map((r) => r.line);
}

describe('the committed prefix of pages', () => {
  it('when pages commit out of order, then the checkpoint passes only pages whose predecessors are all committed', () => {
    // Arrange: the attempt resumed after 2 committed pages.
    const prefix = new CommittedPrefix(2);
    const end = (pages: number) => ({ position: pages * 10, cursor: `c${pages}`, pages });

    // Act / Assert: page 4 waits for page 3; page 3 then releases both; page 5 follows at once.
    expect(prefix.commit(end(4))).toEqual([]);
    expect(prefix.commit(end(3))).toEqual([end(3), end(4)]);
    expect(prefix.commit(end(5))).toEqual([end(5)]);
    expect(() => prefix.commit(end(5))).toThrow(/committed twice/);
    expect(() => prefix.commit(end(1))).toThrow(/committed twice/);
  });
});

describe('ingest pages written in parallel', () => {
  let undisturbed: string[];
  let totalPages: number;

  beforeAll(async () => {
    const campaignId = uniqueCampaignId('parallel-clean');
    const { result, error, heartbeats } = await ingestFamilies(campaignId);
    if (error || !result) throw error;
    totalPages = Math.ceil(result.total / PAGE_SIZE);
    // The heartbeats climb page by page, each one over a prefix of committed pages.
    expect(heartbeats.map((c) => c.pages)).toEqual(Array.from({ length: totalPages }, (_, i) => i + 1));
    undisturbed = await familyOutcomes(campaignId);
  });

  it('when an attempt fails after some pages and a retry resumes from its last heartbeat, then the tables equal an undisturbed run', async () => {
    // Arrange: the attempt fails right after the checkpoint passes page 3, while later pages are being written.
    const campaignId = uniqueCampaignId('parallel-resume');
    const failed = await ingestFamilies(campaignId, { faults: failFirstAttempts({ 'ingest:families:afterPage3': 1 }) });
    const last = failed.heartbeats.at(-1);

    // Act
    const retried = await ingestFamilies(campaignId, { resumeFrom: last, attempt: 2 });

    // Assert: the failed attempt's checkpoint covered whole pages only; the retry did the rest, and nothing differs.
    expect(failed.error).toBeTruthy();
    expect(last?.pages).toBeGreaterThanOrEqual(3);
    expect(last?.position).toBe((last?.pages ?? 0) * PAGE_SIZE);
    expect(retried.error).toBeNull();
    expect(retried.result?.pagesThisAttempt).toBe(totalPages - (last?.pages ?? 0));
    expect(await familyOutcomes(campaignId)).toEqual(undisturbed);
  });

  it('when the listing is ingested again into the same campaign, then no row changes', async () => {
    // Arrange
    const campaignId = uniqueCampaignId('parallel-rerun');
    await ingestFamilies(campaignId);
    const before = await familyOutcomes(campaignId);

    // Act: a fresh attempt (no checkpoint) whose plain INSERTs meet every row already stored.
    const again = await ingestFamilies(campaignId);

    // Assert
    expect(again.error).toBeNull();
    expect(await familyOutcomes(campaignId)).toEqual(before);
    expect(before).toEqual(undisturbed);
  });

  it('when an id repeats on pages written at once and on a later page, then the first position is stored and the others quarantined', async () => {
    // Arrange: a stored family of the first page reappears (same id, its own data) on the second page (written
    // alongside it) and on the last page (written long after the first committed).
    const stored = undisturbed.filter((line) => line.split(' ')[1] === 'stored').map((line) => Number(line.split(' ')[0]));
    const first = Math.min(...stored.filter((p) => p < PAGE_SIZE));
    const second = Math.min(...stored.filter((p) => p >= PAGE_SIZE && p < 2 * PAGE_SIZE));
    const last = Math.max(...stored);
    const real = client();
    const original = (await real.fetchPage({ snapshotId, kind: 'families', pageSize: 1, startAt: first })).items[0] as Record<string, unknown>;
    const repeated: P3keClient = {
      createSnapshot: (spec, options) => real.createSnapshot(spec, options),
      fetchPage: async (input) => {
        const page = await real.fetchPage(input);
        const items = page.items.map((item, i) => ([second, last].includes(page.startAt + i) ? { ...(item as object), id_keluarga_p3ke: original.id_keluarga_p3ke } : item));
        return { ...page, items };
      },
    };
    const campaignId = uniqueCampaignId('parallel-dup');

    // Act
    const { error } = await ingestFamilies(campaignId, { p3ke: repeated });

    // Assert
    expect(error).toBeNull();
    const outcomes = await familyOutcomes(campaignId);
    const ofId = outcomes.filter((line) => line.split(' ')[2] === original.id_keluarga_p3ke);
    expect(ofId.map((line) => line.split(' ').slice(0, 2).join(' ')).sort()).toEqual([`${first} stored`, `${last} quarantined`, `${second} quarantined`].sort());
    expect(last).toBeGreaterThanOrEqual(4 * PAGE_SIZE);
    expect(ofId.filter((line) => line.includes('quarantined')).every((line) => line.split(' ')[3] === QUARANTINE_REASONS.duplicateId)).toBe(true);
    expect(outcomes).toHaveLength(undisturbed.length);
  });
});
