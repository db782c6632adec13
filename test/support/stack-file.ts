/** Where the global set-up leaves the addresses of the servers it started, for every test file to read. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface TestStack {
  temporalAddress: string;
  namespace: string;
  databaseUrl: string;
  workflowBundlePath: string;
}

/**
 * One folder per jest run (named by the run's process id, inherited by test files and forked workers through
 * the environment), so two runs on one machine never delete each other's servers and files.
 */
const RUN_ID = process.env.VERIVALI_TEST_RUN ?? (process.env.VERIVALI_TEST_RUN = `run-${process.pid}`);
export const TEST_RUN_DIR = join(__dirname, '..', '..', '.test-run', RUN_ID);
export const STACK_FILE = join(TEST_RUN_DIR, 'stack.json');

export function readTestStack(): TestStack {
  return JSON.parse(readFileSync(STACK_FILE, 'utf8')) as TestStack;
}
