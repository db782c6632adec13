/**
 * A field result submitted through the API is recorded by the API and then accepted by its package
 * (client/api/record-field-result.ts), on the real stack. What keeps the two one:
 * - the package keeps what the API recorded without running its recording activity (one workflow task);
 * - a version its package then refuses is withdrawn while the package is open, and the audit log keeps both;
 * - nothing is written for a package whose projection is no longer open (close-out marks it 'closing' first);
 * - a version recorded when the package is already closing stands (close-out counts it);
 * - a version recorded by a request whose answer was lost is accepted when the same submission comes again;
 * - of two versions whose Updates arrive out of order the package keeps the newer, and refuses a malformed one;
 *   and the package's history with all of it replays.
 */
import { randomUUID } from 'node:crypto';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { verivaliDataConverter } from '../../client/codec/data-converter';
import { createP3keClient } from '../../activities/p3ke/p3ke-client';
import { recordNewResult } from '../../client/api/record-field-result';
import { markPackageClosing, withdrawVersion } from '../../db/repositories/field-result-repository';
import type { FieldResult } from '../../domain/field-result';
import { DEFAULT_ESCALATION_THRESHOLD, type P3keFamilyFacts } from '../../domain/mismatch';
import { handInPackageUpdate, submitFieldResultUpdate, WORK_PACKAGE_REJECTIONS, workPackageStatusQuery, type RecordedVersion, type WorkPackageOutcome } from '../../domain/contracts/work-package';
import { updateRejectionType } from '../../sim/field-actors/actions';
import { campaignWorkflowId, workPackageWorkflowId } from '../../domain/contracts/workflow-ids';
import type { Desa } from '../../domain/regions';
import { PATCHES } from '../../workflows/patches';
import { startP3keSimulator, type RunningP3keSimulator } from '../../sim/p3ke-api/server';
import { TEST_P3KE_TOKEN } from '../support/campaign-fixtures';
import { uniqueCampaignId } from '../support/harness';
import { readTestStack } from '../support/stack-file';
import { insertOfficers, rows, visitWithoutHousehold, waitUntil } from '../support/lifecycle-helpers';
import { call, errorCode, openApiHarness, seedUsers, type ApiHarness } from './api-harness';

/** A kecamatan no other test gives officers to, so the campaign's packages go to this file's two officers. */
const DESA: Desa = { code: '3173021001', dotted: '31.73.02.1001', name: 'Uji Rekam', level: 'kelurahan', kecamatanCode: '317302', kecamatanName: 'Grogol Petamburan', kabupaten: 'Kota Administrasi Jakarta Barat' };
const P = `rec${randomUUID().slice(0, 6)}`;
const VER_A = `${P}-ver-a`;
const VER_B = `${P}-ver-b`;
const campaignId = uniqueCampaignId('recorded-by-api');

let api: ApiHarness;
let sim: RunningP3keSimulator;
let t: Record<'pm' | 'verA' | 'verB', string>;
/** The campaign's two packages, each with its officer and families (in id order). */
let pkgs: { id: string; seq: number; officer_id: string; family_ids: string[] }[] = [];

const results = (pkg: string) => `/packages/${encodeURIComponent(pkg)}/results`;
function tokenOf(officerId: string): string {
  if (officerId === VER_A) return t.verA;
  if (officerId === VER_B) return t.verB;
  throw new Error(`package assigned to ${officerId}, not to this file's officers`);
}
const versionsOf = (familyId: string) =>
  rows<{ version: number; submission_id: string }>(api.h.orm, 'select version, submission_id from field_result where campaign_id = ? and family_id = ? order by version', [campaignId, familyId]);
const auditOf = (familyId: string) =>
  rows<{ action: string; entity_id: string }>(api.h.orm, `select action, entity_id from audit_log where campaign_id = ? and entity = 'field_result' and entity_id like ? order by id`, [campaignId, `${campaignId}/${familyId}/%`]);
const packageHandle = (p: { seq: number }) => api.h.client.workflow.getHandle(workPackageWorkflowId(campaignId, DESA.code, p.seq));

/**
 * What the API's route does before its Update, called directly: the package as the route read it (open, this
 * officer's), the family's P3KE record (members are not compared for a visit without a household).
 */
async function recordDirectly(pkg: (typeof pkgs)[number], submissionId: string, result: FieldResult) {
  const [family] = await rows<P3keFamilyFacts>(api.h.orm, 'select * from p3ke_family where campaign_id = ? and id_keluarga_p3ke = ?', [campaignId, result.familyId]);
  if (!family) throw new Error(`no family ${result.familyId}`);
  return recordNewResult(api.h.orm.em.fork(), {
    pkg: { id: pkg.id, campaignId, desaCode: DESA.code, seq: pkg.seq, officerId: pkg.officer_id, status: 'open' },
    officerId: pkg.officer_id,
    submissionId,
    result,
    family,
    members: [],
    escalationThreshold: DEFAULT_ESCALATION_THRESHOLD,
    receivedAt: new Date().toISOString(),
  });
}

