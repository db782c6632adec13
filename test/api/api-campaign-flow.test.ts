/**
 * One campaign driven through the HTTP API on the real stack (dev server, PostgreSQL, P3KE simulator, worker):
 * a program manager starts it, officers verify every family, a supervisor decides the escalations, another
 * program manager decides the plan, and the close-out files are downloaded. Along the way each role is refused
 * what it may not do, bad submissions record nothing, a resend gets the same receipt, and every human action and
 * every read of personal data is in the audit log.
 *
 * The campaign area is a desa outside the IKN area (Cengkareng, Jakarta) so that no other test file's officers
 * cover it and every package lands with this file's officers.
 */
import { randomUUID } from 'node:crypto';
import { createP3keClient } from '../../activities/p3ke/p3ke-client';
import { campaignWorkflowId } from '../../domain/contracts/workflow-ids';
import type { Desa } from '../../domain/regions';
import { startP3keSimulator, type RunningP3keSimulator } from '../../sim/p3ke-api/server';
import { TEST_P3KE_TOKEN } from '../support/campaign-fixtures';
import { verifiedVisit, type FamilyView } from './family-view';
import { insertOfficers, rows, visitWithoutHousehold, waitUntil } from '../support/lifecycle-helpers';
import { uniqueCampaignId } from '../support/harness';
import { call, countRows, errorCode, openApiHarness, seedUsers, type ApiHarness, type CallResult } from './api-harness';

const DESA: Desa = { code: '3173011001', dotted: '31.73.01.1001', name: 'Uji API', level: 'kelurahan', kecamatanCode: '317301', kecamatanName: 'Cengkareng', kabupaten: 'Kota Administrasi Jakarta Barat' };
const OTHER_KECAMATAN = '317302';
const P = `flow${randomUUID().slice(0, 6)}`;
const VER_A = `${P}-ver-a`;
const VER_B = `${P}-ver-b`;
/** Stored and echoed as text, never executed (parameterised SQL, JSON responses). */
const HOSTILE = `Uji'); DROP TABLE campaign; -- <script>alert("x")</script>`;

interface PackageView {
  package: { packageId: string; officerId: string; familyCount: number };
  families: FamilyView[];
}
interface OpenPackage {
  packageId: string;
  path: string;
  families: number;
  submitted: number;
}
interface Receipt {
  familyId: string;
  version: number;
  mismatchTypes: string[];
  escalate: boolean;
}

let api: ApiHarness;
let sim: RunningP3keSimulator;
let t: Record<'pmStarter' | 'pmApprover' | 'pmElsewhere' | 'supIn' | 'supOut' | 'admin' | 'verA' | 'verB', string>;
const campaignId = uniqueCampaignId('api');
const receipts: Receipt[] = [];
let firstSubmission: { packageId: string; body: unknown; response: unknown } | undefined;


const packageUrl = (id: string): string => `/packages/${encodeURIComponent(id)}`;
const myPackages = async (token: string): Promise<OpenPackage[]> => (await call<{ packages: OpenPackage[] }>(api, 'GET', '/me/packages', { token })).body.packages;
const viewPackage = (token: string, id: string): Promise<CallResult<PackageView>> => call<PackageView>(api, 'GET', packageUrl(id), { token });
const submit = (token: string, packageId: string, body: unknown): Promise<CallResult<{ receipt: Receipt }>> =>
  call<{ receipt: Receipt }>(api, 'POST', `${packageUrl(packageId)}/results`, { token, body });
const resultCount = async (): Promise<number> => Number((await rows<{ n: string }>(api.h.orm, 'select count(*) as n from field_result where campaign_id = ?', [campaignId]))[0]?.n);
const campaignDetail = (token: string) => call<{ campaign: { status: string; name: string } | null; progress: { phase: string } | null }>(api, 'GET', `/campaigns/${campaignId}`, { token });

