/**
 * db/prepared-sql.ts: a statement is prepared once per connection under its name and then only executed, its
 * values travel as bindings, a failing statement gives its connection back to the pool, and a call inside a
 * transaction is refused before anything runs. On the real test database, with a pool of one connection so that
 * "the same connection" is certain.
 */
import { MikroORM } from '@mikro-orm/postgresql';
import { boundRows } from '../../db/bound-sql';
import { ormConfig } from '../../db/mikro-orm.config';
import { preparedRows, preparedStatement } from '../../db/prepared-sql';
import { readTestStack } from '../support/stack-file';

let orm: MikroORM;
const table = `prepared_sql_probe_${process.pid}`;

beforeAll(async () => {
  orm = await MikroORM.init(ormConfig(readTestStack().databaseUrl, { pool: { min: 0, max: 1 } }));
  await boundRows(orm.em.fork(), `create table ${table} (k text primary key, v text)`);
});
afterAll(async () => {
  await boundRows(orm.em.fork(), `drop table if exists ${table}`);
  await orm.close();
});

const PREPARED_ON_THIS_CONNECTION = preparedStatement('test-prepared-names', 'select name, statement from pg_prepared_statements where name like ? order by name');

describe('preparedStatement', () => {
  it('numbers the placeholders in order, once', () => {
    expect(preparedStatement('n', 'select ? as a, ?::jsonb as b where x = ?').text).toBe('select $1 as a, $2::jsonb as b where x = $3');
  });
});

describe('preparedRows', () => {
  const insert = preparedStatement(`test-insert-${process.pid}`, `insert into ${table} (k, v) values (?, ?) returning k, v`);

  it('prepares the statement on the server under its name, and runs it again by name with other values', async () => {
    const tricky = `it's "quoted" \\ and $1`;
    expect(await preparedRows(orm.em.fork(), insert, ['a', tricky])).toEqual([{ k: 'a', v: tricky }]);
    expect(await preparedRows(orm.em.fork(), insert, ['b', 'second'])).toEqual([{ k: 'b', v: 'second' }]);
    const prepared = await preparedRows<{ name: string; statement: string }>(orm.em.fork(), PREPARED_ON_THIS_CONNECTION, ['test-%']);
    // Both statements live on the pool's one connection, each parsed once: the insert's text as numbered.
    expect(prepared).toEqual([
      { name: insert.name, statement: insert.text },
      { name: PREPARED_ON_THIS_CONNECTION.name, statement: PREPARED_ON_THIS_CONNECTION.text },
    ]);
    expect(await boundRows(orm.em.fork(), `select k, v from ${table} order by k`)).toEqual([
      { k: 'a', v: tricky },
      { k: 'b', v: 'second' },
    ]);
  });

  it("rejects with PostgreSQL's error and gives the connection back: the next statement on the one-connection pool runs", async () => {
    await expect(preparedRows(orm.em.fork(), insert, ['a', 'again'])).rejects.toMatchObject({ code: '23505' });
    expect(await preparedRows(orm.em.fork(), insert, ['c', 'after the error'])).toEqual([{ k: 'c', v: 'after the error' }]);
  });

  it('refuses to run inside a transaction, before sending anything', async () => {
    await expect(orm.em.fork().transactional((tx) => preparedRows(tx, insert, ['d', 'inside']))).rejects.toThrow(/cannot run inside a transaction/);
    expect(await boundRows(orm.em.fork(), `select count(*)::int as n from ${table} where k = 'd'`)).toEqual([{ n: 0 }]);
  });
});
