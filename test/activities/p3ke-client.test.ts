import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createP3keClient, type P3keClient } from '../../activities/p3ke/p3ke-client';
import {
  P3keCursorExpiredError,
  P3kePermanentError,
  P3keRateLimitedError,
  P3keTransientError,
  parseRetryAfter,
} from '../../activities/p3ke/p3ke-errors';
import { startP3keSimulator, type RunningP3keSimulator } from '../../sim/p3ke-api/server';

const TOKEN = 'client-test-token';
const SPEC = { regionCodes: ['640904', '640202'], desilMin: 1, desilMax: 4 };

describe('P3KE client against the simulator', () => {
  let sim: RunningP3keSimulator;
  let client: P3keClient;
  let snapshotId: string;

  beforeAll(async () => {
    sim = await startP3keSimulator({ token: TOKEN, families: 500, seed: 3 });
    client = createP3keClient({ baseUrl: `${sim.url}/`, token: TOKEN, timeoutMs: 2000 });
    snapshotId = (await client.createSnapshot(SPEC)).snapshotId;
  });
  afterEach(() => sim.setFaults({}));
  afterAll(() => sim.close());

  const firstPage = () => client.fetchPage({ snapshotId, kind: 'families', pageSize: 10 });

  it('when a snapshot is created and paged, then the envelopes are typed and the pages join up', async () => {
    const created = await client.createSnapshot(SPEC);
    expect(created).toEqual({ snapshotId, families: expect.any(Number), individuals: expect.any(Number), createdAt: expect.any(String) });
    const first = await client.fetchPage({ snapshotId, kind: 'individuals', pageSize: 10 });
    const second = await client.fetchPage({ snapshotId, kind: 'individuals', pageSize: 10, cursor: first.nextCursor as string });
    const byPosition = await client.fetchPage({ snapshotId, kind: 'individuals', pageSize: 20, startAt: 0 });
    expect([...first.items, ...second.items]).toEqual(byPosition.items);
    expect(second.startAt).toBe(10);
    expect(first.total).toBe(created.individuals);
  });

  it('when the token is wrong, then a permanent error with status 401 is thrown and the token is not in it', async () => {
    const wrong = createP3keClient({ baseUrl: sim.url, token: 'wrong-token', timeoutMs: 2000 });
    const error = await wrong.createSnapshot(SPEC).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(P3kePermanentError);
    expect(error).toMatchObject({ status: 401, code: 'UNAUTHORIZED', name: 'P3kePermanentError' });
    expect(String((error as Error).message)).not.toContain('wrong-token');
  });

  it('when the snapshot is unknown, then a permanent error with status 404 is thrown', async () => {
    await expect(client.fetchPage({ snapshotId: 'snp_unknown', kind: 'families', pageSize: 10 })).rejects.toMatchObject({
      constructor: P3kePermanentError,
      status: 404,
      code: 'SNAPSHOT_NOT_FOUND',
    });
  });

  it('when the parameters are refused, then a permanent error with status 400 and the reason is thrown', async () => {
    const error = await client.fetchPage({ snapshotId, kind: 'families', pageSize: 9999 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(P3kePermanentError);
    expect(error).toMatchObject({ status: 400 });
    expect((error as Error).message).toMatch(/pageSize/);
  });

  it('when the service rate-limits, then a rate-limited error carries Retry-After in milliseconds', async () => {
    sim.setFaults({ rateLimitRate: 1, retryAfterSeconds: 3 });
    await expect(firstPage()).rejects.toMatchObject({ constructor: P3keRateLimitedError, status: 429, retryAfterMs: 3000 });
  });

  it.each([
    [{ error500Rate: 1 }, 500],
    [{ error503Rate: 1 }, 503],
  ])('when the service answers %j, then a transient error with the status is thrown', async (faults, status) => {
    sim.setFaults(faults);
    await expect(firstPage()).rejects.toMatchObject({ constructor: P3keTransientError, reason: 'server_error', status });
  });

  it('when the connection is reset, then a transient connection error is thrown', async () => {
    sim.setFaults({ connectionResetRate: 1 });
    await expect(client.createSnapshot(SPEC)).rejects.toMatchObject({ constructor: P3keTransientError, reason: 'connection', status: null });
  });

  it('when the service is slower than the timeout, then a transient timeout error is thrown', async () => {
    sim.setFaults({ latencyMs: 400 });
    const impatient = createP3keClient({ baseUrl: sim.url, token: TOKEN, timeoutMs: 100 });
    await expect(impatient.fetchPage({ snapshotId, kind: 'families', pageSize: 10 })).rejects.toMatchObject({
      constructor: P3keTransientError,
      reason: 'timeout',
    });
  });

  it('when the cursor has expired, then a cursor-expired error is thrown and startAt resumes', async () => {
    const first = await firstPage();
    sim.setFaults({ cursorExpiredRate: 1 });
    await expect(client.fetchPage({ snapshotId, kind: 'families', pageSize: 10, cursor: first.nextCursor as string })).rejects.toBeInstanceOf(
      P3keCursorExpiredError,
    );
    expect((await client.fetchPage({ snapshotId, kind: 'families', pageSize: 10, startAt: 10 })).startAt).toBe(10);
  });

  it('when the caller cancels, then the caller’s reason is thrown rather than a P3KE error', async () => {
    sim.setFaults({ latencyMs: 300 });
    const controller = new AbortController();
    const pending = client.fetchPage({ snapshotId, kind: 'families', pageSize: 10, signal: controller.signal });
    controller.abort(new Error('activity cancelled'));
    await expect(pending).rejects.toThrow('activity cancelled');
  });
});

describe('P3KE client against other servers', () => {
  it('when nothing listens at the address, then a transient connection error is thrown', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const client = createP3keClient({ baseUrl: `http://127.0.0.1:${port}`, token: TOKEN, timeoutMs: 1000 });
    await expect(client.createSnapshot(SPEC)).rejects.toMatchObject({ constructor: P3keTransientError, reason: 'connection' });
  });

  it('when a 200 answer has the wrong shape, then a permanent error names the field but not the data', async () => {
    const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"items":"3201010101900001"}'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const client = createP3keClient({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, token: TOKEN, timeoutMs: 1000 });
      const error = await client.fetchPage({ snapshotId: 's', kind: 'families', pageSize: 1 }).catch((e: unknown) => e);
      expect(error).toMatchObject({ constructor: P3kePermanentError, code: 'INVALID_ENVELOPE' });
      expect((error as Error).message).toContain('items');
      expect((error as Error).message).not.toContain('3201010101900001');
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('Retry-After parsing', () => {
  const now = Date.UTC(2025, 6, 1, 12, 0, 0);
  it.each([
    ['120', 120_000],
    ['0', 0],
    ['1.5', 1500],
    ['Tue, 01 Jul 2025 12:00:30 GMT', 30_000],
    ['Tue, 01 Jul 2025 11:00:00 GMT', 0],
    ['soon', undefined],
    [null, undefined],
  ])('when Retry-After is %p, then the wait is %p ms', (header, expected) => {
    expect(parseRetryAfter(header, now)).toBe(expected);
  });
});
