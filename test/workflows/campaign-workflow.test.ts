/**
 * The campaign workflow on the real dev server and PostgreSQL: registration survives an injected failure after its
 * database write, the ingest accounts for every record, and the result is read back from the database.
 */
import { CampaignSchema } from '../../db/entities/campaign.entity';
import { campaignWorkflow } from '../../workflows';
import { campaignWorkflowId } from '../../domain/contracts/workflow-ids';
import { createP3keClient } from '../../activities/p3ke/p3ke-client';
import { failFirstAttempts } from '../../activities/faults';
import { startP3keSimulator, type RunningP3keSimulator } from '../../sim/p3ke-api/server';
import { openHarness, uniqueCampaignId, type Harness } from '../support/harness';
import { testCampaignConfig, TEST_P3KE_TOKEN } from '../support/campaign-fixtures';

let h: Harness;
let sim: RunningP3keSimulator;

beforeAll(async () => {
  h = await openHarness();
  sim = await startP3keSimulator({ token: TEST_P3KE_TOKEN, families: 300, defectRate: 0.05 });
});
afterAll(async () => {
  await h?.close();
  await sim?.close();
});

describe('campaignWorkflow', () => {
  it('when registration fails once after writing, then Temporal retries it, the row is written once and the campaign completes', async () => {
    // Arrange
    const faults = failFirstAttempts({ 'registerCampaign:afterWrite': 1 });
    await h.startWorker({ p3ke: createP3keClient({ baseUrl: sim.url, token: TEST_P3KE_TOKEN, timeoutMs: 5_000 }), faults });
    const campaignId = uniqueCampaignId('retry');

    // Act
    const handle = await h.client.workflow.start(campaignWorkflow, {
      taskQueue: h.taskQueue,
      workflowId: campaignWorkflowId(campaignId),
      args: [{ campaignId, config: testCampaignConfig(), startedBy: 'pm-test' }],
    });
    const report = await handle.result();

    // Assert: the injected fault fired, and the retry is visible both in history and in the database.
    expect(faults.fired['registerCampaign:afterWrite']).toBe(1);
    const history = await handle.fetchHistory();
    const attempts = (history.events ?? [])
      .filter((e) => e.activityTaskStartedEventAttributes)
      .map((e) => e.activityTaskStartedEventAttributes?.attempt);
    expect(attempts).toContain(2);

    const row = await h.orm.em.fork().findOneOrFail(CampaignSchema, { id: campaignId });
    expect(row.registrationAttempts).toBe(2);
    expect(row.status).toBe('completed');
    expect(await h.orm.em.fork().count(CampaignSchema, { id: campaignId })).toBe(1);

    // Every record fetched is stored or quarantined.
    expect(report.status).toBe('completed');
    expect(report.counts.fetched).toBeGreaterThan(300);
    expect(report.counts.stored + report.counts.quarantined).toBe(report.counts.fetched);
    expect(report.counts.quarantined).toBeGreaterThan(0);
    expect(report.counts.flagged).toBeGreaterThan(0);
    expect(row.counts).toMatchObject({ fetched: report.counts.fetched, stored: report.counts.stored });
  });
});