beforeAll(async () => {
  api = await openApiHarness();
  sim = await startP3keSimulator({ token: TEST_P3KE_TOKEN, families: 14, defectRate: 0, area: [DESA] });
  await insertOfficers(api.h.orm, [
    { id: VER_A, role: 'field_verifier', kecamatanCode: DESA.kecamatanCode, desaCoverage: [DESA.code] },
    { id: VER_B, role: 'field_verifier', kecamatanCode: DESA.kecamatanCode, desaCoverage: [DESA.code] },
  ]);
  t = await seedUsers(api.h.orm, {
    pmStarter: { id: `${P}-pm-start`, name: 'PM Starter', role: 'program_manager', allAreas: true },
    pmApprover: { id: `${P}-pm-approve`, name: 'PM Approver', role: 'program_manager', allAreas: true },
    pmElsewhere: { id: `${P}-pm-else`, name: 'PM Elsewhere', role: 'program_manager', kecamatanCodes: [OTHER_KECAMATAN] },
    supIn: { id: `${P}-sup-in`, name: 'Supervisor here', role: 'supervisor', kecamatanCodes: [DESA.kecamatanCode] },
    supOut: { id: `${P}-sup-out`, name: 'Supervisor elsewhere', role: 'supervisor', kecamatanCodes: [OTHER_KECAMATAN] },
    admin: { id: `${P}-admin`, name: 'Admin', role: 'admin' },
    verA: { id: VER_A, name: 'Officer A', role: 'officer' },
    verB: { id: VER_B, name: 'Officer B', role: 'officer' },
  });
  await api.h.startWorker({ p3ke: createP3keClient({ baseUrl: sim.url, token: TEST_P3KE_TOKEN, timeoutMs: 5_000 }) });
});

afterAll(async () => {
  await api?.close();
  await sim?.close();
});

const config = {
  name: HOSTILE,
  regionCodes: [DESA.kecamatanCode],
  desilMin: 1,
  desilMax: 10,
  ingestPageSize: 50,
  timers: { packageDeadlineSeconds: 600, reminderEverySeconds: 2, escalationTimeoutSeconds: 600, approvalDeadlineSeconds: 600 },
  maxFamiliesPerPackage: 4,
  maxReassignments: 1,
  maxRevisitRounds: 0,
  budgetRupiah: 1_000_000_000_000,
};