beforeAll(async () => {
  api = await openApiHarness();
  sim = await startP3keSimulator({ token: TEST_P3KE_TOKEN, families: 8, defectRate: 0, area: [DESA] });
  await insertOfficers(api.h.orm, [
    { id: VER_A, role: 'field_verifier', kecamatanCode: DESA.kecamatanCode, desaCoverage: [DESA.code] },
    { id: VER_B, role: 'field_verifier', kecamatanCode: DESA.kecamatanCode, desaCoverage: [DESA.code] },
  ]);
  t = await seedUsers(api.h.orm, {
    pm: { id: `${P}-pm`, name: 'PM', role: 'program_manager', allAreas: true },
    verA: { id: VER_A, name: 'Officer A', role: 'officer' },
    verB: { id: VER_B, name: 'Officer B', role: 'officer' },
  });
  await api.h.startWorker({ p3ke: createP3keClient({ baseUrl: sim.url, token: TEST_P3KE_TOKEN, timeoutMs: 5_000 }) });
  const config = {
    name: 'Rekam lewat API',
    regionCodes: [DESA.kecamatanCode],
    desilMin: 1,
    desilMax: 10,
    timers: { packageDeadlineSeconds: 600, reminderEverySeconds: 600, escalationTimeoutSeconds: 600, approvalDeadlineSeconds: 600 },
    maxFamiliesPerPackage: 4,
    maxReassignments: 1,
    maxRevisitRounds: 0,
  };
  const started = await call(api, 'POST', '/campaigns', { token: t.pm, body: { id: campaignId, config } });
  expect(started.status).toBe(201);
  pkgs = await waitUntil(async () => {
    const found = await rows<{ id: string; seq: number; officer_id: string; family_ids: string[]; status: string }>(
      api.h.orm,
      `select wp.id, wp.seq, wp.officer_id, wp.status, array_agg(pf.family_id order by pf.family_id) as family_ids
       from work_package wp join package_family pf on pf.package_id = wp.id where wp.campaign_id = ? group by wp.id order by wp.id`,
      [campaignId],
    );
    return found.length >= 2 && found.every((p) => p.status === 'open' && p.family_ids.length >= 3) ? found : null;
  }, 90_000, 'two open packages of three or more families');
});

afterAll(async () => {
  await api.h.client.workflow.getHandle(campaignWorkflowId(campaignId)).terminate('test done').catch(() => undefined);
  await api?.close();
  await sim?.close();
});

