/**
 * `npm start` (scripts/start.ts) in a child process against the test stack, as an orchestrator runs it: the
 * worker and the API come up against the configured services, /ready answers, both metrics endpoints serve,
 * SIGTERM stops it with exit 0. With migrations pending, or its worker metrics port taken, it refuses to start,
 * says what to do, and exits 1.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { dropDatabase, ensureDatabase, adminUrlFor } from '../../scripts/lib/database';
import { freePort, waitFor } from '../../scripts/lib/ports';
import { readTestStack, TEST_RUN_DIR, type TestStack } from '../support/stack-file';

const REPO_ROOT = join(__dirname, '..', '..');
const BLOCK_OUTBOUND_NETWORK = join(__dirname, '..', 'support', 'block-outbound-network.ts');

interface Started {
  child: ChildProcess;
  output: () => string;
  exit: Promise<number | null>;
}

function startEntry(env: NodeJS.ProcessEnv): Started {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', BLOCK_OUTBOUND_NETWORK, 'scripts/start.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exit };
}

let stack: TestStack;
const running: Started[] = [];

beforeAll(() => {
  stack = readTestStack();
});
afterAll(async () => {
  for (const r of running) if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGKILL');
});

async function baseEnv(databaseUrl: string): Promise<NodeJS.ProcessEnv & { API_PORT: string; WORKER_METRICS_ADDRESS: string }> {
  return {
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: stack.temporalAddress,
    TEMPORAL_NAMESPACE: stack.namespace,
    TEMPORAL_TASK_QUEUE: `start-${randomUUID()}`,
    API_HOST: '127.0.0.1',
    API_PORT: String(await freePort()),
    WORKER_METRICS_ADDRESS: `127.0.0.1:${await freePort()}`,
    // Nothing answers there: `npm start` starts no simulator, and no campaign runs in this test.
    P3KE_API_URL: `http://127.0.0.1:${await freePort()}`,
    VERIVALI_DATA_DIR: join(TEST_RUN_DIR, 'start-data'),
    LOG_LEVEL: 'warn',
  };
}

describe('npm start', () => {
  it('when started against the configured services, then /ready and both metrics endpoints answer, and SIGTERM exits 0', async () => {
    const env = await baseEnv(stack.databaseUrl);
    const api = `http://127.0.0.1:${env.API_PORT}`;
    const started = startEntry(env);
    running.push(started);

    const ready = await waitFor(async () => (await fetch(`${api}/ready`).catch(() => null))?.status === 200, 90_000, 500);
    expect([ready, ready ? '' : started.output()]).toEqual([true, '']);
    expect(started.output()).toContain(`worker metrics http://${env.WORKER_METRICS_ADDRESS}/metrics`);

    const apiMetrics = await (await fetch(`${api}/metrics`)).text();
    expect(apiMetrics).toContain('verivali_api_requests_total');
    expect(apiMetrics).toContain('verivali_api_process_cpu_seconds_total');
    const workerMetrics = await fetch(`http://${env.WORKER_METRICS_ADDRESS}/metrics`);
    expect(workerMetrics.status).toBe(200);
    expect(await workerMetrics.text()).toMatch(new RegExp(`^temporal_\\w+\\{[^}]*task_queue="${env.TEMPORAL_TASK_QUEUE}"`, 'm'));

    // A second instance on the same worker metrics port refuses to start instead of running without metrics.
    const second = startEntry({ ...env, API_PORT: String(await freePort()) });
    running.push(second);
    expect(await second.exit).toBe(1);
    expect(second.output()).toContain(`WORKER_METRICS_ADDRESS=${env.WORKER_METRICS_ADDRESS} is taken`);

    started.child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([started.exit, new Promise<string>((r) => (timer = setTimeout(() => r('still running after 30 s'), 30_000)))]);
    clearTimeout(timer);
    expect([code, code === 0 ? '' : started.output()]).toEqual([0, '']);
    expect(await fetch(`${api}/ready`).then(() => 'answering', () => 'closed')).toBe('closed');
  });

  it('when the database has pending migrations, then it refuses to start, names them and says to run db:migrate', async () => {
    const url = new URL(stack.databaseUrl);
    url.pathname = `/verivali_start_${process.pid}`;
    await ensureDatabase(url.toString());
    try {
      const started = startEntry(await baseEnv(url.toString()));
      running.push(started);
      expect(await started.exit).toBe(1);
      expect(started.output()).toMatch(/pending migration\(s\): Migration\d+/);
      expect(started.output()).toContain('npm run db:migrate');
    } finally {
      await dropDatabase(adminUrlFor(url.toString()), url.pathname.slice(1));
    }
  });
});
