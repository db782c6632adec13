/**
 * Records one history of each workflow type for the replay test: `npm run histories:record`. Runs a small
 * campaign end to end with simulated people, then saves the campaign's, one desa's, one package's and one case's
 * history under test/histories/. The run uses the replay key kept there (synthetic data only).
 *
 * Each recording gets a campaign id of its own (`replay-<date>`, or RECORDING_NAME), so the histories recorded
 * before a patch stay beside the new ones: they are what proves that old runs still replay. Reminders come every
 * second, so the package and case picked have waited through some (and carry the reminder patch marker).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { temporal } from '@temporalio/proto';
import { campaignWorkflow } from '../../workflows';
import { campaignWorkflowId } from '../../domain/contracts/workflow-ids';
import { PATCHES } from '../../workflows/patches';
import { createP3keClient } from '../../activities/p3ke/p3ke-client';
import { startP3keSimulator } from '../../sim/p3ke-api/server';
import { demoRoster, upsertOfficers } from '../../sim/field-actors/roster';
import { driveCampaign } from '../../sim/field-actors/drive-campaign';
import { openHarness } from '../support/harness';
import { testCampaignConfig, TEST_P3KE_TOKEN } from '../support/campaign-fixtures';
import { patchMarkers } from './history-events';

const HISTORIES = join(__dirname, '..', 'histories');
const SAMBOJA = '640213';

it('records one history of each workflow type', async () => {
  expect(process.env.RECORD_HISTORIES).toBe('1');
  const h = await openHarness();
  const sim = await startP3keSimulator({ token: TEST_P3KE_TOKEN, families: 300, defectRate: 0.05 });
  try {
    await upsertOfficers(h.orm, demoRoster());
    await h.startWorker({ p3ke: createP3keClient({ baseUrl: sim.url, token: TEST_P3KE_TOKEN, timeoutMs: 5_000 }) });
    const campaignId = `replay-${process.env.RECORDING_NAME ?? new Date().toISOString().slice(0, 10).replace(/-/g, '')}`;
    const handle = await h.client.workflow.start(campaignWorkflow, {
      taskQueue: h.taskQueue,
      workflowId: campaignWorkflowId(campaignId),
      args: [
        {
          campaignId,
          startedBy: 'pm-starter',
          config: testCampaignConfig({
            regionCodes: [SAMBOJA],
            maxFamiliesPerPackage: 10,
            timers: { packageDeadlineSeconds: 60, reminderEverySeconds: 1, escalationTimeoutSeconds: 3, approvalDeadlineSeconds: 60 },
          }),
        },
      ],
    });
    await driveCampaign({ client: h.client, orm: h.orm, campaignId, seed: 7, supervisors: { delayMs: 2500 } });
    await handle.result();

    const save = async (type: string, workflowId: string): Promise<void> => {
      const history = await h.client.workflow.getHandle(workflowId).fetchHistory();
      // Binary protobuf: the JSON helper trips over the two protobufjs copies in the SDK's dependency tree.
      const bytes = temporal.api.history.v1.History.encode(temporal.api.history.v1.History.fromObject(history)).finish();
      writeFileSync(join(HISTORIES, `${type}--${workflowId.replace(/\//g, '_')}.binpb`), bytes);
    };
    /** The first workflow of a kind, preferring one that recorded the reminder patch's marker. */
    const first = async (kind: string): Promise<string> => {
      let any: string | null = null;
      for await (const w of h.client.workflow.list({ query: `VerivaliCampaignId = '${campaignId}' AND VerivaliKind = '${kind}'` })) {
        any ??= w.workflowId;
        if (patchMarkers(await h.client.workflow.getHandle(w.workflowId).fetchHistory()).includes(PATCHES.remindersCounted)) return w.workflowId;
      }
      if (any === null) throw new Error(`no ${kind} workflow in the recording campaign`);
      return any;
    };
    await save('campaignWorkflow', handle.workflowId);
    await save('desaWorkflow', await first('desa'));
    await save('workPackageWorkflow', await first('work-package'));
    await save('escalationCaseWorkflow', await first('escalation-case'));
  } finally {
    await h.close();
    await sim.close();
  }
}, 300_000);
