/**
 * recordFieldResult on the real PostgreSQL: a resent submission id answers as the first time did; the same id
 * for another family or another package is refused and records nothing.
 */
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { ApplicationFailure } from '@temporalio/common';
import { createFieldResultActivities, type RecordFieldResultInput } from '../../activities/field/field-result-activities';
import { FAILURE_TYPES } from '../../domain/contracts/errors';
import { openHarness, uniqueCampaignId, type Harness } from '../support/harness';
import { rows, visitWithoutHousehold } from '../support/lifecycle-helpers';
import { DESA_1, FAMILY, seedLifecycle, standardLifecycle } from '../support/seed-lifecycle';

let h: Harness;
const env = new MockActivityEnvironment(undefined, { logger: new DefaultLogger('ERROR', () => undefined) });
let activities: ReturnType<typeof createFieldResultActivities>;

beforeAll(async () => {
  h = await openHarness();
  activities = createFieldResultActivities({ orm: h.orm });
});
afterAll(async () => {
  await h?.close();
});

const THRESHOLD = { maxSeverityAtLeast: 4, severitySumAtLeast: 6 };

function submission(campaignId: string, familyId: string, submissionId: string, packageId = `${campaignId}/${DESA_1}/1`): RecordFieldResultInput {
  const receivedAt = new Date().toISOString();
  return { campaignId, packageId, officerId: 'officer-1', submissionId, result: visitWithoutHousehold(familyId, 'not_found', receivedAt), receivedAt, escalationThreshold: THRESHOLD };
}

const record = (input: RecordFieldResultInput) => env.run(activities.recordFieldResult, input);
const versions = async (campaignId: string, familyId: string): Promise<number> =>
  Number((await rows<{ n: string }>(h.orm, 'select count(*) as n from field_result where campaign_id = ? and family_id = ?', [campaignId, familyId]))[0]?.n);

async function refusal(p: Promise<unknown>): Promise<ApplicationFailure> {
  const err: unknown = await p.then(() => null, (e: unknown) => e);
  if (!(err instanceof ApplicationFailure)) throw new Error(`expected an ApplicationFailure, got ${String(err)}`);
  return err;
}

describe('recordFieldResult submission ids', () => {
  it('when the same submission is sent again, then the first result is answered and nothing new is recorded', async () => {
    const campaignId = uniqueCampaignId('submit-resend');
    await seedLifecycle(h.orm, standardLifecycle(campaignId));
    const id = `${campaignId}-sub`;
    const first = await record(submission(campaignId, FAMILY.unvisited, id));
    const again = await record(submission(campaignId, FAMILY.unvisited, id));
    expect(first).toMatchObject({ familyId: FAMILY.unvisited, version: 1, outcome: 'not_found' });
    expect(again).toEqual(first);
    expect(await versions(campaignId, FAMILY.unvisited)).toBe(1);
  });

  it('when a submission id is reused for another family or another package, then it is refused as permanent and nothing is recorded', async () => {
    const campaignId = uniqueCampaignId('submit-reuse');
    await seedLifecycle(h.orm, standardLifecycle(campaignId));
    const id = `${campaignId}-sub`;
    await record(submission(campaignId, FAMILY.unvisited, id));
    const before = await versions(campaignId, FAMILY.revisit);

    const otherFamily = await refusal(record(submission(campaignId, FAMILY.revisit, id)));
    expect([otherFamily.type, otherFamily.nonRetryable]).toEqual([FAILURE_TYPES.submissionIdReused, true]);
    expect(otherFamily.message).toMatch(/already used for another family or package/);
    const otherPackage = await refusal(record(submission(campaignId, FAMILY.unvisited, id, `${campaignId}/${DESA_1}/2`)));
    expect(otherPackage.type).toBe(FAILURE_TYPES.submissionIdReused);

    expect(await versions(campaignId, FAMILY.revisit)).toBe(before);
    expect(await versions(campaignId, FAMILY.unvisited)).toBe(1);
    const stored = await rows<{ package_id: string; family_id: string }>(h.orm, 'select package_id, family_id from field_result where submission_id = ?', [id]);
    expect(stored).toEqual([{ package_id: `${campaignId}/${DESA_1}/1`, family_id: FAMILY.unvisited }]);
  });
});
