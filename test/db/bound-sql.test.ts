/**
 * db/bound-sql.ts: values travel as bind parameters, never inside the statement text, and a statement runs inside
 * the entity manager's transaction when it has one. On the real test database.
 */
import { MikroORM, type Knex } from '@mikro-orm/postgresql';
import { boundRows } from '../../db/bound-sql';
import { ormConfig } from '../../db/mikro-orm.config';
import { readTestStack } from '../support/stack-file';

let orm: MikroORM;
/** What knex sent for each statement, as its 'query' event reports it. */
const sent: { sql: string; bindings: readonly unknown[] }[] = [];

beforeAll(async () => {
  orm = await MikroORM.init(ormConfig(readTestStack().databaseUrl));
  orm.em.getConnection().getKnex().on('query', (q: Knex.Sql) => sent.push({ sql: q.sql, bindings: q.bindings ?? [] }));
});
afterAll(() => orm.close());
beforeEach(() => sent.splice(0));

describe('boundRows', () => {
  it('sends a large JSON value as a binding, the statement text as written, and PostgreSQL reads it whole', async () => {
    const items = Array.from({ length: 20_000 }, (_, i) => ({ id: `P3KE${String(i).padStart(8, '0')}`, note: "it's \\ quoted" }));
    const json = JSON.stringify(items);
    const [row] = await boundRows<{ n: string; last: string; note: string }>(
      orm.em.fork(),
      `select count(*) as n, max(r->>'id') as last, min(r->>'note') as note from json_array_elements(?::json) r`,
      [json],
    );
    expect(row).toEqual({ n: '20000', last: 'P3KE00019999', note: "it's \\ quoted" });
    expect(sent).toHaveLength(1);
    expect(sent[0]?.sql).not.toContain('P3KE');
    expect(sent[0]?.sql.length).toBeLessThan(200);
    expect(sent[0]?.bindings).toEqual([json]);
  });

  it('runs inside the entity manager’s transaction, so a rollback takes its write back', async () => {
    const table = `bound_sql_probe_${process.pid}`;
    await boundRows(orm.em.fork(), `create table ${table} (v text)`);
    try {
      await expect(
        orm.em.fork().transactional(async (tx) => {
          await boundRows(tx, `insert into ${table} (v) values (?)`, ['inside']);
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
      const after = await boundRows<{ n: string }>(orm.em.fork(), `select count(*) as n from ${table}`);
      expect(after[0]?.n).toBe('0');
    } finally {
      await boundRows(orm.em.fork(), `drop table ${table}`);
    }
  });
});
