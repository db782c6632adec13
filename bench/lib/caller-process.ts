/**
 * The simulated callers of the round-trip benchmark in a process of their own (bench/lib/caller-entry.ts): the 50
 * officers sending field results over HTTP, and the 50 clients sending no-op Updates. They are not part of the
 * service; on the service's event loop their own work (building requests, reading answers) would queue in front
 * of the API's. Both sides get the same arrangement, and their latencies are taken in the callers' process.
 */
import { fork } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';

/** Officers: each sends its bodies one after another to its URL, all officers at once. */
export interface HttpRoundTask {
  kind: 'http';
  officers: { url: string; token: string; bodies: string[] }[];
}
/**
 * Officers open their package (GET, not measured) before their first visit, as the field app does: the API's
 * connections to PostgreSQL and the officers' keep-alive connections to the API are open when results start, as
 * the no-op side's Temporal connection is after its warm round.
 */
export interface HttpOpenTask {
  kind: 'http-open';
  officers: { url: string; token: string }[];
}
/** Clients: one per workflow, each sending `perClient` Updates by name one after another, all at once. */
export interface UpdateRoundTask {
  kind: 'update';
  temporalAddress: string;
  namespace: string;
  workflowIds: string[];
  updateName: string;
  perClient: number;
}
export type CallerTask = HttpRoundTask | HttpOpenTask | UpdateRoundTask;

export interface CallerRound {
  /** Milliseconds of every answered call (HTTP 200 / completed Update). */
  latencies: number[];
  /** HTTP answers other than 200. */
  refused: number;
}

export interface CallerProcess {
  pid: number;
  run(task: CallerTask): Promise<CallerRound>;
  stop(): Promise<void>;
}

export const CALLER_READY = 'verivali-bench-callers-ready';

export async function startCallerProcess(logFile: string): Promise<CallerProcess> {
  const log = openSync(logFile, 'a');
  const child = fork(join(__dirname, 'caller-entry.ts'), [], {
    cwd: join(__dirname, '..', '..'),
    execArgv: ['-r', 'ts-node/register/transpile-only'],
    stdio: ['ignore', log, log, 'ipc'],
  });
  closeSync(log);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`bench callers not ready within 60 s; see ${logFile}`)), 60_000);
    child.on('message', (m) => {
      if (m !== CALLER_READY) return;
      clearTimeout(timer);
      resolve();
    });
    void exited.then(() => reject(new Error(`bench callers exited before they were ready; see ${logFile}`)));
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error('the bench callers process did not start');
  let busy = false;
  return {
    pid,
    async run(task) {
      if (busy) throw new Error('one round at a time');
      busy = true;
      try {
        return await new Promise<CallerRound>((resolve, reject) => {
          const onMessage = (m: unknown): void => {
            if (typeof m !== 'object' || m === null) return;
            child.off('message', onMessage);
            const answer = m as { round?: CallerRound; error?: string };
            if (answer.round) resolve(answer.round);
            else reject(new Error(`bench callers: ${answer.error ?? 'no answer'}`));
          };
          child.on('message', onMessage);
          void exited.then(() => reject(new Error(`bench callers exited during a round; see ${logFile}`)));
          child.send(task);
        });
      } finally {
        busy = false;
      }
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}
