/**
 * Bad set-up gets a clear message (what is wrong, what to do) instead of a stack trace: PostgreSQL unreachable,
 * a migration that fails (and leaves nothing behind), a port already taken, Go missing, the Go build failing.
 */
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { adminUrlFor, checkServer, dropDatabase, ensureDatabase, migrate } from '../../scripts/lib/database';
import { startDevServer } from '../../scripts/lib/dev-server';
import { freePort } from '../../scripts/lib/ports';
import { SetupError } from '../../scripts/lib/setup-error';
import { ensureTemporalCli } from '../../scripts/lib/temporal-cli';
import { readTestStack } from '../support/stack-file';

async function setupError(run: () => unknown): Promise<SetupError> {
  try {
    await run();
  } catch (err) {
    expect(err).toBeInstanceOf(SetupError);
    return err as SetupError;
  }
  throw new Error('expected a SetupError');
}

function withEnv<T>(vars: Record<string, string | undefined>, run: () => T): T {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  for (const [k, v] of Object.entries(vars)) if (v === undefined) delete process.env[k];
  try {
    return run();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

describe('set-up errors', () => {
  it('when PostgreSQL does not answer, then the message names the address and how to start it', async () => {
    const port = await freePort();
    const err = await setupError(() => checkServer(`postgresql://postgres@127.0.0.1:${port}/verivali`));
    expect(err.message).toContain(`127.0.0.1:${port}`);
    expect(err.message).toContain('not reachable');
    expect(err.hint).toMatch(/DATABASE_URL/);
  });

  it('when a migration fails, then the message says so and nothing of it is kept', async () => {
    const url = new URL(readTestStack().databaseUrl);
    url.pathname = `/verivali_badmig_${process.pid}`;
    await ensureDatabase(url.toString());
    const db = new Client({ connectionString: url.toString() });
    await db.connect();
    try {
      await db.query('create table campaign (id int)'); // collides with the first migration's table
      const err = await setupError(() => migrate(url.toString()));
      expect(err.message).toMatch(/migration failed/);
      const left = await db.query(`select count(*)::int as n from information_schema.tables where table_name in ('p3ke_family', 'ref_kecamatan')`);
      expect(left.rows[0].n).toBe(0);
    } finally {
      await db.end();
      await dropDatabase(adminUrlFor(url.toString()), url.pathname.slice(1));
    }
  });

  it('when the dev server port is taken, then it says which port and what to do', async () => {
    const blocker: Server = createServer();
    const port = await freePort();
    await new Promise<void>((r) => blocker.listen(port, '127.0.0.1', r));
    try {
      const err = await setupError(() =>
        startDevServer({ binary: '/bin/false', port, uiPort: null, namespace: 'default', logFile: join(tmpdir(), 'unused.log'), detached: false }),
      );
      expect(err.message).toContain(`Port ${port} is already taken`);
      expect(err.hint).toMatch(/TEMPORAL_DEV_PORT|TEMPORAL_ADDRESS/);
    } finally {
      blocker.close();
    }
  });

  it('when Go is missing and no temporal binary exists, then it says to install Go or point at a cluster', async () => {
    const home = mkdtempSync(join(tmpdir(), 'nogo-'));
    const err = await setupError(() => withEnv({ PATH: join(home, 'bin'), HOME: home, GOBIN: undefined, TEMPORAL_CLI_PATH: undefined }, () => ensureTemporalCli(() => undefined)));
    expect(err.message).toMatch(/Go is missing/);
    expect(err.hint).toMatch(/TEMPORAL_ADDRESS/);
  });

  it('when the Go build fails, then every version tried is named with its error', async () => {
    const home = mkdtempSync(join(tmpdir(), 'gofail-'));
    const err = await setupError(() =>
      withEnv(
        { PATH: `/usr/local/go/bin:/usr/bin:/bin`, HOME: home, GOBIN: join(home, 'bin'), GOPATH: join(home, 'go'), GOMODCACHE: join(home, 'modcache'), GOPROXY: 'off', GOFLAGS: '-mod=mod', TEMPORAL_CLI_PATH: undefined },
        () => ensureTemporalCli(() => undefined),
      ),
    );
    expect(err.message).toMatch(/Building the Temporal CLI failed/);
    expect(err.message).toContain('v1.5.1');
    expect(err.hint).toMatch(/proxy/);
  });
});
