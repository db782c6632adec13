/** Admin commands (roster import, users) write PostgreSQL directly through DATABASE_URL, not the HTTP API. */
import { MikroORM } from '@mikro-orm/postgresql';
import { loadEnv } from '../../config/env';
import { ormConfig } from '../../db/mikro-orm.config';
import type { CliIo } from './io';

export async function withOrm<T>(io: CliIo, work: (orm: MikroORM) => Promise<T>): Promise<T> {
  const env = loadEnv(io.env);
  const orm = await MikroORM.init(ormConfig(env.DATABASE_URL));
  try {
    return await work(orm);
  } finally {
    await orm.close();
  }
}
