/**
 * Determinism: every committed history under test/histories/ (at least one per workflow type) replays against
 * today's workflow code. A change that alters the commands a workflow issues fails here unless it is guarded with
 * patched(); re-record with `npm run histories:record` only for a deliberate, versioned change.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { createDataConverter } from '../../client/codec/data-converter';
import { parseKeyRing } from '../../client/codec/key-ring';
import { readTestStack } from '../support/stack-file';

const HISTORIES = join(__dirname, '..', 'histories');
const files = readdirSync(HISTORIES).filter((f) => f.endsWith('.binpb'));
// The histories were recorded with a key kept beside them: synthetic simulator data only, never a real key.
const ring = parseKeyRing(readFileSync(join(HISTORIES, 'replay-codec-keys.json'), 'utf8'));

describe('replay of committed histories', () => {
  it('when the histories are listed, then every workflow type has at least one', () => {
    const types = new Set(files.map((f) => f.split('--')[0]));
    expect([...types].sort()).toEqual(['campaignWorkflow', 'desaWorkflow', 'escalationCaseWorkflow', 'workPackageWorkflow']);
  });

  it.each(files)('when %s is replayed with the current workflow code, then it runs without nondeterminism', async (file) => {
    const history = temporal.api.history.v1.History.decode(readFileSync(join(HISTORIES, file)));
    await Worker.runReplayHistory(
      { workflowBundle: { codePath: readTestStack().workflowBundlePath }, dataConverter: createDataConverter(ring) },
      history,
      file.replace(/\.binpb$/, ''),
    );
  });
});
