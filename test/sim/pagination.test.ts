import { createP3keClient } from '../../activities/p3ke/p3ke-client';
import type { RunningP3keSimulator } from '../../sim/p3ke-api/server';
import { ALL_IKN, call, createSnapshot, readListing, startSim, TOKEN } from './sim-test-helpers';

describe('snapshots and paging', () => {
  let sim: RunningP3keSimulator;
  let snapshotId: string;
  beforeAll(async () => {
    sim = await startSim({ families: 2500 });
    snapshotId = await createSnapshot(sim);
  });
  afterAll(() => sim.close());

  it.each(['families', 'individuals'])('when %s are paged with cursors, then every record arrives exactly once and in order', async (kind) => {
    const idKey = kind === 'families' ? 'id_keluarga_p3ke' : 'id_individu';
    const listing = await readListing(sim, snapshotId, kind, 137);
    const ids = listing.items.map((r) => r[idKey]);
    expect(ids).toHaveLength(listing.total);
    expect(new Set(ids).size).toBe(listing.total);
    expect(listing.startAts).toEqual(listing.startAts.map((_, k) => k * 137));
    const whole = await readListing(sim, snapshotId, kind, 5000);
    expect(whole.items).toEqual(listing.items);
  });

  it('when a reader resumes with startAt, then it gets exactly the records after that position', async () => {
    const all = await readListing(sim, snapshotId, 'individuals', 5000);
    const resumed = await call(sim, 'GET', `/v1/snapshots/${snapshotId}/individuals?startAt=1234&pageSize=300`);
    expect(resumed.status).toBe(200);
    expect(resumed.json.startAt).toBe(1234);
    expect(resumed.json.items).toEqual(all.items.slice(1234, 1534));
    const end = await call(sim, 'GET', `/v1/snapshots/${snapshotId}/individuals?startAt=${all.total}`);
    expect(end.json).toEqual({ items: [], nextCursor: null, startAt: all.total, total: all.total });
  });

  it('when the same snapshot is asked for again, here or on another simulator, then the id and data are the same', async () => {
    const again = await call(sim, 'POST', '/v1/snapshots', { ...ALL_IKN, regionCodes: [...ALL_IKN.regionCodes].reverse() });
    expect(again.status).toBe(201);
    expect(again.json.snapshotId).toBe(snapshotId);
    const twin = await startSim({ families: 2500 });
    try {
      expect(await createSnapshot(twin)).toBe(snapshotId);
      const page = (s: { url: string }) => call(s, 'GET', `/v1/snapshots/${snapshotId}/families?startAt=900&pageSize=50`);
      expect((await page(twin)).json.items).toEqual((await page(sim)).json.items);
    } finally {
      await twin.close();
    }
    const other = await call(sim, 'POST', '/v1/snapshots', { ...ALL_IKN, desilMax: 4 });
    expect(other.json.snapshotId).not.toBe(snapshotId);
    expect(other.json.families as number).toBeLessThan(again.json.families as number);
  });

  it.each([
    ['a page size of 0', 'families?pageSize=0'],
    ['a page size above 5000', 'families?pageSize=5001'],
    ['both cursor and startAt', 'families?startAt=0&cursor=abc'],
    ['a negative startAt', 'families?startAt=-1'],
    ['a startAt beyond the end', 'families?startAt=999999'],
    ['a forged cursor', 'families?cursor=eyJ4IjoxfQ.AAAAAAAAAAAAAAAAAAAAAA'],
  ])('when a page is asked for with %s, then the answer is 400 with a reason', async (_what, path) => {
    const answer = await call(sim, 'GET', `/v1/snapshots/${snapshotId}/${path}`);
    expect(answer.status).toBe(400);
    expect(answer.json.reason).toEqual(expect.any(String));
  });

  it('when a cursor of the families listing is used on the individuals listing, then the answer is 400', async () => {
    const first = await call(sim, 'GET', `/v1/snapshots/${snapshotId}/families?pageSize=10`);
    const wrong = await call(sim, 'GET', `/v1/snapshots/${snapshotId}/individuals?cursor=${encodeURIComponent(first.json.nextCursor as string)}`);
    expect(wrong.status).toBe(400);
  });

  it.each([
    ['letters in a region code', { regionCodes: ['64O904'], desilMin: 1, desilMax: 4 }],
    ['a 4-digit region code', { regionCodes: ['6409'], desilMin: 1, desilMax: 4 }],
    ['no region codes', { regionCodes: [], desilMin: 1, desilMax: 4 }],
    ['desilMin above desilMax', { regionCodes: ['640904'], desilMin: 5, desilMax: 4 }],
    ['desil 11', { regionCodes: ['640904'], desilMin: 1, desilMax: 11 }],
  ])('when a snapshot is asked for with %s, then the answer is 400', async (_what, body) => {
    expect((await call(sim, 'POST', '/v1/snapshots', body)).status).toBe(400);
  });

  it('when the snapshot request is not JSON, then the answer is 400 with a code and no echo of the body', async () => {
    const response = await fetch(`${sim.url}/v1/snapshots`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: '{"regionCodes": [3201010101900001',
    });
    expect(response.status).toBe(400);
    expect(await response.text()).not.toContain('3201010101900001');
  });

  it('when an unknown snapshot is paged, then the answer is 404', async () => {
    const answer = await call(sim, 'GET', '/v1/snapshots/snp_000000000000000000000000/families');
    expect(answer.status).toBe(404);
    expect(answer.json.code).toBe('SNAPSHOT_NOT_FOUND');
  });
});

describe('a snapshot at full scale', () => {
  it('when 60,000 families are paged through the client, then each arrives once', async () => {
    const sim = await startSim({ families: 60_000 });
    try {
      const client = createP3keClient({ baseUrl: sim.url, token: TOKEN, timeoutMs: 10_000 });
      const created = await client.createSnapshot(ALL_IKN);
      expect(created.families + sim.manifest(created.snapshotId)!.withheldFamilies).toBe(60_000);
      const ids = new Set<unknown>();
      let cursor: string | undefined;
      do {
        const page = await client.fetchPage({ snapshotId: created.snapshotId, kind: 'families', pageSize: 5000, ...(cursor ? { cursor } : {}) });
        for (const item of page.items) ids.add((item as Record<string, unknown>).id_keluarga_p3ke);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(ids.size).toBe(created.families);
    } finally {
      await sim.close();
    }
  }, 30_000);
});
