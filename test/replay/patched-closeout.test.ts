/**
 * patched() on a real change (workflows/patches.ts): the campaign now writes report.json before its row says
 * 'completed' (PATCHES.reportBeforeCompleted), and counts plan reminders instead of auditing each one
 * (PATCHES.remindersCounted). The campaign history committed before those changes still replays with today's code,
 * because it carries no marker and so takes the old path; the same change made without patched() does not replay;
 * a campaign run today records the markers and takes the new path.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DeterminismViolationError } from '@temporalio/workflow';
import { Worker } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { createDataConverter, verivaliDataConverter } from '../../client/codec/data-converter';
import { parseKeyRing } from '../../client/codec/key-ring';
import { createP3keClient } from '../../activities/p3ke/p3ke-client';
import { campaignWorkflowId } from '../../domain/contracts/workflow-ids';
import { startP3keSimulator, type RunningP3keSimulator } from '../../sim/p3ke-api/server';
import { demoRoster, upsertOfficers } from '../../sim/field-actors/roster';
import { driveCampaign } from '../../sim/field-actors/drive-campaign';
import { campaignWorkflow } from '../../workflows';
import { PATCHES } from '../../workflows/patches';
import { openHarness, uniqueCampaignId, type Harness } from '../support/harness';
import { testCampaignConfig, TEST_P3KE_TOKEN } from '../support/campaign-fixtures';
import { readTestStack } from '../support/stack-file';
import { patchMarkers, scheduledActivities } from './history-events';

type History = temporal.api.history.v1.IHistory;

const HISTORIES = join(__dirname, '..', 'histories');
const OLD_CAMPAIGN = 'campaignWorkflow--campaign_replay-recording';
const ring = parseKeyRing(readFileSync(join(HISTORIES, 'replay-codec-keys.json'), 'utf8'));
const oldHistory = temporal.api.history.v1.History.decode(readFileSync(join(HISTORIES, `${OLD_CAMPAIGN}.binpb`)));
const SAMBOJA = '640213';

let h: Harness;
let sim: RunningP3keSimulator;

beforeAll(async () => {
  h = await openHarness();
  sim = await startP3keSimulator({ token: TEST_P3KE_TOKEN, families: 60, defectRate: 0 });
  await upsertOfficers(h.orm, demoRoster());
  await h.startWorker({ p3ke: createP3keClient({ baseUrl: sim.url, token: TEST_P3KE_TOKEN, timeoutMs: 5_000 }) });
});
afterAll(async () => {
  await h?.close();
  await sim?.close();
});

describe('patched(): report before completed', () => {
  it('when the campaign history recorded before the change is replayed with the current code, then it has no marker, took the old path and replays', async () => {
    expect(patchMarkers(oldHistory)).toEqual([]);
    // Old path: the row was marked completed (recordCampaignProgress) before the report was built.
    expect(scheduledActivities(oldHistory).slice(-2)).toEqual(['recordCampaignProgress', 'buildCampaignReport']);
    await Worker.runReplayHistory(
      { workflowBundle: { codePath: readTestStack().workflowBundlePath }, dataConverter: createDataConverter(ring) },
      oldHistory,
      OLD_CAMPAIGN,
    );
  });

  it('when the same change is made without patched(), then the old history fails to replay with a nondeterminism error', async () => {
    const replay = Worker.runReplayHistory(
      { workflowsPath: require.resolve('./report-first-without-patch.workflows'), dataConverter: createDataConverter(ring) },
      oldHistory,
      OLD_CAMPAIGN,
    );
    await expect(replay).rejects.toBeInstanceOf(DeterminismViolationError);
    // The mismatch is the one the change makes: the variant schedules the report where the history holds the
    // 'completed' phase's search-attribute upsert (enter('completed') comes first on the old path).
    await expect(replay).rejects.toThrow(/Nondeterminism error: Activity machine does not handle this event: HistoryEvent\(id: \d+, UpsertWorkflowSearchAttributes\)/);
  });

  it('when a campaign runs with the current code, then its history carries both markers, builds the report before the status flips, and audits no reminder', async () => {
    const campaignId = uniqueCampaignId('patched');
    const handle = await h.client.workflow.start(campaignWorkflow, {
      taskQueue: h.taskQueue,
      workflowId: campaignWorkflowId(campaignId),
      args: [
        {
          campaignId,
          startedBy: 'pm-starter',
          // Nobody decides the plan: it waits through a few 1-second reminders, then expires.
          config: testCampaignConfig({
            regionCodes: [SAMBOJA],
            maxFamiliesPerPackage: 10,
            timers: { packageDeadlineSeconds: 30, reminderEverySeconds: 1, escalationTimeoutSeconds: 3, approvalDeadlineSeconds: 3 },
          }),
        },
      ],
    });
    await driveCampaign({ client: h.client, orm: h.orm, campaignId, seed: 5, plan: null, timeoutMs: 150_000 });
    const report = await handle.result();
    expect(report.status).toBe('completed');
    expect(report.planStatus).toBe('expired');

    const history: History = await handle.fetchHistory();
    expect(patchMarkers(history).sort()).toEqual([PATCHES.reportBeforeCompleted, PATCHES.remindersCounted, PATCHES.fieldProgressCadence].sort());
    const activities = scheduledActivities(history);
    expect(activities.slice(-2)).toEqual(['buildCampaignReport', 'recordCampaignProgress']);
    expect(activities).not.toContain('recordReminder');
    // And the new history replays with the code that made it (encrypted with this run's key, not the replay key).
    await Worker.runReplayHistory({ workflowBundle: { codePath: readTestStack().workflowBundlePath }, dataConverter: verivaliDataConverter() }, history, handle.workflowId);
  }, 180_000);
});
