/**
 * The API on the real stack: buildApi over the test harness (dev server, test database), listening on 127.0.0.1
 * (real HTTP: parsing, limits and CORS as a client meets them), users made with the same function as
 * scripts/create-user.ts, and a small `call` wrapper over fetch.
 *
 * Why not `app.inject`: light-my-request 6.8 requires cookie 2.x, an ES module that Jest's CommonJS runtime cannot
 * load on Node 20 (plain Node loads it), so inject fails inside Jest.
 */
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { MikroORM } from '@mikro-orm/postgresql';
import { loadEnv } from '../../config/env';
import { buildApi, type BuildApiOptions } from '../../client/api/build-api';
import { createApiUser, type NewApiUser } from '../../client/api/auth/users';
import { openHarness, type Harness } from '../support/harness';
import { TEST_RUN_DIR } from '../support/stack-file';

export interface RunningApi {
  app: FastifyInstance;
  /** http://127.0.0.1:<port> */
  base: string;
}

export interface ApiHarness extends RunningApi {
  h: Harness;
  /** Where the harness's workers write feedback files and reports (the API reads them there). */
  dataDir: string;
  build(overrides?: Partial<BuildApiOptions>): Promise<RunningApi>;
  close(): Promise<void>;
}

export async function openApiHarness(): Promise<ApiHarness> {
  const h = await openHarness();
  const dataDir = join(TEST_RUN_DIR, 'data', h.taskQueue);
  const extra: FastifyInstance[] = [];
  const build = async (overrides: Partial<BuildApiOptions> = {}): Promise<RunningApi> => {
    const app = await buildApi({ orm: h.orm, client: h.client, env: loadEnv(), taskQueue: h.taskQueue, dataDir, ...overrides });
    extra.push(app);
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    return { app, base };
  };
  const { app, base } = await build();
  return {
    h,
    app,
    base,
    dataDir,
    build,
    async close() {
      for (const a of extra) await a.close();
      await h.close();
    },
  };
}

export interface CallOptions {
  token?: string;
  body?: unknown;
  /** A raw body (malformed JSON, an oversized string); sent with Content-Type application/json unless headers say otherwise. */
  payload?: string;
  headers?: Record<string, string>;
}

export interface CallResult<T = Record<string, unknown>> {
  status: number;
  body: T;
  text: string;
  headers: Record<string, string>;
}

export async function call<T = Record<string, unknown>>(api: RunningApi, method: 'GET' | 'POST' | 'DELETE' | 'OPTIONS', path: string, o: CallOptions = {}): Promise<CallResult<T>> {
  const headers: Record<string, string> = { ...(o.token ? { authorization: `Bearer ${o.token}` } : {}), ...o.headers };
  const hasBody = o.body !== undefined || o.payload !== undefined;
  if (hasBody && !Object.keys(headers).some((k) => k.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
  const res = await fetch(`${api.base}${path}`, { method, headers, ...(hasBody ? { body: o.payload ?? JSON.stringify(o.body) } : {}) });
  const text = await res.text();
  let body: unknown = undefined;
  try {
    body = text.length > 0 ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  return { status: res.status, body: body as T, text, headers: Object.fromEntries(res.headers.entries()) };
}

/** Users by key; each token is what scripts/create-user.ts prints. */
export async function seedUsers<K extends string>(orm: MikroORM, users: Record<K, NewApiUser>): Promise<Record<K, string>> {
  const tokens = {} as Record<K, string>;
  for (const key of Object.keys(users) as K[]) tokens[key] = (await createApiUser(orm, users[key], 'test-admin')).token;
  return tokens;
}

export async function countRows(orm: MikroORM, tables: readonly string[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of tables) {
    // Table names come from the test's own constant list, never from input.
    const [row] = await orm.em.fork().getConnection().execute<{ n: string }[]>(`select count(*) as n from ${table}`);
    counts[table] = Number(row?.n ?? 0);
  }
  return counts;
}

export const errorCode = (r: CallResult<unknown>): unknown => (r.body as { error?: { code?: unknown } } | undefined)?.error?.code;

/** Tables a refused request must leave as they were (bad-input and privacy tests). */
export const SIDE_EFFECT_SNAPSHOT_TABLES = [
  'campaign', 'p3ke_family', 'p3ke_individual', 'quarantined_record', 'work_package', 'package_family', 'field_result', 'mismatch',
  'escalation_case', 'intervention_plan', 'intervention_item', 'audit_log', 'api_user', 'officer',
] as const;

/**
 * Row count and an md5 over every row (as text, in a stable order) per table: two equal snapshots mean not one
 * row was added, removed or changed. Whole tables, not one campaign's rows, so a side effect anywhere shows.
 */
export async function snapshotTables(orm: MikroORM, tables: readonly string[] = SIDE_EFFECT_SNAPSHOT_TABLES): Promise<Record<string, string>> {
  const snapshot: Record<string, string> = {};
  for (const table of tables) {
    // Table names come from the caller's constant list, never from input.
    const [row] = await orm.em.fork().getConnection().execute<{ n: string; sum: string | null }[]>(
      `select count(*) as n, md5(coalesce(string_agg(t::text, E'\\n' order by t::text), '')) as sum from ${table} t`,
    );
    snapshot[table] = `${row?.n ?? 0} rows, md5 ${row?.sum ?? ''}`;
  }
  return snapshot;
}
