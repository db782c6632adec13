/**
 * `npm run setup`: everything the project needs on this machine, idempotently: the Temporal CLI (built from its Go
 * module on first run), and the database with its migrations. The demo and the tests call the same pieces.
 */
import { loadEnv } from '../config/env';
import { usesLocalDevServer } from '../config/temporal-connection';
import { ensurePostgres } from './lib/local-stack';
import { ensureTemporalCli } from './lib/temporal-cli';
import { explainAndExit } from './lib/setup-error';

async function main(): Promise<void> {
  const env = loadEnv();
  const log = (line: string): void => console.log(line);
  if (usesLocalDevServer(env)) log(`Temporal CLI: ${ensureTemporalCli(log)}`);
  const pg = await ensurePostgres(env, log);
  log(`Database ready: ${new URL(pg.databaseUrl).pathname.slice(1)} (migrations applied)`);
  await pg.started?.stop();
}

main().catch(explainAndExit);
