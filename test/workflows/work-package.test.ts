/**
 * Work packages as human tasks on the real dev server and PostgreSQL: every rejection of the field-result and
 * hand-in validators records nothing; submissions are idempotent by submission id; corrections are versions;
 * an unavailable officer's package moves on; escalation climbs the chain on its timer; a re-visit goes back to
 * assignment; and cancelling the campaign closes every open task.
 */
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { campaignWorkflow } from '../../workflows';
import { campaignWorkflowId, escalationCaseWorkflowId } from '../../domain/contracts/workflow-ids';
import { handInPackageUpdate, officerUnavailableSignal, submitFieldResultUpdate, workPackageStatusQuery } from '../../domain/contracts/work-package';
import { decideCaseUpdate } from '../../domain/contracts/escalation-case';
import { createP3keClient } from '../../activities/p3ke/p3ke-client';
import { startP3keSimulator, type RunningP3keSimulator } from '../../sim/p3ke-api/server';
import { loadIknArea } from '../../domain/regions';
import { openHarness, uniqueCampaignId, type Harness } from '../support/harness';
import { testCampaignConfig, TEST_P3KE_TOKEN } from '../support/campaign-fixtures';
import { insertOfficers, rows, visitWithoutHousehold, waitUntil } from '../support/lifecycle-helpers';
import type { FieldResult } from '../../domain/field-result';

const SEPAKU = '640904';
let h: Harness;
let sim: RunningP3keSimulator;
let campaignId: string;
let campaign: WorkflowHandle;

interface PackageRow {
  id: string;
  officer_id: string;
  family_ids: string[];
}

async function openPackages(): Promise<PackageRow[]> {
  return rows<PackageRow>(
    h.orm,
    `select wp.id, wp.officer_id, array_agg(pf.family_id order by pf.family_id) as family_ids
     from work_package wp join package_family pf on pf.package_id = wp.id
     where wp.campaign_id = ? and wp.status = 'open' and wp.round = 1 group by wp.id order by wp.id`,
    [campaignId],
  );
}

const packageHandle = (id: string) => h.client.workflow.getHandle(`package/${id}`);

async function rejectionType(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
    const cause = (err as WorkflowUpdateFailedError).cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    return (cause as ApplicationFailure).type ?? 'untyped';
  }
  throw new Error('the update was accepted');
}

const resultCount = async (familyId: string): Promise<number> =>
  Number((await rows<{ n: string }>(h.orm, 'select count(*) as n from field_result where campaign_id = ? and family_id = ?', [campaignId, familyId]))[0]?.n);

let packages: PackageRow[] = [];

beforeAll(async () => {
  h = await openHarness();
  sim = await startP3keSimulator({ token: TEST_P3KE_TOKEN, families: 400, defectRate: 0 });
  const sepakuDesa = loadIknArea().desa.filter((d) => d.kecamatanCode === SEPAKU).map((d) => d.code);
  await insertOfficers(h.orm, [
    { id: 'ver-wp-a', role: 'field_verifier', kecamatanCode: SEPAKU, desaCoverage: sepakuDesa },
    { id: 'ver-wp-b', role: 'field_verifier', kecamatanCode: SEPAKU, desaCoverage: sepakuDesa },
    { id: 'sup-wp', role: 'supervisor', kecamatanCode: SEPAKU, desaCoverage: [] },
  ]);
  await h.startWorker({ p3ke: createP3keClient({ baseUrl: sim.url, token: TEST_P3KE_TOKEN, timeoutMs: 5_000 }) });
  campaignId = uniqueCampaignId('wp');
  campaign = await h.client.workflow.start(campaignWorkflow, {
    taskQueue: h.taskQueue,
    workflowId: campaignWorkflowId(campaignId),
    args: [
      {
        campaignId,
        startedBy: 'pm-starter',
        config: testCampaignConfig({
          regionCodes: [SEPAKU],
          maxFamiliesPerPackage: 6,
          timers: { packageDeadlineSeconds: 600, reminderEverySeconds: 2, escalationTimeoutSeconds: 3, approvalDeadlineSeconds: 60 },
        }),
      },
    ],
  });
  packages = await waitUntil(async () => {
    const open = await openPackages();
    const all = await rows<{ n: string }>(h.orm, 'select count(*) as n from work_package where campaign_id = ?', [campaignId]);
    return open.length >= 4 && open.length === Number(all[0]?.n) ? open : undefined;
  }, 60_000, 'open work packages');
});

afterAll(async () => {
  await h?.close();
  await sim?.close();
});

