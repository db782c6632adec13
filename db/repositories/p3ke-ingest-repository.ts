/**
 * Bulk writes of the P3KE ingest. A page is written in one statement per table: the rows travel as one JSON
 * parameter and json_populate_recordset maps keys to columns by name (the wire records use the P3KE column
 * names), which is close to COPY speed without per-row round trips or ORM flushes.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import type { Client as PgClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

export type ListingKind = 'families' | 'individuals';

const TABLES: Record<ListingKind, { table: string; idColumn: string; quarantineKind: string }> = {
  families: { table: 'p3ke_family', idColumn: 'id_keluarga_p3ke', quarantineKind: 'family' },
  individuals: { table: 'p3ke_individual', idColumn: 'id_individu', quarantineKind: 'individual' },
};

export interface ValidRow {
  position: number;
  id: string;
  /** The validated record; its keys are the table's column names. */
  record: Record<string, unknown>;
}

export interface QuarantineRow {
  position: number;
  sourceId: string | null;
  reasonCode: string;
  reason: string;
  raw: unknown;
}

export function createP3keIngestRepository(em: EntityManager) {
  /**
   * Runs with real bind parameters ($1…) through the connection's knex. MikroORM's execute() would inline every
   * parameter into the SQL text first: for a page's JSON (hundreds of KiB) that escaping cost ¾ of the write time
   * (bench/ingest-vs-copy.ts measured 350 ms against 90 ms for 1,000 individuals).
   */
  const execute = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> => {
    const query = em.getConnection().getKnex().raw(sql, params as Knex.RawBinding[]);
    const trx = em.getTransactionContext<Knex.Transaction>();
    if (trx) query.transacting(trx);
    const result = (await query) as { rows: T[] };
    return result.rows;
  };

  return {
    /**
     * Upserts valid rows. A row whose id already exists at the same snapshot position is a re-run and is
     * rewritten unchanged; one whose id exists at another position is a duplicate id and is returned, so the
     * caller quarantines it instead of letting it overwrite (and silently lose) the first record.
     */
    async upsertRows(kind: ListingKind, campaignId: string, rows: ValidRow[]): Promise<{ duplicatePositions: number[] }> {
      if (rows.length === 0) return { duplicatePositions: [] };
      const { table, idColumn } = TABLES[kind];
      const json = rowsJson(kind, campaignId, rows);
      const columns = await tableColumns(execute, table);
      const updatable = columns.filter((c) => c !== 'campaign_id' && c !== idColumn && c !== 'priority');
      const written = await execute<{ id: string }>(
        `insert into ${table} (${columns.join(', ')})
         select ${columns.join(', ')} from json_populate_recordset(null::${table}, ?::json)
         on conflict (campaign_id, ${idColumn}) do update
           set (${updatable.join(', ')}) = (${updatable.map((c) => `excluded.${c}`).join(', ')})
           where ${table}.source_position = excluded.source_position
         returning ${idColumn} as id`,
        [json],
      );
      const writtenIds = new Set(written.map((w) => w.id));
      return { duplicatePositions: rows.filter((r) => !writtenIds.has(r.id)).map((r) => r.position) };
    },

    /**
     * Stores valid rows with COPY FROM STDIN on the transaction's own connection, the cheap path of a first
     * ingest: no conflict arbitration, no RETURNING, and tab-separated text for PostgreSQL to parse instead of a
     * JSON document (half the CPU of the upsert; docs/PERFORMANCE.md). Any row whose id is already stored fails
     * the whole COPY with a unique violation (isUniqueViolation), and the caller falls back to upsertRows, which
     * sorts re-runs from duplicates.
     */
    async copyRows(kind: ListingKind, campaignId: string, rows: ValidRow[]): Promise<void> {
      if (rows.length === 0) return;
      const { table } = TABLES[kind];
      const columns = await tableColumns(execute, table);
      const trx = em.getTransactionContext<Knex.Transaction>();
      if (!trx) throw new Error('copyRows runs inside a transaction');
      const connection = (await trx.client.acquireConnection()) as PgClient;
      const text = copyText(columns, kind, campaignId, rows);
      await pipeline(Readable.from([text]), connection.query(copyFrom(`copy ${table} (${columns.join(', ')}) from stdin`)));
    },

    /** Quarantines records; a position already quarantined (a re-run page) is left as it is. */
    async quarantine(kind: ListingKind, campaignId: string, rows: QuarantineRow[]): Promise<void> {
      if (rows.length === 0) return;
      const json = JSON.stringify(
        rows.map((r) => ({
          campaign_id: campaignId,
          kind: TABLES[kind].quarantineKind,
          source_position: r.position,
          source_id: r.sourceId,
          reason_code: r.reasonCode,
          reason: r.reason,
          raw: r.raw,
          quarantined_at: new Date().toISOString(),
        })),
      );
      await execute(
        `insert into quarantined_record (campaign_id, kind, source_position, source_id, reason_code, reason, raw, quarantined_at)
         select campaign_id, kind, source_position, source_id, reason_code, reason, raw, quarantined_at
         from json_populate_recordset(null::quarantined_record, ?::json)
         on conflict (campaign_id, kind, source_position) do nothing`,
        [json],
      );
    },

    /**
     * Moves individuals without a stored family to the quarantine, in one statement. Two reasons, because the data
     * steward acts differently on them: `family_missing` when P3KE did not serve the family at all, and
     * `family_quarantined` when it did but the family record itself was quarantined (the individual is released
     * by correcting that record). Codes as in QUARANTINE_REASONS (activities/ingest/validate-page.ts).
     */
    async quarantineOrphanIndividuals(campaignId: string): Promise<number> {
      // Freshly bulk-loaded tables have no statistics yet: without them the planner picks a nested-loop anti join
      // here, quadratic in the snapshot (40 s at 6,000 families, hours at 60,000; bench/ingest-vs-copy.ts). The
      // row counts and the two join columns are all this statement needs, and a tenth of the cost of every
      // column's statistics (0.2 s against 2 s at 60,000 families); the checks analyse the whole tables
      // themselves before they run (activities/checks/check-activities.ts).
      await execute('analyze p3ke_family (campaign_id, id_keluarga_p3ke), p3ke_individual (campaign_id, id_keluarga_p3ke)');
      const moved = await execute<{ n: string }>(
        `with orphans as (
           delete from p3ke_individual i
           where i.campaign_id = ?
             and not exists (select 1 from p3ke_family f where f.campaign_id = i.campaign_id and f.id_keluarga_p3ke = i.id_keluarga_p3ke)
           returning i.*
         ), quarantined_families as (
           select distinct source_id from quarantined_record where campaign_id = ? and kind = 'family' and source_id is not null
         ), quarantined as (
           insert into quarantined_record (campaign_id, kind, source_position, source_id, reason_code, reason, raw, quarantined_at)
           select o.campaign_id, 'individual', o.source_position, o.id_individu,
                  case when qf.source_id is null then 'family_missing' else 'family_quarantined' end,
                  case when qf.source_id is null then 'id_keluarga_p3ke refers to a family that is not in the snapshot'
                       else 'the family record of this individual is quarantined' end,
                  to_jsonb(o) - 'campaign_id' - 'source_position', now()
           from orphans o left join quarantined_families qf on qf.source_id = o.id_keluarga_p3ke
           on conflict (campaign_id, kind, source_position) do nothing
           returning 1
         )
         select count(*) as n from quarantined`,
        [campaignId, campaignId],
      );
      return Number(moved[0]?.n ?? 0);
    },

    async counts(campaignId: string): Promise<IngestCounts> {
      const [row] = await execute<Record<keyof IngestCounts, string>>(
        `select
           (select count(*) from p3ke_family where campaign_id = ?) as "storedFamilies",
           (select count(*) from p3ke_individual where campaign_id = ?) as "storedIndividuals",
           (select count(*) from quarantined_record where campaign_id = ? and kind = 'family') as "quarantinedFamilies",
           (select count(*) from quarantined_record where campaign_id = ? and kind = 'individual') as "quarantinedIndividuals"`,
        [campaignId, campaignId, campaignId, campaignId],
      );
      return {
        storedFamilies: Number(row?.storedFamilies ?? 0),
        storedIndividuals: Number(row?.storedIndividuals ?? 0),
        quarantinedFamilies: Number(row?.quarantinedFamilies ?? 0),
        quarantinedIndividuals: Number(row?.quarantinedIndividuals ?? 0),
      };
    },

    async quarantineByReason(campaignId: string): Promise<Record<string, number>> {
      const rows = await execute<{ reason_code: string; n: string }>(
        'select reason_code, count(*) as n from quarantined_record where campaign_id = ? group by reason_code order by reason_code',
        [campaignId],
      );
      return Object.fromEntries(rows.map((r) => [r.reason_code, Number(r.n)]));
    },
  };
}

