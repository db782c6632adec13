/**
 * The campaign's field progress refresh (a countVerification activity, about ten history events each) runs on a
 * cadence of its own (workflows/field-progress-cadence.ts), not once per reminder period: a campaign with
 * 1-second reminders whose field phase lasts dozens of reminder periods makes only the few refreshes the
 * cadence allows, so its history no longer grows with (field phase length ÷ reminderEverySeconds).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { campaignWorkflow } from '../../workflows';
import { fieldRefreshesWithin, nextFieldRefreshSeconds } from '../../workflows/field-progress-cadence';
import { campaignWorkflowId } from '../../domain/contracts/workflow-ids';
import { campaignProgressQuery } from '../../domain/contracts/campaign';
import { createP3keClient } from '../../activities/p3ke/p3ke-client';
import { startP3keSimulator, type RunningP3keSimulator } from '../../sim/p3ke-api/server';
import { demoRoster, upsertOfficers } from '../../sim/field-actors/roster';
import { driveCampaign } from '../../sim/field-actors/drive-campaign';
import { openHarness, uniqueCampaignId, type Harness } from '../support/harness';
import { testCampaignConfig, TEST_P3KE_TOKEN } from '../support/campaign-fixtures';
import { waitUntil } from '../support/lifecycle-helpers';

const SANGA_SANGA = '640215';
const REMINDER_SECONDS = 1;
const DEADLINE_SECONDS = 200;
/** The officers stay away this long once the field phase starts: 25 reminder periods, 25 refreshes before. */
const IDLE_MS = 25_000;

describe('the field progress cadence (pure)', () => {
  it('when the field phase lasts longer, then the refreshes grow with the log of its length in package deadlines, never with the reminders', () => {
    // A month-long field phase with a two-week deadline: a few dozen refreshes, about ten events each.
    expect(fieldRefreshesWithin(30 * 86_400, 14 * 86_400)).toBeLessThanOrEqual(35);
    // Four deadlines long, at any deadline: the same bound (16 + 16 ln 5 ≈ 42).
    for (const deadline of [30, 300, 3_600, 14 * 86_400]) expect(fieldRefreshesWithin(4 * deadline, deadline)).toBeLessThanOrEqual(42);
    // Never shorter than a twentieth of the deadline, and slower as the phase lasts.
    expect(nextFieldRefreshSeconds(0, 200)).toBe(10);
    expect(nextFieldRefreshSeconds(3_200, 200)).toBe(200);
    expect(nextFieldRefreshSeconds(0, 2)).toBe(1);
  });
});

describe('a campaign with 1-second reminders and a long field phase', () => {
  let h: Harness;
  let sim: RunningP3keSimulator;
  beforeAll(async () => {
    h = await openHarness();
    sim = await startP3keSimulator({ token: TEST_P3KE_TOKEN, families: 400, defectRate: 0 });
    await upsertOfficers(h.orm, demoRoster());
    await h.startWorker({ p3ke: createP3keClient({ baseUrl: sim.url, token: TEST_P3KE_TOKEN, timeoutMs: 5_000 }) });
  });
  afterAll(async () => {
    await h?.close();
    await sim?.close();
  });

  it('when its field phase spans dozens of reminder periods, then the campaign history holds only the few progress refreshes of its own cadence', async () => {
    const campaignId = uniqueCampaignId('cadence');
    const handle = await h.client.workflow.start(campaignWorkflow, {
      taskQueue: h.taskQueue,
      workflowId: campaignWorkflowId(campaignId),
      args: [
        {
          campaignId,
          startedBy: 'pm-starter',
          config: testCampaignConfig({
            regionCodes: [SANGA_SANGA],
            maxFamiliesPerPackage: 8,
            maxRevisitRounds: 0,
            timers: { packageDeadlineSeconds: DEADLINE_SECONDS, reminderEverySeconds: REMINDER_SECONDS, escalationTimeoutSeconds: 5, approvalDeadlineSeconds: 3 },
          }),
        },
      ],
    });
    await waitUntil(async () => ((await handle.query(campaignProgressQuery)).phase === 'field' ? true : undefined), 90_000, 'the field phase');
    const fieldStarted = Date.now();
    await sleep(IDLE_MS);
    await driveCampaign({ client: h.client, orm: h.orm, campaignId, seed: 11, plan: null, supervisors: { delayMs: 0, unansweredShare: 0 }, timeoutMs: 120_000 });
    const report = await handle.result();
    expect(report.status).toBe('completed');
    expect(report.counts.verified).toBeGreaterThan(0);

    const events = (await handle.fetchHistory()).events ?? [];
    const refreshes = events.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'countVerification').length;
    // The field phase ended before the campaign did: its length is bounded by the wall clock since it began.
    const fieldSeconds = (Date.now() - fieldStarted) / 1000;
    expect(fieldSeconds / REMINDER_SECONDS).toBeGreaterThanOrEqual(IDLE_MS / 1000);
    // The cadence's refreshes within that time, plus the exact count when the field phase ends.
    const bound = fieldRefreshesWithin(fieldSeconds, DEADLINE_SECONDS) + 1;
    expect({ refreshes, withinBound: refreshes <= bound }).toEqual({ refreshes, withinBound: true });
    // One per reminder period (the cadence before the change) would have been at least 25.
    expect(refreshes).toBeLessThanOrEqual(Math.floor(IDLE_MS / 1000 / REMINDER_SECONDS / 3));
    expect(refreshes).toBeGreaterThanOrEqual(1);
  }, 240_000);
});