describe('submitFieldResult validator', () => {
  it('when the submission is wrong in any way, then it is rejected with a reason and nothing is recorded', async () => {
    const p = packages[0] as PackageRow;
    const familyId = p.family_ids[0] as string;
    const other = p.officer_id === 'ver-wp-a' ? 'ver-wp-b' : 'ver-wp-a';
    const handle = packageHandle(p.id);
    const good = visitWithoutHousehold(familyId, 'not_found');
    const submit = (officerId: string, result: unknown) =>
      handle.executeUpdate(submitFieldResultUpdate, { args: [{ officerId, result: result as FieldResult }] });

    expect(await rejectionType(submit(other, good))).toBe('WrongOfficer');
    expect(await rejectionType(submit(p.officer_id, { ...good, familyId: 'not-a-family-of-this-package' }))).toBe('FamilyNotInPackage');
    expect(await rejectionType(submit(p.officer_id, { ...good, outcome: 'gone fishing' }))).toBe('MalformedFieldResult');
    expect(await rejectionType(submit(p.officer_id, { ...good, gps: { lat: 'north', lon: 116 } }))).toBe('MalformedFieldResult');
    expect(await rejectionType(submit(p.officer_id, { familyId }))).toBe('MalformedFieldResult');
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
    expect(await rejectionType(submit(p.officer_id, { ...good, visitedAt: tomorrow }))).toBe('MalformedFieldResult');
    expect(await rejectionType(submit(p.officer_id, { ...good, outcome: 'verified' }))).toBe('MalformedFieldResult');

    expect(await resultCount(familyId)).toBe(0);
    expect((await handle.query(workPackageStatusQuery)).submitted).toBe(0);
  });

  it('when the same submission id is sent twice, then one version is recorded and both answers agree', async () => {
    const p = packages[0] as PackageRow;
    const familyId = p.family_ids[0] as string;
    const handle = packageHandle(p.id);
    const args = [{ officerId: p.officer_id, result: visitWithoutHousehold(familyId, 'not_found') }] as const;
    const first = await handle.executeUpdate(submitFieldResultUpdate, { args: [...args], updateId: `sub-${familyId}-1` });
    const again = await handle.executeUpdate(submitFieldResultUpdate, { args: [...args], updateId: `sub-${familyId}-1` });
    expect(again).toEqual(first);
    expect(first.version).toBe(1);
    expect(await resultCount(familyId)).toBe(1);
  });

  it('when a result is corrected before the package closes, then the correction is a new version and the first is kept', async () => {
    const p = packages[0] as PackageRow;
    const familyId = p.family_ids[0] as string;
    const handle = packageHandle(p.id);
    const corrected = await handle.executeUpdate(submitFieldResultUpdate, {
      args: [{ officerId: p.officer_id, result: visitWithoutHousehold(familyId, 'moved') }],
      updateId: `sub-${familyId}-2`,
    });
    expect(corrected.version).toBe(2);
    const versions = await rows<{ version: number; outcome: string }>(h.orm, 'select version, outcome from field_result where campaign_id = ? and family_id = ? order by version', [campaignId, familyId]);
    expect(versions).toEqual([{ version: 1, outcome: 'not_found' }, { version: 2, outcome: 'moved' }]);
  });

  it('when a package is handed in early, then it is refused; once complete it closes and later submissions are refused', async () => {
    const p = packages[0] as PackageRow;
    const handle = packageHandle(p.id);
    expect(await rejectionType(handle.executeUpdate(handInPackageUpdate, { args: [{ officerId: p.officer_id }] }))).toBe('PackageNotComplete');
    for (const familyId of p.family_ids.slice(1)) {
      await handle.executeUpdate(submitFieldResultUpdate, { args: [{ officerId: p.officer_id, result: visitWithoutHousehold(familyId, 'not_found') }] });
    }
    const status = await handle.executeUpdate(handInPackageUpdate, { args: [{ officerId: p.officer_id }] });
    expect(status.submitted).toBe(p.family_ids.length);
    await handle.result();
    const familyId = p.family_ids[1] as string;
    const before = await resultCount(familyId);
    const late = handle.executeUpdate(submitFieldResultUpdate, { args: [{ officerId: p.officer_id, result: visitWithoutHousehold(familyId, 'moved') }] });
    await expect(late).rejects.toThrow();
    expect(await resultCount(familyId)).toBe(before);
    const [row] = await rows<{ status: string }>(h.orm, 'select status from work_package where id = ?', [p.id]);
    expect(row?.status).toBe('closed');
  });
});

