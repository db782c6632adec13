/**
 * A PostgreSQL server of one test's own, from the machine's binaries (/usr/lib/postgresql/<version>/bin), in a
 * directory of the test run on a free port, so a test can stop and restart it without touching the server every
 * other test uses. PostgreSQL refuses to run as root: as root, it runs as the OS user `postgres` (the packaged
 * server's user), as scripts/lib/database.ts startEmbeddedPostgres does with the embedded one.
 *
 * (startEmbeddedPostgres itself cannot be used inside a Jest test file: the package is ESM-only, and Jest's
 * CommonJS runtime cannot import() it.)
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const PG_ROOT = '/usr/lib/postgresql';

export interface PrivatePostgres {
  databaseUrl: string;
  /** `pg_ctl stop -m fast`: connections are cut, running transactions roll back. */
  stop(): void;
  start(): void;
}

function binDir(): string {
  const versions = existsSync(PG_ROOT) ? readdirSync(PG_ROOT).filter((v) => existsSync(join(PG_ROOT, v, 'bin', 'pg_ctl'))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) throw new Error(`no PostgreSQL server binaries under ${PG_ROOT} (install the postgresql package)`);
  return join(PG_ROOT, newest, 'bin');
}

/** uid and gid of the OS user `postgres` when this process is root; undefined otherwise. */
function runAs(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string): number => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

export function startPrivatePostgres(dir: string, port: number): PrivatePostgres {
  const bin = binDir();
  const user = runAs();
  const data = join(dir, 'data');
  mkdirSync(dir, { recursive: true });
  if (user) chownSync(dir, user.uid, user.gid);
  const run = (tool: string, args: string[]): void => {
    execFileSync(join(bin, tool), args, { cwd: dir, stdio: 'pipe', timeout: 60_000, ...(user ?? {}) });
  };
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  const start = (): void =>
    run('pg_ctl', ['-D', data, '-l', join(dir, 'postgres.log'), '-w', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, 'start']);
  start();
  return {
    databaseUrl: `postgresql://postgres@127.0.0.1:${port}/verivali`,
    stop: () => run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']),
    start,
  };
}
