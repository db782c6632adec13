/** Where the global set-up leaves the addresses of the servers it started, for every test file to read. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface TestStack {
  temporalAddress: string;
  namespace: string;
  databaseUrl: string;
  /**
   * One database per jest worker when the run has several (index = JEST_WORKER_ID - 1), each a copy of the
   * migrated test database: tests compare whole tables before and after (bad input changes nothing), which only
   * holds when no other file writes the same tables meanwhile. Workers share the dev server; every test file has
   * task queues, ids and areas of its own there.
   */
  workerDatabaseUrls: string[];
  workflowBundlePath: string;
}

/**
 * One folder per jest run (named by the run's process id, inherited by test files and forked workers through
 * the environment), so two runs on one machine never delete each other's servers and files.
 */
const RUN_ID = process.env.VERIVALI_TEST_RUN ?? (process.env.VERIVALI_TEST_RUN = `run-${process.pid}`);
export const TEST_RUN_DIR = join(__dirname, '..', '..', '.test-run', RUN_ID);
export const STACK_FILE = join(TEST_RUN_DIR, 'stack.json');

/** The stack as this process sees it: `databaseUrl` is this jest worker's own database. */
export function readTestStack(): TestStack {
  const stack = JSON.parse(readFileSync(STACK_FILE, 'utf8')) as TestStack;
  const worker = Number(process.env.JEST_WORKER_ID ?? '1');
  const own = stack.workerDatabaseUrls[worker - 1];
  return own ? { ...stack, databaseUrl: own } : stack;
}
