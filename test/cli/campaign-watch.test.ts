/**
 * `campaign status --watch` polls until the campaign stops running. A real running campaign takes a worker and
 * minutes, so this one asks a small local server that answers as GET /campaigns/:id does: running, then completed.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runCli } from './cli-support';

const detail = (phase: string, status: string, counts: Record<string, number>) => ({
  campaign: null,
  progress: { campaignId: 'c-watch-1', phase, status, counts, snapshotId: null, detail: '' },
});

let server: Server;
let base: string;
let polls = 0;

beforeAll(async () => {
  const answers = [detail('ingest', 'running', { fetched: 10 }), detail('field', 'running', { assigned: 10, verified: 4 }), detail('completed', 'completed', { assigned: 10, verified: 10 })];
  server = createServer((req, res) => {
    const body = req.headers.authorization === 'Bearer t' && req.url === '/campaigns/c-watch-1' ? answers[Math.min(polls++, answers.length - 1)] : { error: { code: 'not_found', message: 'no such campaign' } };
    res.writeHead('progress' in (body ?? {}) ? 200 : 404, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

it('when a campaign is watched, then each change is one progress line until it is no longer running', async () => {
  const r = await runCli(['--api-url', base, 'campaign', 'status', 'c-watch-1', '--watch'], { VERIVALI_TOKEN: 't' });
  expect(r).toMatchObject({ code: 0, stderr: '' });
  const lines = r.stdout.trim().split('\n');
  expect(polls).toBe(3);
  expect(lines).toHaveLength(3);
  expect(lines[0]).toMatch(/^c-watch-1 running ingest +\[#*\.+\] \d+% fetched=10$/);
  expect(lines[1]).toContain('verified=4');
  expect(lines[2]).toMatch(/completed .*\[#{20}\] 100% assigned=10 verified=10$/);
});
