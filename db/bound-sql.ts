/**
 * Statements whose values travel as bind parameters ($1, $2… on the wire; `?` in the text, knex's placeholders).
 *
 * Not `em.getConnection().execute(text, params)`: MikroORM formats the parameters into the statement text there
 * (platform.formatQuery, which escapes each string with pg's escapeLiteral, one character at a time) and sends the
 * text without bindings. The escaping is correct, but it costs the heap: the assignment's 10 MB JSON of package
 * rows for a 60,000-family campaign became a rope of 9 million string pieces, 300 MB, and the worker died at its
 * 384 MiB limit (docs/PERFORMANCE.md, Scale headroom). With bindings the text stays as written and PostgreSQL
 * receives each value once, as it is.
 */
import type { EntityManager, Knex } from '@mikro-orm/postgresql';

/** The rows of one statement, inside the entity manager's transaction when it has one. */
export async function boundRows<T>(em: EntityManager, text: string, params: readonly unknown[] = []): Promise<T[]> {
  const query = em.getConnection().getKnex().raw(text, [...params] as Knex.RawBinding[]);
  const trx = em.getTransactionContext<Knex.Transaction>();
  if (trx) query.transacting(trx);
  const result = (await query) as { rows: T[] };
  return result.rows;
}
