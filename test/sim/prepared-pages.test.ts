/**
 * Prepared pages (sim/p3ke-api/prepared-pages.ts): a simulator that serialised a snapshot's pages ahead of time
 * answers with the very bytes a simulator building each page on the spot gives, cursors included, and its faults,
 * cursor checks and resumes work as before.
 */
import type { RunningP3keSimulator } from '../../sim/p3ke-api/server';
import { call, createSnapshot, startSim, TOKEN } from './sim-test-helpers';

const CLOCK = Date.UTC(2025, 6, 1, 8);

async function raw(sim: { url: string }, path: string): Promise<{ status: number; type: string | null; body: string }> {
  const response = await fetch(`${sim.url}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
  return { status: response.status, type: response.headers.get('content-type'), body: await response.text() };
}

/** Every page body of a listing read with cursors, as the ingest reads it. */
async function walk(sim: { url: string }, snapshotId: string, kind: string, pageSize: number): Promise<string[]> {
  const bodies: string[] = [];
  let query = `pageSize=${pageSize}`;
  for (;;) {
    const page = await raw(sim, `/v1/snapshots/${snapshotId}/${kind}?${query}`);
    expect(page.status).toBe(200);
    expect(page.type).toBe('application/json; charset=utf-8');
    bodies.push(page.body);
    const next = (JSON.parse(page.body) as { nextCursor: string | null }).nextCursor;
    if (next === null) return bodies;
    query = `pageSize=${pageSize}&cursor=${encodeURIComponent(next)}`;
  }
}

describe('prepared pages', () => {
  let plain: RunningP3keSimulator;
  let prepared: RunningP3keSimulator;
  let snapshotId: string;
  beforeAll(async () => {
    plain = await startSim({ families: 1200, nowMs: () => CLOCK });
    prepared = await startSim({ families: 1200, nowMs: () => CLOCK });
    snapshotId = await createSnapshot(plain);
    expect(await createSnapshot(prepared)).toBe(snapshotId);
  });
  afterEach(() => prepared.setFaults({}));
  afterAll(async () => {
    await plain.close();
    await prepared.close();
  });

  it('when a snapshot is prepared over HTTP, then it answers with counts only, and 404, 400 or 401 for a wrong request', async () => {
    const answer = await call(prepared, 'POST', `/_sim/snapshots/${snapshotId}/prepare`, { pageSize: 500 });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ pageSize: 500, pages: expect.any(Number), bytes: expect.any(Number) });
    expect(answer.json.pages as number).toBeGreaterThan(2);
    expect((await call(prepared, 'POST', '/_sim/snapshots/snp_unknown/prepare', { pageSize: 500 })).status).toBe(404);
    expect((await call(prepared, 'POST', `/_sim/snapshots/${snapshotId}/prepare`, { pageSize: 5001 })).status).toBe(400);
    expect((await call(prepared, 'POST', `/_sim/snapshots/${snapshotId}/prepare`, { pageSize: 10, extra: 1 })).status).toBe(400);
    expect((await call(prepared, 'POST', `/_sim/snapshots/${snapshotId}/prepare`, { pageSize: 500 }, null)).status).toBe(401);
  });

  it.each(['families', 'individuals'])('when %s are read with cursors from prepared pages, then every body is byte for byte the one built on the spot', async (kind) => {
    const summary = prepared.preparePages(snapshotId, 700);
    expect(summary?.pages).toBeGreaterThan(1);
    const fromBytes = await walk(prepared, snapshotId, kind, 700);
    const built = await walk(plain, snapshotId, kind, 700);
    expect(fromBytes.length).toBeGreaterThan(1);
    expect(fromBytes).toEqual(built);
  });

  it('when a reader resumes at a position no prepared page starts at, or with another page size, then it is served as before', async () => {
    prepared.preparePages(snapshotId, 700);
    for (const path of ['individuals?startAt=1234&pageSize=700', 'individuals?startAt=1400&pageSize=300', 'families?startAt=0&pageSize=699']) {
      const [a, b] = await Promise.all([raw(prepared, `/v1/snapshots/${snapshotId}/${path}`), raw(plain, `/v1/snapshots/${snapshotId}/${path}`)]);
      expect(a).toEqual(b);
    }
  });

  it('when faults are on, then prepared pages fail, rate-limit and expire cursors exactly as built ones do', async () => {
    prepared.preparePages(snapshotId, 700);
    const first = await call(prepared, 'GET', `/v1/snapshots/${snapshotId}/families?pageSize=700`);
    const cursor = encodeURIComponent(first.json.nextCursor as string);
    prepared.setFaults({ error503Rate: 1 });
    expect((await call(prepared, 'GET', `/v1/snapshots/${snapshotId}/families?pageSize=700`)).status).toBe(503);
    prepared.setFaults({ rateLimitRate: 1, retryAfterSeconds: 3 });
    const limited = await call(prepared, 'GET', `/v1/snapshots/${snapshotId}/families?pageSize=700&cursor=${cursor}`);
    expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '3']);
    prepared.setFaults({ cursorExpiredRate: 1 });
    const expired = await call(prepared, 'GET', `/v1/snapshots/${snapshotId}/families?pageSize=700&cursor=${cursor}`);
    expect([expired.status, expired.json.code]).toEqual([410, 'CURSOR_EXPIRED']);
    prepared.setFaults({ connectionResetRate: 1 });
    await expect(call(prepared, 'GET', `/v1/snapshots/${snapshotId}/families?pageSize=700`)).rejects.toThrow(/fetch failed/);
    prepared.setFaults({});
    const wrongListing = await call(prepared, 'GET', `/v1/snapshots/${snapshotId}/individuals?pageSize=700&cursor=${cursor}`);
    expect(wrongListing.status).toBe(400);
  });
});
