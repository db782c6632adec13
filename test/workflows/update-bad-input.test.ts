/**
 * Bad input sent straight to the Workflow Updates (what a client other than the API could send), on the real dev
 * server and PostgreSQL, through one small campaign from the field to the plan: submitFieldResult and
 * handInPackage on a work package, decideCase on an escalation case, decidePlan on the campaign. Every case is
 * refused by the synchronous validator with a typed ApplicationFailure, leaves no event in the workflow's history
 * (a refused Update is never written), leaves every table as it was, and the workflow goes on running. Injection
 * and script strings in free text are accepted and stored verbatim (parameterised SQL; nothing renders them here).
 *
 * Cases test/workflows/work-package.test.ts and deadlines-and-plan.test.ts already make (wrong officer, family not
 * in the package, bad outcome or GPS, a visit tomorrow, a rejection without reason) are not repeated.
 */
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { randomUUID } from 'node:crypto';
import { createP3keClient } from '../../activities/p3ke/p3ke-client';
import { campaignProgressQuery, decidePlanUpdate } from '../../domain/contracts/campaign';
import { decideCaseUpdate, escalationCaseStatusQuery } from '../../domain/contracts/escalation-case';
import { handInPackageUpdate, submitFieldResultUpdate, workPackageStatusQuery } from '../../domain/contracts/work-package';
import { campaignWorkflowId, escalationCaseWorkflowId } from '../../domain/contracts/workflow-ids';
import type { FieldResult } from '../../domain/field-result';
import type { Desa } from '../../domain/regions';
import { makeFieldResult } from '../../sim/field-actors/field-result-maker';
import { familiesToVisit } from '../../sim/field-actors/package-reader';
import { startP3keSimulator, type RunningP3keSimulator } from '../../sim/p3ke-api/server';
import { campaignWorkflow } from '../../workflows';
import { snapshotTables } from '../api/api-harness';
import { testCampaignConfig, TEST_P3KE_TOKEN } from '../support/campaign-fixtures';
import { openHarness, uniqueCampaignId, type Harness } from '../support/harness';
import { insertOfficers, rows, visitWithoutHousehold, waitUntil } from '../support/lifecycle-helpers';

const DESA: Desa = { code: '3173051001', dotted: '31.73.05.1001', name: 'Uji Update', level: 'kelurahan', kecamatanCode: '317305', kecamatanName: 'Kebon Jeruk', kabupaten: 'Kota Administrasi Jakarta Barat' };
const HOSTILE = `Uji'); DROP TABLE field_result; -- <script>alert("x")</script>`;
const STARTER = 'pm-upd-starter';
const OFFICERS = ['ver-upd-a', 'ver-upd-b'];
const FAITHFUL = { notVerified: 0, housingChanged: 0, memberChanged: 0, newborn: 0, nikCorrected: 0 };

let h: Harness;
let sim: RunningP3keSimulator;
let campaign: WorkflowHandle;
const campaignId = uniqueCampaignId('upd-bad');
let packages: { id: string; officer_id: string; family_ids: string[] }[] = [];

interface BadUpdate {
  label: string;
  send: () => Promise<unknown>;
  /** The ApplicationFailure type the validator refuses with. */
  type: string;
}

/** The failure type of a refused update, or 'accepted'. */
async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'accepted';
  } catch (err) {
    if (!(err instanceof WorkflowUpdateFailedError)) throw err;
    const cause = err.cause;
    return cause instanceof ApplicationFailure ? (cause.type ?? 'untyped') : `not an ApplicationFailure: ${String(cause)}`;
  }
}

const E = temporal.api.enums.v1.EventType;
/** A workflow task that ran and completed; a failed task is left in, as it would be a crash worth seeing. */
const WORKFLOW_TASK_EVENTS = new Set<number>([E.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED, E.EVENT_TYPE_WORKFLOW_TASK_STARTED, E.EVENT_TYPE_WORKFLOW_TASK_COMPLETED, E.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT]);

/**
 * Tables, and the workflow's history, status and query answer: all equal means the update left nothing. The
 * history is compared without workflow-task events: the server may record a task that ran only a validator (an
 * update that arrives while a task is pending is not speculative), and such a task carries no command.
 */
async function state(handle: WorkflowHandle, query: () => Promise<unknown>): Promise<unknown> {
  const history = await handle.fetchHistory();
  const events = (history.events ?? []).filter((e) => !WORKFLOW_TASK_EVENTS.has(e.eventType ?? 0));
  return { tables: await snapshotTables(h.orm), events: events.map((e) => e.eventType), status: (await handle.describe()).status.name, query: await query() };
}