describe('a field result recorded by the API', () => {
  it('when an officer submits through the API, then the API writes the version and its audit row and the package keeps it without its recording activity', async () => {
    const pkg = pkgs[0]!;
    const familyId = pkg.family_ids[0]!;
    const submissionId = `sub-${randomUUID()}`;
    const r = await call<{ receipt: { version: number; familyId: string } }>(api, 'POST', results(pkg.id), { token: tokenOf(pkg.officer_id), body: { submissionId, result: visitWithoutHousehold(familyId, 'moved') } });
    expect(r.status).toBe(200);
    expect(r.body.receipt).toMatchObject({ familyId, version: 1 });
    expect(await versionsOf(familyId)).toEqual([{ version: 1, submission_id: submissionId }]);
    expect((await auditOf(familyId)).map((a) => a.action)).toEqual(['api.field_result.submit']);
    expect((await packageHandle(pkg).query(workPackageStatusQuery)).submitted).toBe(1);

    // In the package's history: the patch's marker, and no local activity's marker (the recording activity ran not).
    const { events } = await packageHandle(pkg).fetchHistory();
    const markers = (events ?? []).filter((e) => e.eventType === temporal.api.enums.v1.EventType.EVENT_TYPE_MARKER_RECORDED).map((e) => e.markerRecordedEventAttributes?.markerName);
    expect(markers).not.toContain('core_local_activity');
    expect(markers).toContain('core_patch');
    const patchMarkers = (events ?? [])
      .filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_patch')
      .map((e) => Object.values(e.markerRecordedEventAttributes?.details ?? {}).flatMap((p) => (p.payloads ?? []).map((x) => Buffer.from(x.data ?? new Uint8Array()).toString('latin1'))).join(' '));
    expect(patchMarkers.some((m) => m.includes(PATCHES.fieldResultRecordedByApi))).toBe(true);
  });

  it('when the package refuses what the API recorded (its officer changed between the read and the Update), then the version is withdrawn, 403, and the audit log keeps both', async () => {
    const pkg = pkgs[1]!;
    const familyId = pkg.family_ids[0]!;
    const other = pkg.officer_id === VER_A ? VER_B : VER_A;
    // The projection already names the other officer; the workflow still has the first (a reassignment half done).
    await rows(api.h.orm, 'update work_package set officer_id = ? where id = ?', [other, pkg.id]);
    try {
      const r = await call(api, 'POST', results(pkg.id), { token: tokenOf(other), body: { submissionId: `sub-${randomUUID()}`, result: visitWithoutHousehold(familyId, 'moved') } });
      expect([r.status, errorCode(r)]).toEqual([403, 'wrong_officer']);
    } finally {
      await rows(api.h.orm, 'update work_package set officer_id = ? where id = ?', [pkg.officer_id, pkg.id]);
    }
    expect(await versionsOf(familyId)).toEqual([]);
    const [projection] = await rows<{ status: string; latest_version: number }>(api.h.orm, 'select status, latest_version from package_family where package_id = ? and family_id = ?', [pkg.id, familyId]);
    expect(projection).toEqual({ status: 'open', latest_version: 0 });
    expect((await auditOf(familyId)).map((a) => a.action)).toEqual(['api.field_result.submit', 'api.field_result.withdraw']);
    expect((await packageHandle(pkg).query(workPackageStatusQuery)).submitted).toBe(0);
  });

  it('when the projection is no longer open by the time of the write, then nothing is written', async () => {
    const pkg = pkgs[1]!;
    const familyId = pkg.family_ids[1]!;
    // The API read the package open; close-out marked it closing before the write.
    await markPackageClosing(api.h.orm.em.fork(), pkg.id);
    try {
      const outcome = await recordDirectly(pkg, `sub-${randomUUID()}`, visitWithoutHousehold(familyId, 'moved'));
      expect(outcome).toEqual({ kind: 'closed' });
      expect(await versionsOf(familyId)).toEqual([]);

      // And a version written before the mark is not taken back after it: close-out counts it.
      await rows(api.h.orm, `update work_package set status = 'open' where id = ?`, [pkg.id]);
      const submissionId = `sub-${randomUUID()}`;
      const written = await recordDirectly(pkg, submissionId, visitWithoutHousehold(familyId, 'moved'));
      expect(written).toMatchObject({ kind: 'recorded', recorded: { version: 1 } });
      await markPackageClosing(api.h.orm.em.fork(), pkg.id);
      expect(await withdrawVersion(api.h.orm.em.fork(), { packageId: pkg.id, submissionId, officerId: pkg.officer_id, reason: 'package_closed' })).toBeNull();
      expect(await versionsOf(familyId)).toEqual([{ version: 1, submission_id: submissionId }]);
    } finally {
      await rows(api.h.orm, `update work_package set status = 'open' where id = ?`, [pkg.id]);
    }
  });

  it('when the API recorded a result but its answer was lost, then the same submission sent again is accepted with that version, once', async () => {
    const pkg = pkgs[1]!;
    const familyId = pkg.family_ids[2]!;
    const submissionId = `sub-${randomUUID()}`;
    const result = visitWithoutHousehold(familyId, 'not_found');
    // What the API does before its Update: the request stops there (the process ends, the answer is lost).
    const outcome = await recordDirectly(pkg, submissionId, result);
    expect(outcome).toMatchObject({ kind: 'recorded', recorded: { version: 1 } });
    const before = (await packageHandle(pkg).query(workPackageStatusQuery)).submitted;

    const again = await call<{ receipt: { version: number } }>(api, 'POST', results(pkg.id), { token: tokenOf(pkg.officer_id), body: { submissionId, result } });
    expect(again.status).toBe(200);
    expect(again.body.receipt.version).toBe(1);
    expect(await versionsOf(familyId)).toEqual([{ version: 1, submission_id: submissionId }]);
    expect((await packageHandle(pkg).query(workPackageStatusQuery)).submitted).toBe(before + 1);
  });

  it('when recorded versions reach the package out of order, then it keeps the newer; a malformed recorded part is refused', async () => {
    const pkg = pkgs[0]!;
    const handle = packageHandle(pkg);
    const [, second, ...rest] = pkg.family_ids as [string, string, ...string[]];
    const send = (familyId: string, recorded: unknown) =>
      handle.executeUpdate(submitFieldResultUpdate, { args: [{ officerId: pkg.officer_id, result: visitWithoutHousehold(familyId, 'moved'), recorded: recorded as RecordedVersion }] });
    expect(await send(second, { version: 0, mismatches: [] }).then(() => 'accepted', updateRejectionType)).toBe(WORK_PACKAGE_REJECTIONS.malformed);
    expect(await send(second, { version: 1, mismatches: [{ type: 'housing_changed' }] }).then(() => 'accepted', updateRejectionType)).toBe(WORK_PACKAGE_REJECTIONS.malformed);

    // Version 3 (one mismatch) is accepted before version 2 (none): the package goes on counting version 3.
    await send(second, { version: 3, mismatches: [{ type: 'housing_changed', severity: 1 }] });
    await send(second, { version: 2, mismatches: [] });
    for (const familyId of rest) await send(familyId, { version: 1, mismatches: [] });
    await handle.executeUpdate(handInPackageUpdate, { args: [{ officerId: pkg.officer_id }] });
    const outcome = (await handle.result()) as WorkPackageOutcome;
    // The first family's result (first test: moved, one mismatch) and the second's kept version 3.
    expect(outcome.mismatched).toBe(2);
    expect(outcome.submitted).toBe(pkg.family_ids.length);
    // The package's whole history, accepted versions and close-out included, replays with the code that made it.
    await Worker.runReplayHistory({ workflowBundle: { codePath: readTestStack().workflowBundlePath }, dataConverter: verivaliDataConverter() }, await handle.fetchHistory(), handle.workflowId);
  });
});
