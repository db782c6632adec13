import { rmSync } from 'node:fs';
import { adminUrlFor, dropDatabase } from '../../scripts/lib/database';
import { TEST_RUN_DIR } from './stack-file';
import type { GlobalTestState } from './global-setup';

export default async function globalTeardown(): Promise<void> {
  const state = (globalThis as { __verivali?: GlobalTestState }).__verivali;
  if (!state) return;
  await state.stopTemporal();
  for (const databaseUrl of [state.databaseUrl, ...state.workerDatabaseUrls]) {
    const name = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
    await dropDatabase(adminUrlFor(databaseUrl), name).catch((err: unknown) => console.error(`could not drop ${name}:`, err));
  }
  await state.embeddedPostgres?.stop();
  // Logs stay when asked for (a failing run is easier to read with the dev server's log at hand).
  if (!process.env.KEEP_TEST_RUN) rmSync(TEST_RUN_DIR, { recursive: true, force: true });
}
