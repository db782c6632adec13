/**
 * Once per test run: the Temporal dev server (built from its Go module, in memory, headless, ephemeral port),
 * a test database of its own with the committed migrations applied, and the workflow bundle built once.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { loadEnv } from '../../config/env';
import { ensureTemporalCli } from '../../scripts/lib/temporal-cli';
import { startDevServerOnFreePort } from '../../scripts/lib/dev-server';
import { freePort } from '../../scripts/lib/ports';
import type { Config } from '@jest/types';
import { checkServer, copyDatabase, ensureDatabase, migrate, startEmbeddedPostgres, type RunningPostgres } from '../../scripts/lib/database';
import { explainAndExit } from '../../scripts/lib/setup-error';
import { workflowsPath } from '../../workers/create-worker';
import { ensureKeyFile } from '../../client/codec/codec-keys';
import { FAILURE_CONVERTER_PATH } from '../../client/codec/data-converter';
import { STACK_FILE, TEST_RUN_DIR, type TestStack } from './stack-file';

export interface GlobalTestState {
  stopTemporal: () => Promise<void>;
  embeddedPostgres?: RunningPostgres;
  databaseUrl: string;
  workerDatabaseUrls: string[];
}

export default async function globalSetup(globalConfig: Config.GlobalConfig): Promise<void> {
  try {
    const env = loadEnv();
    rmSync(TEST_RUN_DIR, { recursive: true, force: true });
    mkdirSync(TEST_RUN_DIR, { recursive: true });
    // A payload key of this run's own; test files (and worker processes they fork) inherit the variable.
    // Recording replay histories uses the key committed beside them, so the replay test can decode them.
    const codecKeysFile =
      process.env.RECORD_HISTORIES === '1' ? join(__dirname, '..', 'histories', 'replay-codec-keys.json') : join(TEST_RUN_DIR, 'codec-keys.json');
    ensureKeyFile(codecKeysFile, 'test');
    delete process.env.VERIVALI_CODEC_KEYS;
    process.env.VERIVALI_CODEC_KEYS_FILE = codecKeysFile;

    let baseUrl = env.DATABASE_URL;
    let embeddedPostgres: RunningPostgres | undefined;
    try {
      await checkServer(baseUrl);
    } catch (err) {
      if (process.env.DATABASE_URL) throw err;
      embeddedPostgres = await startEmbeddedPostgres(join(TEST_RUN_DIR), await freePort());
      baseUrl = embeddedPostgres.databaseUrl;
    }
    // Tests never touch the demo's database: each run creates and drops its own.
    const url = new URL(baseUrl);
    url.pathname = `/verivali_test_${process.pid}`;
    const databaseUrl = url.toString();
    await ensureDatabase(databaseUrl);
    await migrate(databaseUrl);
    // Several jest workers: a copy of the migrated database each (a template copy takes a moment).
    const workerDatabaseUrls: string[] = [];
    if (globalConfig.maxWorkers > 1) {
      for (let i = 1; i <= globalConfig.maxWorkers; i++) {
        const copy = new URL(databaseUrl);
        copy.pathname = `${url.pathname}_w${i}`;
        await copyDatabase(databaseUrl, copy.toString());
        workerDatabaseUrls.push(copy.toString());
      }
    }

    const binary = ensureTemporalCli((line) => process.stderr.write(`${line}\n`));
    const server = await startDevServerOnFreePort({
      binary,
      uiPort: null,
      namespace: 'default',
      logFile: join(TEST_RUN_DIR, 'temporal.log'),
      detached: false,
    }, freePort);

    const { code } = await bundleWorkflowCode({ workflowsPath: workflowsPath(), failureConverterPath: FAILURE_CONVERTER_PATH, logger: quietLogger });
    const workflowBundlePath = join(TEST_RUN_DIR, 'workflow-bundle.js');
    writeFileSync(workflowBundlePath, code);

    const stack: TestStack = { temporalAddress: server.address, namespace: 'default', databaseUrl, workerDatabaseUrls, workflowBundlePath };
    writeFileSync(STACK_FILE, JSON.stringify(stack, null, 2));
    const state: GlobalTestState = { stopTemporal: server.stop, embeddedPostgres, databaseUrl, workerDatabaseUrls };
    (globalThis as { __verivali?: GlobalTestState }).__verivali = state;
  } catch (err) {
    explainAndExit(err);
  }
}

const noop = (): void => undefined;
const quietLogger = { trace: noop, debug: noop, info: noop, warn: noop, error: (m: string) => console.error(m), log: noop };
