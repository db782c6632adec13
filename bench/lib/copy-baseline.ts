/**
 * The ingest's ceiling: PostgreSQL's text COPY (pg-copy-streams) of exactly the rows a service ingest stored,
 * into the same tables with the same indexes. The rows are exported once with COPY … TO STDOUT, so both sides
 * write the same bytes' worth of data; the timed part is only COPY … FROM STDIN.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';

/** Everything a campaign's ingest writes. */
export const INGEST_TABLES = ['p3ke_family', 'p3ke_individual', 'quarantined_record'] as const;

export interface CopyPayload {
  table: (typeof INGEST_TABLES)[number];
  text: Buffer;
  rows: number;
}

async function withClient<T>(databaseUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export function exportIngestTables(databaseUrl: string): Promise<CopyPayload[]> {
  return withClient(databaseUrl, async (client) => {
    const payloads: CopyPayload[] = [];
    for (const table of INGEST_TABLES) {
      const chunks: Buffer[] = [];
      const stream = client.query(copyTo(`COPY ${table} TO STDOUT`));
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      payloads.push({ table, text: Buffer.concat(chunks), rows: Number(stream.rowCount) });
    }
    return payloads;
  });
}

export function truncateIngestTables(databaseUrl: string): Promise<void> {
  return withClient(databaseUrl, async (client) => {
    await client.query(`TRUNCATE ${INGEST_TABLES.join(', ')}`);
  });
}

/** Loads the exported rows in one transaction (as a page of the service is one transaction); returns the rows. */
export function copyIngestTables(databaseUrl: string, payloads: readonly CopyPayload[]): Promise<number> {
  return withClient(databaseUrl, async (client) => {
    let rows = 0;
    await client.query('BEGIN');
    for (const p of payloads) {
      const stream = client.query(copyFrom(`COPY ${p.table} FROM STDIN`));
      await pipeline(Readable.from([p.text]), stream);
      rows += Number(stream.rowCount);
    }
    await client.query('COMMIT');
    return rows;
  });
}
