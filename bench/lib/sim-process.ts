/**
 * The P3KE simulator in a process of its own (sim/p3ke-api/main.ts, as `npm run sim` starts it). The real P3KE
 * service is another machine: generating and serialising its records is not the ingest's cost, and in the
 * bench's process it would take the event loop the ingest runs on (on 2 cores it was 400 µs of every family).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { freePort, isListening, waitFor } from '../../scripts/lib/ports';
import { stopProcess } from '../../scripts/lib/dev-server';

const PreparedSchema = z.object({ pages: z.number().int(), bytes: z.number().int() });

const ENTRY = resolve(__dirname, '..', '..', 'sim', 'p3ke-api', 'main.ts');

export interface SimulatorProcess {
  url: string;
  pid: number;
  /**
   * Has the simulator serialise every page of the snapshot at this page size now (POST
   * /_sim/snapshots/:id/prepare), so that during a timed ingest it only writes prepared bytes: the real service's
   * cost of building its pages is another machine's, not something to share the bench's two cores with.
   */
  preparePages(snapshotId: string, pageSize: number): Promise<{ pages: number; bytes: number }>;
  stop(): Promise<void>;
}

export async function startSimulatorProcess(o: { families: number; token: string; logDir: string }): Promise<SimulatorProcess> {
  const port = await freePort();
  const log = openSync(join(o.logDir, `p3ke-sim-${o.families}.log`), 'a');
  const child: ChildProcess = fork(ENTRY, [], {
    execArgv: ['-r', 'ts-node/register/transpile-only'],
    env: { ...process.env, P3KE_SIM_PORT: String(port), P3KE_SIM_HOST: '127.0.0.1', P3KE_API_TOKEN: o.token, P3KE_SIM_FAMILIES: String(o.families) },
    stdio: ['ignore', log, log, 'ipc'],
  });
  closeSync(log);
  let exited = false;
  child.once('exit', () => (exited = true));
  const ready = await waitFor(async () => !exited && (await isListening(port)), 180_000, 250);
  if (!ready) {
    child.kill('SIGKILL');
    throw new Error(`the P3KE simulator (${o.families} families) did not start; see ${o.logDir}`);
  }
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    pid: child.pid ?? -1,
    async preparePages(snapshotId, pageSize) {
      const response = await fetch(`${url}/_sim/snapshots/${encodeURIComponent(snapshotId)}/prepare`, {
        method: 'POST',
        headers: { authorization: `Bearer ${o.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ pageSize }),
      });
      if (!response.ok) throw new Error(`the P3KE simulator did not prepare snapshot ${snapshotId}: ${response.status}`);
      return PreparedSchema.parse(await response.json());
    },
    stop: () => stopProcess(child.pid ?? -1),
  };
}