export interface IngestCounts {
  storedFamilies: number;
  storedIndividuals: number;
  quarantinedFamilies: number;
  quarantinedIndividuals: number;
}

/** A page's rows as the one JSON parameter json_populate_recordset reads; keys are the table's column names. */
function rowsJson(kind: ListingKind, campaignId: string, rows: readonly ValidRow[]): string {
  return JSON.stringify(
    rows.map((r) => ({
      ...r.record,
      campaign_id: campaignId,
      source_position: r.position,
      ...(kind === 'families' ? { priority: 0 } : {}),
    })),
  );
}

/**
 * The rows in COPY's text format: tab-separated, \N for null, backslash escapes for the characters COPY reserves.
 * Columns are read straight from each record, with the row's own values (campaign, position, priority) filled in
 * by column: a merged copy of every record (object spread) cost more worker CPU than the rest of the text. Each
 * line is one join of its fields, and the text one join of its lines: appending field by field (`line += …`)
 * builds a chain of small strings that took five times as long (bench/ingest-vs-copy.ts, docs/PERFORMANCE.md).
 */
function copyText(columns: readonly string[], kind: ListingKind, campaignId: string, rows: readonly ValidRow[]): string {
  const campaign = copyValue(campaignId);
  const fields = new Array<string>(columns.length);
  const lines = new Array<string>(rows.length + 1);
  for (let r = 0; r < rows.length; r += 1) {
    const row = rows[r] as ValidRow;
    for (let c = 0; c < columns.length; c += 1) {
      const column = columns[c] as string;
      if (column === 'campaign_id') fields[c] = campaign;
      else if (column === 'source_position') fields[c] = String(row.position);
      else if (column === 'priority' && kind === 'families') fields[c] = '0';
      else fields[c] = copyValue(row.record[column]);
    }
    lines[r] = fields.join('\t');
  }
  // The empty last entry ends the last line with its newline too.
  lines[rows.length] = '';
  return rows.length === 0 ? '' : lines.join('\n');
}

const COPY_RESERVED = /[\\\t\n\r]/;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function copyValue(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (typeof value === 'number') return String(value);
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  // Most values hold none of the reserved characters: test before building a new string.
  return COPY_RESERVED.test(text) ? text.replace(/[\\\t\n\r]/g, (ch) => COPY_ESCAPES[ch] ?? ch) : text;
}

/** PostgreSQL's unique_violation: copyRows met a row that is already stored. */
export function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === '23505';
}

const columnCache = new Map<string, string[]>();

/** The table's columns in order, read once per process: the insert names them so json keys cannot add any. */
async function tableColumns(
  execute: <T>(sql: string, params?: unknown[]) => Promise<T[]>,
  table: string,
): Promise<string[]> {
  const cached = columnCache.get(table);
  if (cached) return cached;
  const rows = await execute<{ column_name: string }>(
    `select column_name from information_schema.columns where table_schema = current_schema() and table_name = ? order by ordinal_position`,
    [table],
  );
  const columns = rows.map((r) => r.column_name);
  columnCache.set(table, columns);
  return columns;
}
