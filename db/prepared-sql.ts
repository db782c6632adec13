/**
 * Named prepared statements straight on a connection of the ORM's pool, for the few statements on the field
 * result's hot path (issue #5, field-result round trip: 50 officers at once on two cores, so every millisecond of
 * CPU per submission shows in the latency).
 *
 * boundRows (db/bound-sql.ts) goes through MikroORM's connection, knex's raw builder (its `?` placeholders
 * rewritten per call), knex's runner and pool, and PostgreSQL parses and plans the text on every call. Here pg
 * sends the text once per connection, under the statement's name, and later calls send only the name and the
 * values: PostgreSQL reuses the parsed statement (and, after a few executions, its plan).
 * The pool is the same one (knex's), so the connection limit and the connection's error handling stay as they are.
 */
import type { EntityManager, Knex } from '@mikro-orm/postgresql';

/** One statement, prepared under a name that never changes for its text (pg refuses one name with two texts). */
export interface PreparedStatement {
  readonly name: string;
  /** The text with PostgreSQL's own placeholders ($1, $2…). */
  readonly text: string;
}

/**
 * A statement written with `?` placeholders, as the rest of the project writes them (db/bound-sql.ts), turned into
 * PostgreSQL's numbered ones once, when the module defining it loads. The text must hold no other `?` (no jsonb
 * `?` operator, no question mark in a literal): each one becomes the next parameter.
 */
export function preparedStatement(name: string, text: string): PreparedStatement {
  let n = 0;
  return { name, text: text.replace(/\?/g, () => `$${++n}`) };
}

interface PgConnection {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

/**
 * The rows of a prepared statement. Outside a transaction only: a statement inside one must run on the
 * transaction's connection, which the caller does not hand out here (boundRows serves that case).
 */
export async function preparedRows<T>(em: EntityManager, statement: PreparedStatement, values: readonly unknown[]): Promise<T[]> {
  if (em.getTransactionContext()) throw new Error(`prepared statement ${statement.name} cannot run inside a transaction`);
  const client = em.getConnection().getKnex().client as Knex.Client;
  const connection = (await client.acquireConnection()) as PgConnection;
  try {
    const result = await connection.query({ name: statement.name, text: statement.text, values: [...values] });
    return result.rows as T[];
  } finally {
    await client.releaseConnection(connection);
  }
}