describe('a campaign through the HTTP API', () => {
  it('when a program manager starts a campaign, then 201; the same id again is 409; a manager of another area is refused', async () => {
    const elsewhere = await call(api, 'POST', '/campaigns', { token: t.pmElsewhere, body: { id: campaignId, config } });
    expect([elsewhere.status, errorCode(elsewhere)]).toEqual([403, 'outside_area']);

    const started = await call(api, 'POST', '/campaigns', { token: t.pmStarter, body: { id: campaignId, config } });
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({ campaignId, workflowId: campaignWorkflowId(campaignId), startedBy: `${P}-pm-start` });
    const again = await call(api, 'POST', '/campaigns', { token: t.pmStarter, body: { id: campaignId, config } });
    expect([again.status, errorCode(again)]).toEqual([409, 'campaign_exists']);
  });

  it('while it runs, then readers of the area see it with live progress, others are refused, and the report is not ready', async () => {
    await waitUntil(async () => {
      const r = await rows<{ open: string; all: string }>(api.h.orm, `select count(*) filter (where status = 'open') as open, count(*) as all from work_package where campaign_id = ?`, [campaignId]);
      return Number(r[0]?.all) > 0 && r[0]?.open === r[0]?.all;
    }, 60_000, 'open work packages');

    const seen = await campaignDetail(t.supIn);
    expect(seen.status).toBe(200);
    expect(seen.body.campaign?.name).toBe(HOSTILE);
    expect(seen.body.progress?.phase).toBe('field');
    expect((await countRows(api.h.orm, ['campaign']))['campaign']).toBeGreaterThan(0);

    const outside = await campaignDetail(t.supOut);
    expect([outside.status, errorCode(outside)]).toEqual([403, 'outside_area']);
    const listed = async (token: string) => (await call<{ campaigns: { id: string }[] }>(api, 'GET', '/campaigns', { token })).body.campaigns.map((c) => c.id);
    expect(await listed(t.pmStarter)).toContain(campaignId);
    expect(await listed(t.supOut)).not.toContain(campaignId);

    const report = await call(api, 'GET', `/campaigns/${campaignId}/report`, { token: t.pmStarter });
    expect([report.status, errorCode(report)]).toEqual([409, 'not_ready']);
    const plan = await call(api, 'GET', `/campaigns/${campaignId}/plan`, { token: t.pmStarter });
    expect([plan.status, errorCode(plan)]).toEqual([404, 'no_plan']);
  });

  it('when officers open their inbox and a package, then they see only their own, with the data the visit needs, and each read is audited', async () => {
    const [a, b] = [await myPackages(t.verA), await myPackages(t.verB)];
    expect(a.length).toBeGreaterThan(0);
    expect(b.length).toBeGreaterThan(0);
    expect(a.filter((p) => b.some((q) => q.packageId === p.packageId))).toEqual([]);

    const first = a[0] as OpenPackage;
    const view = await viewPackage(t.verA, first.packageId);
    expect(view.status).toBe(200);
    expect(view.headers['cache-control']).toBe('no-store');
    expect(view.body.families).toHaveLength(first.families);
    const family = view.body.families[0] as FamilyView;
    expect(family.members.length).toBeGreaterThan(0);
    expect(Object.keys(family.members[0] ?? {}).sort()).toEqual(['hubungan_dengan_kepala_keluarga', 'jenis_kelamin', 'nama', 'nik', 'tanggal_lahir']);
    expect(JSON.stringify(view.body)).not.toMatch(/desil|hamil|pekerjaan|pendidikan|resiko_stunting|padan_dukcapil/);
    const reads = await rows<{ entity_id: string }>(api.h.orm, `select entity_id from audit_log where action = 'read.personal_data' and actor = ? and campaign_id = ?`, [VER_A, campaignId]);
    expect(reads.map((r) => r.entity_id).sort()).toEqual(view.body.families.map((f) => `${campaignId}/${f.familyId}`).sort());

    const other = await viewPackage(t.verB, first.packageId);
    expect([other.status, errorCode(other)]).toEqual([403, 'wrong_officer']);
    expect((await viewPackage(t.supIn, first.packageId)).status).toBe(403);
  });

  it('when a result is wrong in any way, then it is refused with a reason and nothing is recorded; a good one is receipted once, however often it is sent', async () => {
    const [pkgA] = await myPackages(t.verA);
    const [pkgB] = await myPackages(t.verB);
    const viewA = (await viewPackage(t.verA, (pkgA as OpenPackage).packageId)).body;
    const viewB = (await viewPackage(t.verB, (pkgB as OpenPackage).packageId)).body;
    const family = viewA.families[0] as FamilyView;
    const good = verifiedVisit(family, 1);
    const before = await countRows(api.h.orm, ['field_result', 'mismatch']);
    const submissions = async () => Number((await rows<{ n: string }>(api.h.orm, `select count(*) as n from audit_log where action = 'api.field_result.submit' and campaign_id = ?`, [campaignId]))[0]?.n);
    const id = () => `sub-${randomUUID()}`;
    const pkg = viewA.package.packageId;

    const badNik = await submit(t.verA, pkg, { submissionId: id(), result: { ...good, members: [{ ...good.members[0], nik: '123' }, ...good.members.slice(1)] } });
    expect([badNik.status, errorCode(badNik)]).toEqual([400, 'invalid_request']);
    expect(JSON.stringify(badNik.body)).toContain('body.result.members[0].nik');
    const future = await submit(t.verA, pkg, { submissionId: id(), result: { ...good, visitedAt: new Date(Date.now() + 86_400_000).toISOString() } });
    expect([future.status, (future.body as unknown as { error: { issues: { path: string }[] } }).error.issues.map((i) => i.path)]).toEqual([400, ['body.result.visitedAt']]);
    const unknown = await submit(t.verA, pkg, { submissionId: id(), result: { ...good, familyId: 'NO-SUCH-FAMILY' } });
    expect([unknown.status, errorCode(unknown)]).toEqual([404, 'unknown_family']);
    const elsewhere = await submit(t.verA, pkg, { submissionId: id(), result: visitWithoutHousehold((viewB.families[0] as FamilyView).familyId, 'not_found') });
    expect([elsewhere.status, errorCode(elsewhere)]).toEqual([404, 'family_not_in_package']);
    const wrongOfficer = await submit(t.verB, pkg, { submissionId: id(), result: good });
    expect([wrongOfficer.status, errorCode(wrongOfficer)]).toEqual([403, 'wrong_officer']);
    const malformed = await call(api, 'POST', `${packageUrl(pkg)}/results`, { token: t.verA, payload: '{"submissionId": "sub-12345678", "result": {' });
    expect([malformed.status, errorCode(malformed)]).toEqual([400, 'malformed_json']);
    const oversized = await call(api, 'POST', `${packageUrl(pkg)}/results`, { token: t.verA, payload: JSON.stringify({ submissionId: id(), result: { ...good, note: 'x'.repeat(300 * 1024) } }) });
    expect([oversized.status, errorCode(oversized)]).toEqual([413, 'payload_too_large']);
    expect(await countRows(api.h.orm, ['field_result', 'mismatch'])).toEqual(before);
    expect(await submissions()).toBe(0);

    const submissionId = id();
    const withNote = { ...good, note: HOSTILE };
    const first = await submit(t.verA, pkg, { submissionId, result: withNote });
    expect(first.status).toBe(200);
    expect(first.body.receipt).toMatchObject({ familyId: family.familyId, version: 1 });
    const resent = await submit(t.verA, pkg, { submissionId, result: withNote });
    expect(resent.status).toBe(200);
    expect(resent.body).toEqual(first.body);
    expect(await resultCount()).toBe(1);
    expect(await submissions()).toBe(1);
    const [stored] = await rows<{ note: string }>(api.h.orm, `select payload->>'note' as note from field_result where submission_id = ?`, [submissionId]);
    expect(stored?.note).toBe(HOSTILE);
    const reused = await submit(t.verA, pkg, { submissionId, result: verifiedVisit(viewA.families[1] as FamilyView, 1) });
    expect([reused.status, errorCode(reused)]).toEqual([409, 'submission_id_reused']);
    receipts.push(first.body.receipt);
    firstSubmission = { packageId: pkg, body: { submissionId, result: withNote }, response: first.body };
  });

  it('when an officer is marked unavailable, then each of their open packages moves to the other officer', async () => {
    const fromB = await myPackages(t.verB);
    const moved = await call<{ signalledPackages: string[] }>(api, 'POST', `/officers/${VER_B}/unavailable`, { token: t.admin });
    expect(moved.status).toBe(200);
    expect([...moved.body.signalledPackages].sort()).toEqual(fromB.map((p) => p.packageId).sort());
    await waitUntil(async () => (await myPackages(t.verB)).length === 0, 20_000, 'packages to leave officer B');
    const all = await rows<{ n: string }>(api.h.orm, `select count(*) as n from work_package where campaign_id = ?`, [campaignId]);
    await waitUntil(async () => (await myPackages(t.verA)).length === Number(all[0]?.n), 20_000, 'officer A to hold every package');
  });

  it('when every family has a result, then each package is handed in; an early or second hand-in is refused', async () => {
    const packages = await myPackages(t.verA);
    const early = await call(api, 'POST', `${packageUrl((packages[0] as OpenPackage).packageId)}/hand-in`, { token: t.verA });
    expect([early.status, errorCode(early)]).toEqual([409, 'package_not_complete']);

    let deceasedSent = false;
    for (const p of packages) {
      const view = (await viewPackage(t.verA, p.packageId)).body;
      for (const f of view.families) {
        if (receipts.some((r) => r.familyId === f.familyId)) continue;
        const result = deceasedSent ? verifiedVisit(f, 2) : visitWithoutHousehold(f.familyId, 'deceased');
        deceasedSent = true;
        const r = await submit(t.verA, p.packageId, { submissionId: `sub-${randomUUID()}`, result });
        expect([f.familyId, r.status]).toEqual([f.familyId, 200]);
        receipts.push(r.body.receipt);
      }
      const handedIn = await call<{ submitted: number; total: number }>(api, 'POST', `${packageUrl(p.packageId)}/hand-in`, { token: t.verA, body: { handInId: `hand-in-${randomUUID()}` } });
      expect(handedIn.status).toBe(200);
      expect(handedIn.body.submitted).toBe(handedIn.body.total);
    }
    const again = await call(api, 'POST', `${packageUrl((packages[0] as OpenPackage).packageId)}/hand-in`, { token: t.verA });
    expect(again.status).toBe(409);
    expect(receipts.some((r) => r.escalate)).toBe(true);

    // A phone that never got its answer sends the first submission again after the package closed.
    const { packageId, body, response } = firstSubmission as NonNullable<typeof firstSubmission>;
    await waitUntil(async () => (await rows<{ status: string }>(api.h.orm, 'select status from work_package where id = ?', [packageId]))[0]?.status === 'closed', 20_000, 'the package to close');
    const late = await submit(t.verA, packageId, body);
    expect([late.status, late.body]).toEqual([200, response]);
    expect(await resultCount()).toBe(receipts.length);
  });

  it('when cases open, then supervisors of the kecamatan see and decide them, others are refused, and a decided case stays decided', async () => {
    const expected = receipts.filter((r) => r.escalate).map((r) => r.familyId).sort();
    type Case = { familyId: string; path: string; level: string };
    const openCases = async (token: string) => (await call<{ cases: Case[] }>(api, 'GET', `/escalations?status=open&campaignId=${campaignId}`, { token })).body.cases;
    const cases = await waitUntil(async () => {
      const list = await openCases(t.supIn);
      return list.length === expected.length ? list : undefined;
    }, 30_000, 'the escalation cases');
    expect(cases.map((c) => c.familyId).sort()).toEqual(expected);
    expect(await openCases(t.supOut)).toEqual([]);
    expect((await call(api, 'GET', '/escalations', { token: t.verA })).status).toBe(403);

    const firstCase = cases[0] as Case;
    const refused = await call(api, 'POST', firstCase.path, { token: t.supOut, body: { decision: 'keep_p3ke', reason: 'bukan wilayah saya' } });
    expect([refused.status, errorCode(refused)]).toEqual([403, 'outside_area']);
    const noReason = await call(api, 'POST', firstCase.path, { token: t.supIn, body: { decision: 'accept_field', reason: '' } });
    expect(noReason.status).toBe(400);
    for (const c of cases) {
      const decided = await call(api, 'POST', c.path, { token: t.supIn, body: { decision: 'accept_field', reason: `Dicek di lapangan ${HOSTILE}` } });
      expect([c.familyId, decided.status, decided.body]).toEqual([c.familyId, 200, expect.objectContaining({ decision: 'accept_field', decidedBy: `${P}-sup-in`, level: 'supervisor' })]);
    }
    const twice = await call(api, 'POST', firstCase.path, { token: t.supIn, body: { decision: 'keep_p3ke', reason: 'berubah pikiran' } });
    expect(twice.status).toBe(409);
  });

  it('when the plan waits for approval, then the starter is refused (four-eyes), a bad partial approval is refused, and another manager approves it', async () => {
    await waitUntil(async () => {
      const d = await campaignDetail(t.pmApprover);
      if (d.body.campaign?.status !== 'running') throw new Error(`the campaign ended (${d.body.campaign?.status}) before its plan waited for approval`);
      return d.body.progress?.phase === 'approval';
    }, 60_000, 'the plan to wait for approval');

    const plan = await call<{ plan: { status: string; proposedBy: string }; totals: { items: number }; byProgramme: unknown[]; byDesa: { desaCode: string }[] }>(api, 'GET', `/campaigns/${campaignId}/plan`, { token: t.pmApprover });
    expect(plan.status).toBe(200);
    expect(plan.body.plan).toMatchObject({ status: 'proposed', proposedBy: `${P}-pm-start` });
    expect(plan.body.totals.items).toBeGreaterThan(0);
    expect(plan.body.byProgramme.length).toBeGreaterThan(0);
    expect(plan.body.byDesa.map((d) => d.desaCode)).toEqual([DESA.code]);
    expect((await call(api, 'GET', `/campaigns/${campaignId}/plan`, { token: t.supIn })).status).toBe(403);

    const url = `/campaigns/${campaignId}/plan/decision`;
    const byStarter = await call(api, 'POST', url, { token: t.pmStarter, body: { decision: 'approve', reason: 'saya sendiri' } });
    expect([byStarter.status, errorCode(byStarter)]).toEqual([403, 'four_eyes']);
    expect((byStarter.body as { error: { message: string } }).error.message).toMatch(/four-eyes/);
    const elsewhere = await call(api, 'POST', url, { token: t.pmElsewhere, body: { decision: 'approve' } });
    expect([elsewhere.status, errorCode(elsewhere)]).toEqual([403, 'outside_area']);
    const partial = await call(api, 'POST', url, { token: t.pmApprover, body: { decision: 'approve_partial', programmes: ['no_such_programme'] } });
    expect([partial.status, errorCode(partial)]).toEqual([400, 'invalid_decision']);
    const rejectWithoutReason = await call(api, 'POST', url, { token: t.pmApprover, body: { decision: 'reject', reason: '' } });
    expect(rejectWithoutReason.status).toBe(400);

    const approved = await call<{ status: string; approvedItems: number }>(api, 'POST', url, { token: t.pmApprover, body: { decision: 'approve', reason: 'sesuai anggaran' } });
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('approved');
    expect(approved.body.approvedItems).toBe(plan.body.totals.items > 0 ? approved.body.approvedItems : 0);
    const again = await call(api, 'POST', url, { token: t.pmApprover, body: { decision: 'reject', reason: 'terlambat' } });
    expect(again.status).toBe(409);
  });

  it('when the campaign completes, then the report is readable in the area, the feedback files download (audited) for managers only, and cancel is refused', async () => {
    // 409 while the close-out writes the files, then 200.
    const report = await waitUntil(async () => {
      const r = await call<{ status: string; feedbackFiles: string[] }>(api, 'GET', `/campaigns/${campaignId}/report`, { token: t.supIn });
      if (r.status !== 409) return r;
      expect(errorCode(r)).toBe('not_ready');
      return undefined;
    }, 60_000, 'the report');
    expect(report.status).toBe(200);
    expect(report.body.status).toBe('completed');
    expect(report.body.feedbackFiles).toEqual(expect.arrayContaining(['feedback.csv', 'feedback.json', 'report.json']));
    expect((await call(api, 'GET', `/campaigns/${campaignId}/report`, { token: t.supOut })).status).toBe(403);

    const csv = await call(api, 'GET', `/campaigns/${campaignId}/feedback.csv`, { token: t.pmApprover });
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toContain(`${campaignId}-feedback.csv`);
    expect(csv.text.split('\n')[0]).toContain('id_keluarga_p3ke');
    const json = await call<{ families: unknown[] }>(api, 'GET', `/campaigns/${campaignId}/feedback.json`, { token: t.admin });
    expect([json.status, json.body.families.length]).toEqual([200, receipts.length]);
    expect((await call(api, 'GET', `/campaigns/${campaignId}/feedback.csv`, { token: t.supIn })).status).toBe(403);
    const downloads = await rows<{ actor: string; entity_id: string }>(api.h.orm, `select actor, entity_id from audit_log where action = 'read.personal_data' and entity = 'feedback_file' and campaign_id = ? order by id`, [campaignId]);
    expect(downloads).toEqual([
      { actor: `${P}-pm-approve`, entity_id: `${campaignId}/feedback.csv` },
      { actor: `${P}-admin`, entity_id: `${campaignId}/feedback.json` },
    ]);

    const cancel = await call(api, 'POST', `/campaigns/${campaignId}/cancel`, { token: t.pmStarter });
    expect([cancel.status, errorCode(cancel)]).toEqual([409, 'not_running']);
  });

  it('when a running campaign is cancelled, then 202 and the request is audited; every human action of the campaign is in the audit log', async () => {
    // A task queue no worker polls: the campaign stays running until it is cancelled.
    const idle = await api.build({ taskQueue: `idle-${randomUUID()}` });
    const idleId = uniqueCampaignId('api-cancel');
    expect((await call(idle, 'POST', '/campaigns', { token: t.pmStarter, body: { id: idleId, config: { ...config, name: 'Dibatalkan' } } })).status).toBe(201);
    expect((await call(idle, 'POST', `/campaigns/${idleId}/cancel`, { token: t.supIn })).status).toBe(403);
    const cancelled = await call(idle, 'POST', `/campaigns/${idleId}/cancel`, { token: t.pmStarter });
    expect([cancelled.status, cancelled.body]).toEqual([202, { campaignId: idleId, status: 'cancel_requested' }]);
    await api.h.client.workflow.getHandle(campaignWorkflowId(idleId)).terminate('test clean-up');

    const audit = await call<{ entries: { action: string }[] }>(api, 'GET', `/audit?campaignId=${campaignId}&limit=1000`, { token: t.admin });
    const actions = new Set(audit.body.entries.map((e) => e.action));
    for (const action of ['api.campaign.start', 'read.personal_data', 'api.field_result.submit', 'api.package.hand_in', 'api.case.decide', 'api.plan.decide', 'case.decide', 'plan.decide']) {
      expect([action, actions.has(action)]).toEqual([action, true]);
    }
    const cancelAudit = await call<{ entries: { action: string; actor: string }[] }>(api, 'GET', `/audit?campaignId=${idleId}`, { token: t.admin });
    expect(cancelAudit.body.entries.map((e) => [e.action, e.actor])).toEqual(expect.arrayContaining([['api.campaign.cancel', `${P}-pm-start`]]));
  });
});
