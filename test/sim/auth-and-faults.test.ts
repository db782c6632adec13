import type { RunningP3keSimulator } from '../../sim/p3ke-api/server';
import { ALL_IKN, call, createSnapshot, startSim } from './sim-test-helpers';

describe('bearer-token auth', () => {
  let sim: RunningP3keSimulator;
  beforeAll(async () => {
    sim = await startSim({ families: 300 });
  });
  afterAll(() => sim.close());

  it.each([
    ['no token', null],
    ['a wrong token', 'not-the-token'],
    ['a token of another length', 'x'],
  ])('when a request carries %s, then every endpoint answers 401', async (_what, token) => {
    const snapshotId = await createSnapshot(sim);
    const answers = await Promise.all([
      call(sim, 'POST', '/v1/snapshots', ALL_IKN, token),
      call(sim, 'GET', `/v1/snapshots/${snapshotId}/families`, undefined, token),
      call(sim, 'GET', `/v1/snapshots/${snapshotId}/individuals`, undefined, token),
      call(sim, 'GET', `/_sim/snapshots/${snapshotId}/manifest`, undefined, token),
      call(sim, 'PUT', '/_sim/faults', { error500Rate: 1 }, token),
    ]);
    expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 401, 401]);
    expect(answers[0]?.headers.get('www-authenticate')).toBe('Bearer');
    expect((await call(sim, 'GET', `/v1/snapshots/${snapshotId}/families?pageSize=1`)).status).toBe(200);
  });
});

describe('fault injection', () => {
  let sim: RunningP3keSimulator;
  let clock = Date.UTC(2025, 6, 1);
  let snapshotId: string;
  const page = (query = 'pageSize=5') => call(sim, 'GET', `/v1/snapshots/${snapshotId}/families?${query}`);

  beforeAll(async () => {
    sim = await startSim({ families: 300, nowMs: () => clock });
    snapshotId = await createSnapshot(sim);
  });
  afterEach(() => sim.setFaults({}));
  afterAll(() => sim.close());

  it.each([
    [{ error500Rate: 1 }, 500, 'INTERNAL_ERROR'],
    [{ error503Rate: 1 }, 503, 'SERVICE_UNAVAILABLE'],
    [{ rateLimitRate: 1, retryAfterSeconds: 7 }, 429, 'RATE_LIMITED'],
  ])('when faults are set to %j over HTTP, then pages answer %i', async (faults, status, code) => {
    expect((await call(sim, 'PUT', '/_sim/faults', faults)).status).toBe(200);
    const answer = await page();
    expect(answer.status).toBe(status);
    expect(answer.json.code).toBe(code);
    if (status === 429) expect(answer.headers.get('retry-after')).toBe('7');
    // The simulator's own controls are never faulted, so a test can always turn faults off again.
    expect((await call(sim, 'GET', `/_sim/snapshots/${snapshotId}/manifest`)).status).toBe(200);
  });

  it('when connection resets are on, then the socket closes without an answer', async () => {
    sim.setFaults({ connectionResetRate: 1 });
    await expect(page()).rejects.toThrow(/fetch failed/);
  });

  it('when latency and jitter are set, then answers take at least the latency', async () => {
    sim.setFaults({ latencyMs: 150, jitterMs: 50 });
    const started = Date.now();
    expect((await page()).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(145);
  });

  it('when a cursor is older than its TTL, then the answer is 410 CURSOR_EXPIRED and startAt still works', async () => {
    sim.setFaults({ cursorTtlMs: 60_000 });
    const first = await page();
    const cursor = encodeURIComponent(first.json.nextCursor as string);
    clock += 30_000;
    expect((await page(`pageSize=5&cursor=${cursor}`)).status).toBe(200);
    clock += 31_000;
    const expired = await page(`pageSize=5&cursor=${cursor}`);
    expect(expired.status).toBe(410);
    expect(expired.json.code).toBe('CURSOR_EXPIRED');
    expect((await page('pageSize=5&startAt=5')).json.startAt).toBe(5);
  });

  it('when cursors are set to expire at random with rate 1, then every cursor gets 410 and first pages still work', async () => {
    sim.setFaults({ cursorExpiredRate: 1 });
    const first = await page();
    expect(first.status).toBe(200);
    expect((await page(`cursor=${encodeURIComponent(first.json.nextCursor as string)}`)).status).toBe(410);
  });

  it('when a fault rate is partial, then some requests fail and the others succeed', async () => {
    sim.setFaults({ error503Rate: 0.5 });
    const statuses = await Promise.all(Array.from({ length: 40 }, () => page('pageSize=1').then((a) => a.status)));
    expect(statuses.filter((s) => s === 503).length).toBeGreaterThan(5);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(5);
  });

  it('when fault settings are invalid or misspelt, then PUT answers 400 and the old settings stay', async () => {
    sim.setFaults({ latencyMs: 1 });
    expect((await call(sim, 'PUT', '/_sim/faults', { error500Rate: 2 })).status).toBe(400);
    expect((await call(sim, 'PUT', '/_sim/faults', { eror500Rate: 1 })).status).toBe(400);
    expect((await call(sim, 'GET', '/_sim/faults')).json.latencyMs).toBe(1);
  });
});