describe('reassignment', () => {
  it('when the officer becomes unavailable, then the package moves to another officer and the old officer is refused', async () => {
    const p = packages[1] as PackageRow;
    const handle = packageHandle(p.id);
    await handle.signal(officerUnavailableSignal, { officerId: p.officer_id });
    const moved = await waitUntil(async () => {
      const s = await handle.query(workPackageStatusQuery);
      return s.officerId !== p.officer_id ? s : undefined;
    }, 20_000, 'reassignment');
    expect(moved.reassignments).toBe(1);
    const familyId = p.family_ids[0] as string;
    const refused = handle.executeUpdate(submitFieldResultUpdate, { args: [{ officerId: p.officer_id, result: visitWithoutHousehold(familyId, 'not_found') }] });
    expect(await rejectionType(refused)).toBe('WrongOfficer');
    const [row] = await rows<{ officer_id: string }>(h.orm, 'select officer_id from work_package where id = ?', [p.id]);
    expect(row?.officer_id).toBe(moved.officerId);
    const audit = await rows<{ action: string }>(h.orm, `select action from audit_log where entity = 'work_package' and entity_id = ?`, [p.id]);
    expect(audit.map((a) => a.action)).toContain('package.reassign.officer_unavailable');
  });
});

describe('escalation', () => {
  it('when nobody answers a case in time, then it climbs to a program manager; a re-visit order sends the family back to assignment', async () => {
    const p = packages[2] as PackageRow;
    const handle = packageHandle(p.id);
    const [deceased, ...rest] = p.family_ids as [string, ...string[]];
    await handle.executeUpdate(submitFieldResultUpdate, { args: [{ officerId: p.officer_id, result: visitWithoutHousehold(deceased, 'deceased') }] });
    for (const familyId of rest) {
      await handle.executeUpdate(submitFieldResultUpdate, { args: [{ officerId: p.officer_id, result: visitWithoutHousehold(familyId, 'not_found') }] });
    }
    await handle.executeUpdate(handInPackageUpdate, { args: [{ officerId: p.officer_id }] });

    const caseHandle = h.client.workflow.getHandle(escalationCaseWorkflowId(campaignId, deceased));
    const escalated = await waitUntil(async () => {
      const [c] = await rows<{ level: string }>(h.orm, 'select level from escalation_case where campaign_id = ? and family_id = ?', [campaignId, deceased]);
      return c?.level === 'program_manager' ? c : undefined;
    }, 30_000, 'escalation to the program manager');
    expect(escalated.level).toBe('program_manager');

    const bySupervisor = caseHandle.executeUpdate(decideCaseUpdate, { args: [{ decision: 'keep_p3ke', reason: 'data lama', decidedBy: 'sup-wp', role: 'supervisor' }] });
    expect(await rejectionType(bySupervisor)).toBe('WrongRole');
    expect(await rejectionType(caseHandle.executeUpdate(decideCaseUpdate, { args: [{ decision: 'revisit', reason: '', decidedBy: 'pm-x', role: 'program_manager' }] }))).toBe('MalformedDecision');

    const decision = await caseHandle.executeUpdate(decideCaseUpdate, { args: [{ decision: 'revisit', reason: 'kunjungi ulang', decidedBy: 'pm-x', role: 'program_manager' }] });
    expect(decision).toMatchObject({ decision: 'revisit', level: 'program_manager', decidedBy: 'pm-x' });
    const audit = await rows<{ action: string; actor: string }>(h.orm, `select action, actor from audit_log where entity = 'escalation_case' and entity_id = ? order by id`, [`${campaignId}/${deceased}`]);
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['case.open', 'case.escalate', 'case.decide']));
    expect(audit.find((a) => a.action === 'case.decide')?.actor).toBe('pm-x');

    const revisit = await waitUntil(async () => {
      const [r] = await rows<{ id: string; status: string }>(
        h.orm,
        `select wp.id, wp.status from work_package wp join package_family pf on pf.package_id = wp.id where wp.campaign_id = ? and wp.round = 2 and pf.family_id = ?`,
        [campaignId, deceased],
      );
      return r?.status === 'open' ? r : undefined;
    }, 30_000, 'the re-visit package');
    expect(revisit.id).toContain(campaignId);
  });
});

describe('cancellation', () => {
  it('when the campaign is cancelled, then every open task is closed as cancelled and the campaign says so', async () => {
    await campaign.cancel();
    await expect(campaign.result()).rejects.toThrow();
    const open = await waitUntil(async () => {
      const r = await rows<{ n: string }>(h.orm, `select count(*) as n from work_package where campaign_id = ? and status in ('open', 'pending')`, [campaignId]);
      return Number(r[0]?.n) === 0 ? r : undefined;
    }, 30_000, 'packages to close');
    expect(open).toBeDefined();
    const families = await rows<{ status: string }>(h.orm, `select distinct status from package_family where campaign_id = ?`, [campaignId]);
    expect(families.map((f) => f.status)).not.toContain('open');
    const [row] = await rows<{ status: string }>(h.orm, 'select status from campaign where id = ?', [campaignId]);
    expect(row?.status).toBe('cancelled');
  });
});