async function expectRefusedWithoutTrace(handle: WorkflowHandle, query: () => Promise<unknown>, cases: BadUpdate[]): Promise<void> {
  // Settled first (two looks a second apart agree): a timer or activity of the workflow's own is not the cases'.
  const before = await waitUntil(async () => {
    const first = await state(handle, query);
    await new Promise((r) => setTimeout(r, 1000));
    return JSON.stringify(first) === JSON.stringify(await state(handle, query)) ? first : undefined;
  }, 20_000, 'the workflow to settle');
  const outcomes: [string, string][] = [];
  for (const c of cases) outcomes.push([c.label, await refusal(c.send())]);
  expect(outcomes).toEqual(cases.map((c) => [c.label, c.type]));
  expect(await state(handle, query)).toEqual(before);
}

const past = () => new Date(Date.now() - 3_600_000).toISOString();
const member = (nik: string, tanggal_lahir = '1990-01-15') => ({ nik, nama: 'Uji', hubungan_dengan_kepala_keluarga: 'kepala_keluarga', jenis_kelamin: 'L', tanggal_lahir, hamil: false });
const verifiedWith = (familyId: string, members: unknown[]) => ({ ...visitWithoutHousehold(familyId, 'not_found', past()), outcome: 'verified', members });

beforeAll(async () => {
  h = await openHarness();
  sim = await startP3keSimulator({ token: TEST_P3KE_TOKEN, families: 5, defectRate: 0, area: [DESA] });
  await insertOfficers(h.orm, OFFICERS.map((id) => ({ id, role: 'field_verifier' as const, kecamatanCode: DESA.kecamatanCode, desaCoverage: [DESA.code] })));
  await h.startWorker({ p3ke: createP3keClient({ baseUrl: sim.url, token: TEST_P3KE_TOKEN, timeoutMs: 5_000 }) });
  campaign = await h.client.workflow.start(campaignWorkflow, {
    taskQueue: h.taskQueue,
    workflowId: campaignWorkflowId(campaignId),
    args: [{
      campaignId,
      startedBy: STARTER,
      config: testCampaignConfig({
        regionCodes: [DESA.kecamatanCode],
        maxFamiliesPerPackage: 3,
        maxRevisitRounds: 0,
        // Long timers: no reminder, deadline or escalation fires while the cases run.
        timers: { packageDeadlineSeconds: 1800, reminderEverySeconds: 1800, escalationTimeoutSeconds: 1800, approvalDeadlineSeconds: 1800 },
      }),
    }],
  });
  packages = await waitUntil(async () => {
    const r = await rows<{ id: string; officer_id: string; status: string; family_ids: string[] }>(
      h.orm,
      `select wp.id, wp.officer_id, wp.status, array_agg(pf.family_id order by pf.family_id) as family_ids
       from work_package wp join package_family pf on pf.package_id = wp.id where wp.campaign_id = ? group by wp.id order by wp.id`,
      [campaignId],
    );
    return r.length > 0 && r.every((p) => p.status === 'open') ? r : undefined;
  }, 60_000, 'open packages');
});
afterAll(async () => {
  await campaign?.terminate('test done').catch(() => undefined);
  await h?.close();
  await sim?.close();
});

