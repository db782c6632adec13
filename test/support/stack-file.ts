/** Where the global set-up leaves the addresses of the servers it started, for every test file to read. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface TestStack {
  temporalAddress: string;
  namespace: string;
  databaseUrl: string;
  workflowBundlePath: string;
}

export const TEST_RUN_DIR = join(__dirname, '..', '..', '.test-run');
export const STACK_FILE = join(TEST_RUN_DIR, 'stack.json');

export function readTestStack(): TestStack {
  return JSON.parse(readFileSync(STACK_FILE, 'utf8')) as TestStack;
}
