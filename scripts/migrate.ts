/** `npm run db:migrate`: creates the database if needed and applies the committed migrations. */
import { loadEnv } from '../config/env';
import { checkServer, ensureDatabase, migrate } from './lib/database';
import { explainAndExit } from './lib/setup-error';

async function main(): Promise<void> {
  const { DATABASE_URL } = loadEnv();
  await checkServer(DATABASE_URL);
  await ensureDatabase(DATABASE_URL);
  const applied = await migrate(DATABASE_URL);
  console.log(applied.length === 0 ? 'database is up to date' : `applied: ${applied.join(', ')}`);
}

main().catch(explainAndExit);