describe('updates refuse bad input and leave no trace', () => {
  it('when submitFieldResult gets a non-object, wrong types, invalid NIKs or a birth in the future, then the validator refuses it', async () => {
    const p = packages[0]!;
    const handle = h.client.workflow.getHandle(`package/${p.id}`);
    const family = p.family_ids[0]!;
    const submit = (submission: unknown) => handle.executeUpdate(submitFieldResultUpdate, { args: [submission as never], updateId: `bad-${randomUUID()}` });
    const as = (result: unknown) => submit({ officerId: p.officer_id, result });
    await expectRefusedWithoutTrace(handle, () => handle.query(workPackageStatusQuery), [
      { label: 'no submission at all', send: () => handle.executeUpdate(submitFieldResultUpdate, { args: [] as never }), type: 'MalformedFieldResult' },
      { label: 'the submission is null', send: () => submit(null), type: 'MalformedFieldResult' },
      { label: 'the submission is a string', send: () => submit('hasil'), type: 'MalformedFieldResult' },
      { label: 'officerId is a number', send: () => submit({ officerId: 42, result: visitWithoutHousehold(family, 'moved', past()) }), type: 'WrongOfficer' },
      { label: 'the result is null', send: () => as(null), type: 'MalformedFieldResult' },
      { label: 'familyId is a number', send: () => as({ ...visitWithoutHousehold(family, 'moved', past()), familyId: 7 }), type: 'MalformedFieldResult' },
      { label: 'members is not a list', send: () => as({ ...verifiedWith(family, []), members: 'semua' }), type: 'MalformedFieldResult' },
      { label: 'a NIK with day 32', send: () => as(verifiedWith(family, [member('6409043201900001')])), type: 'MalformedFieldResult' },
      { label: 'a NIK with serial 0000', send: () => as(verifiedWith(family, [member('6409041501900000')])), type: 'MalformedFieldResult' },
      { label: 'a NIK with region 00', send: () => as(verifiedWith(family, [member('0000001501900001')])), type: 'MalformedFieldResult' },
      { label: 'a NIK of 30 February', send: () => as(verifiedWith(family, [member('6409043002900001')])), type: 'MalformedFieldResult' },
      { label: 'a NIK of 15 digits', send: () => as(verifiedWith(family, [member('640904150190001')])), type: 'MalformedFieldResult' },
      { label: 'a member born in 2099', send: () => as(verifiedWith(family, [member('6409041501990001', '2099-01-15')])), type: 'MalformedFieldResult' },
      { label: 'a note of 100 000 characters', send: () => as({ ...visitWithoutHousehold(family, 'moved', past()), note: 'x'.repeat(100_000) }), type: 'MalformedFieldResult' },
      { label: 'an SQL string as the family', send: () => as({ ...visitWithoutHousehold(family, 'moved', past()), familyId: HOSTILE.slice(0, 60) }), type: 'FamilyNotInPackage' },
    ]);
    expect((await handle.describe()).status.name).toBe('RUNNING');
  });

  it('when handInPackage gets no input, a wrong type or comes early, then it is refused', async () => {
    const p = packages[0]!;
    const handle = h.client.workflow.getHandle(`package/${p.id}`);
    const handIn = (input: unknown) => handle.executeUpdate(handInPackageUpdate, { args: [input as never] });
    await expectRefusedWithoutTrace(handle, () => handle.query(workPackageStatusQuery), [
      { label: 'no input', send: () => handle.executeUpdate(handInPackageUpdate, { args: [] as never }), type: 'MalformedHandIn' },
      { label: 'the input is null', send: () => handIn(null), type: 'MalformedHandIn' },
      { label: 'officerId is a number', send: () => handIn({ officerId: 42 }), type: 'WrongOfficer' },
      { label: 'before every family has a result', send: () => handIn({ officerId: p.officer_id }), type: 'PackageNotComplete' },
    ]);
  });

  it('when a submission id is replayed or reused, then one row is recorded and the first answer comes back; free text is stored verbatim', async () => {
    const p = packages[0]!;
    const handle = h.client.workflow.getHandle(`package/${p.id}`);
    const [first, second] = p.family_ids as [string, string];
    const submissionId = `sub-${randomUUID()}`;
    const result: FieldResult = { ...visitWithoutHousehold(first, 'deceased', past()), note: HOSTILE };
    const receipt = await handle.executeUpdate(submitFieldResultUpdate, { args: [{ officerId: p.officer_id, result }], updateId: submissionId });
    const tables = await snapshotTables(h.orm);
    const again = await handle.executeUpdate(submitFieldResultUpdate, { args: [{ officerId: p.officer_id, result }], updateId: submissionId });
    expect(again).toEqual(receipt);
    // Temporal answers an update id once per run: the same id with another family gets the first receipt (the
    // family id in it shows the mix-up), and nothing is recorded. The API refuses this case with 409 before Temporal.
    const reused = await handle.executeUpdate(submitFieldResultUpdate, { args: [{ officerId: p.officer_id, result: visitWithoutHousehold(second, 'moved', past()) }], updateId: submissionId });
    expect(reused).toEqual(receipt);
    expect(await snapshotTables(h.orm)).toEqual(tables);
    const stored = await rows<{ note: string }>(h.orm, `select payload->>'note' as note from field_result where submission_id = ?`, [submissionId]);
    expect(stored).toEqual([{ note: HOSTILE }]);
  });

  it('when decideCase gets no input, an unknown decision, a bad reason or the wrong role, then it is refused', async () => {
    // Every other family verified as the record says (so a plan follows), every package handed in.
    const escalating = new Set((await rows<{ family_id: string }>(h.orm, 'select distinct family_id from field_result where campaign_id = ?', [campaignId])).map((r) => r.family_id));
    for (const p of packages) {
      const handle = h.client.workflow.getHandle(`package/${p.id}`);
      for (const f of (await familiesToVisit(h.orm, campaignId, p.id)).filter((x) => !escalating.has(x.family.id_keluarga_p3ke))) {
        const result = makeFieldResult({ seed: 7, family: f.family, members: f.members, visitedAt: past(), shares: FAITHFUL });
        const receipt = await handle.executeUpdate(submitFieldResultUpdate, { args: [{ officerId: p.officer_id, result }] });
        if (receipt.escalate) escalating.add(receipt.familyId);
      }
      await handle.executeUpdate(handInPackageUpdate, { args: [{ officerId: p.officer_id }] });
    }
    const cases = await waitUntil(async () => {
      const r = await rows<{ family_id: string }>(h.orm, `select family_id from escalation_case where campaign_id = ? and status = 'open' order by family_id`, [campaignId]);
      return r.length === escalating.size ? r.map((c) => c.family_id) : undefined;
    }, 30_000, 'a case for every escalated family');
    const handle = h.client.workflow.getHandle(escalationCaseWorkflowId(campaignId, cases[0]!));
    await waitUntil(async () => (await handle.query(escalationCaseStatusQuery)).open, 10_000, 'the case workflow');
    const decide = (d: unknown) => handle.executeUpdate(decideCaseUpdate, { args: [d as never] });
    const ok = { decision: 'accept_field', reason: 'dicek dengan KK', decidedBy: 'spv-upd', role: 'supervisor' };
    await expectRefusedWithoutTrace(handle, () => handle.query(escalationCaseStatusQuery), [
      { label: 'no decision at all', send: () => handle.executeUpdate(decideCaseUpdate, { args: [] as never }), type: 'MalformedDecision' },
      { label: 'the decision is null', send: () => decide(null), type: 'MalformedDecision' },
      { label: 'an unknown decision', send: () => decide({ ...ok, decision: 'approve' }), type: 'MalformedDecision' },
      { label: 'the decision is a number', send: () => decide({ ...ok, decision: 1 }), type: 'MalformedDecision' },
      { label: 'no reason', send: () => decide({ ...ok, reason: undefined }), type: 'MalformedDecision' },
      { label: 'a reason of blanks', send: () => decide({ ...ok, reason: '    ' }), type: 'MalformedDecision' },
      { label: 'a reason of 1001 characters', send: () => decide({ ...ok, reason: 'x'.repeat(1001) }), type: 'MalformedDecision' },
      { label: 'no decidedBy', send: () => decide({ ...ok, decidedBy: '' }), type: 'MalformedDecision' },
      { label: 'an officer deciding', send: () => decide({ ...ok, role: 'officer' }), type: 'WrongRole' },
      { label: 'no role', send: () => decide({ ...ok, role: undefined }), type: 'WrongRole' },
    ]);
    // The real decisions, one with a hostile reason, stored verbatim.
    for (const familyId of cases) {
      await h.client.workflow.getHandle(escalationCaseWorkflowId(campaignId, familyId)).executeUpdate(decideCaseUpdate, { args: [{ ...ok, reason: HOSTILE } as never] });
    }
    const reasons = await rows<{ reason: string }>(h.orm, 'select distinct reason from escalation_case where campaign_id = ?', [campaignId]);
    expect(reasons).toEqual([{ reason: HOSTILE }]);
  });

  it('when decidePlan gets no input, an unknown decision, the wrong role or bad programmes, then it is refused', async () => {
    await waitUntil(async () => (await campaign.query(campaignProgressQuery)).phase === 'approval', 60_000, 'the plan to wait for approval');
    const decide = (d: unknown) => campaign.executeUpdate(decidePlanUpdate, { args: [d as never] });
    const ok = { decision: 'approve', reason: 'sesuai anggaran', decidedBy: 'pm-upd-approver', role: 'program_manager' };
    await expectRefusedWithoutTrace(campaign, () => campaign.query(campaignProgressQuery), [
      { label: 'no decision at all', send: () => campaign.executeUpdate(decidePlanUpdate, { args: [] as never }), type: 'InvalidDecision' },
      { label: 'the decision is null', send: () => decide(null), type: 'InvalidDecision' },
      { label: 'an unknown decision', send: () => decide({ ...ok, decision: 'maybe' }), type: 'InvalidDecision' },
      { label: 'a supervisor deciding', send: () => decide({ ...ok, role: 'supervisor' }), type: 'ForbiddenRole' },
      { label: 'no decidedBy', send: () => decide({ ...ok, decidedBy: undefined }), type: 'InvalidDecision' },
      { label: 'the reason is a number', send: () => decide({ ...ok, reason: 5 }), type: 'InvalidDecision' },
      { label: 'a reason of 1001 characters', send: () => decide({ ...ok, reason: 'x'.repeat(1001) }), type: 'InvalidDecision' },
      { label: 'a partial approval of no programmes', send: () => decide({ ...ok, decision: 'approve_partial', programmes: [] }), type: 'InvalidDecision' },
      { label: 'programmes as a string', send: () => decide({ ...ok, decision: 'approve_partial', programmes: 'pkh' }), type: 'InvalidDecision' },
    ]);
    const decided = await decide({ ...ok, reason: HOSTILE });
    expect(decided).toMatchObject({ status: 'approved' });
    expect(await rows(h.orm, 'select reason from intervention_plan where campaign_id = ?', [campaignId])).toEqual([{ reason: HOSTILE }]);
  });
});
