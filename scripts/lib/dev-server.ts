/**
 * Starts `temporal server start-dev` with the project's search attributes. Used by the demo and `verivali dev up`
 * (persistent, detached, Web UI on) and by the test suite (in memory, headless, ephemeral ports).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { Connection, type ConnectionOptions } from '@temporalio/client';
import { ALL_SEARCH_ATTRIBUTES } from '../../domain/contracts/search-attributes';
import { isListening, waitFor } from './ports';
import { SetupError } from './setup-error';

export interface DevServerOptions {
  binary: string;
  port: number;
  /** null runs headless (no Web UI). */
  uiPort: number | null;
  namespace: string;
  /** SQLite file for persistence across restarts; omitted = in memory. */
  dbFile?: string;
  logFile: string;
  /** Web UI codec endpoint (the API's /codec), so admins see decoded payloads. */
  uiCodecEndpoint?: string;
  /** Keep running after this process exits (the demo leaves the stack up). */
  detached: boolean;
}

export interface RunningDevServer {
  address: string;
  uiUrl: string | null;
  pid: number;
  stop(): Promise<void>;
}

export function devServerArgs(o: DevServerOptions): string[] {
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(o.port), '--namespace', o.namespace];
  args.push('--log-level', 'warn');
  if (o.uiPort === null) args.push('--headless');
  else args.push('--ui-port', String(o.uiPort));
  if (o.dbFile) args.push('--db-filename', o.dbFile);
  if (o.uiCodecEndpoint) args.push('--ui-codec-endpoint', o.uiCodecEndpoint);
  for (const key of ALL_SEARCH_ATTRIBUTES) args.push('--search-attribute', `${key.name}=Keyword`);
  return args;
}

export async function startDevServer(o: DevServerOptions): Promise<RunningDevServer> {
  for (const port of [o.port, o.uiPort]) {
    if (port !== null && (await isListening(port))) {
      throw new SetupError(
        `Port ${port} is already taken, so the Temporal dev server cannot start.`,
        'Stop whatever listens there (ss -ltnp | grep ' + port + '), or set TEMPORAL_DEV_PORT / TEMPORAL_DEV_UI_PORT, or point TEMPORAL_ADDRESS at the running server.',
      );
    }
  }
  if (o.dbFile) mkdirSync(dirname(o.dbFile), { recursive: true });
  mkdirSync(dirname(o.logFile), { recursive: true });
  const out = openSync(o.logFile, 'a');
  const child = spawn(o.binary, devServerArgs(o), { stdio: ['ignore', out, out], detached: o.detached });
  let exited: number | null = null;
  child.once('exit', (code) => (exited = code ?? -1));
  if (o.detached) child.unref();

  const address = `127.0.0.1:${o.port}`;
  const ready = await waitFor(async () => exited === null && (await serverAnswers({ address })), 60_000, 250);
  if (!ready) {
    child.kill('SIGKILL');
    throw new SetupError(
      exited === null ? 'The Temporal dev server did not become ready within 60 s.' : `The Temporal dev server exited with code ${exited}.`,
      `Read its log: ${o.logFile}`,
    );
  }
  return {
    address,
    uiUrl: o.uiPort === null ? null : `http://127.0.0.1:${o.uiPort}`,
    pid: child.pid ?? -1,
    stop: () => stopProcess(child.pid ?? -1),
  };
}

/**
 * Starts a dev server on a port that `pickPort` finds free, trying again with another port when the server exits
 * at start-up: a free port can be taken between the pick and the server's bind (the ephemeral range is shared
 * with every outgoing connection on the machine; seen once in CI as "bind: address already in use").
 */
export async function startDevServerOnFreePort(o: Omit<DevServerOptions, 'port'>, pickPort: () => Promise<number>, attempts = 3): Promise<RunningDevServer> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startDevServer({ ...o, port: await pickPort() });
    } catch (err) {
      const exitedAtStart = err instanceof SetupError && /exited with code/.test(err.message);
      if (!exitedAtStart || attempt >= attempts) throw err;
    }
  }
}

/** True when a Temporal frontend answers at these connection options (address, and TLS for a cluster). */
export async function serverAnswers(options: ConnectionOptions, connectTimeout = 1_000): Promise<boolean> {
  try {
    const connection = await Connection.connect({ ...options, connectTimeout });
    try {
      await connection.workflowService.getSystemInfo({});
      return true;
    } finally {
      await connection.close();
    }
  } catch {
    return false;
  }
}

export async function stopProcess(pid: number, timeoutMs = 10_000): Promise<void> {
  if (pid <= 0) return;
  const alive = (): boolean => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  if (!alive()) return;
  process.kill(pid, 'SIGTERM');
  if (!(await waitFor(async () => !alive(), timeoutMs, 100))) process.kill(pid, 'SIGKILL');
}
