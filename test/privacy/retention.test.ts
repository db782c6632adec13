/**
 * The retention purge on the real database: a campaign finished longer ago than the retention period loses its
 * personal data (names, NIKs, addresses, birth days, field-result content, raw quarantined records, free-text
 * reasons, the feedback files) but keeps its rows, counts, joins and audit trail; a recently finished one and a
 * running one are untouched; a dry run changes nothing; a second run does nothing.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { purgeExpiredPersonalData, PURGE_AUDIT_ACTION, PURGED_TEXT } from '../../db/repositories/retention-repository';
import { main } from '../../client/cli/main';
import { snapshotTables } from '../api/api-harness';
import { openHarness, uniqueCampaignId, type Harness } from '../support/harness';
import { rows } from '../support/lifecycle-helpers';
import { FAMILY, KEEP_P3KE_MEMBERS } from '../support/seed-lifecycle';
import { campaignText, seedFinishedCampaign, SUBJECT } from './privacy-fixtures';

const RETENTION_DAYS = 30;
let h: Harness;
let dataDir: string;
const old = uniqueCampaignId('ret-old');
const oldCancelled = uniqueCampaignId('ret-cancel');
const recent = uniqueCampaignId('ret-recent');
const running = uniqueCampaignId('ret-running');
const ours = [old, oldCancelled, recent, running];

/**
 * Everything personal the fixtures put in, as words free of quotes and commas (row text escapes those): none of
 * it may be left in a purged campaign.
 */
const PERSONAL_VALUES = [SUBJECT.nik, KEEP_P3KE_MEMBERS[1]!.nik, 'Rahmat', 'Nur Aini', 'Santoso', 'Sri Wahyuni', 'Jl. Poros', 'Gang Mawar', 'sakit paru', FAMILY.keepP3ke, FAMILY.plain];

const perCampaign = async (campaignId: string) => {
  const counts: Record<string, number> = {};
  for (const table of ['p3ke_family', 'p3ke_individual', 'package_family', 'field_result', 'mismatch', 'escalation_case', 'family_flag', 'quarantined_record']) {
    counts[table] = Number((await rows<{ n: string }>(h.orm, `select count(*) as n from ${table} where campaign_id = ?`, [campaignId]))[0]?.n);
  }
  return counts;
};
const rowsOf = async (campaignId: string) => campaignText(h.orm, campaignId);

beforeAll(async () => {
  h = await openHarness();
  dataDir = mkdtempSync(join(tmpdir(), 'verivali-retention-'));
  await seedFinishedCampaign(h.orm, old, { status: 'completed', finishedDaysAgo: RETENTION_DAYS + 10, dataDir });
  await seedFinishedCampaign(h.orm, oldCancelled, { status: 'cancelled', finishedDaysAgo: RETENTION_DAYS * 3, dataDir });
  await seedFinishedCampaign(h.orm, recent, { status: 'completed', finishedDaysAgo: RETENTION_DAYS - 1, dataDir });
  await seedFinishedCampaign(h.orm, running, { status: 'running', finishedDaysAgo: null, dataDir });
});
afterAll(async () => {
  await h?.close();
});

describe('retention purge', () => {
  it('when run dry, then it lists the campaigns finished before the cutoff with their row counts, and nothing changes', async () => {
    const before = await snapshotTables(h.orm);
    const report = await purgeExpiredPersonalData(h.orm, { retentionDays: RETENTION_DAYS, actor: 'admin-test', dryRun: true, dataDir });
    const listed = report.campaigns.filter((c) => ours.includes(c.campaignId));
    expect(listed.map((c) => c.campaignId).sort()).toEqual([old, oldCancelled].sort());
    expect(listed.find((c) => c.campaignId === old)).toMatchObject({ status: 'completed', files: ['feedback.csv', 'feedback.json'], rows: expect.objectContaining({ p3ke_family: 8, audit_log: 3, intervention_item: 1 }) });
    expect(await snapshotTables(h.orm)).toEqual(before);
    expect(existsSync(join(dataDir, 'feedback', old, 'feedback.csv'))).toBe(true);
  });

  it('when run, then old campaigns keep their rows, counts, joins and audit trail but no personal data; recent and running ones are untouched', async () => {
    const countsBefore = await perCampaign(old);
    const joinsBefore = await rows(h.orm, `select count(*) as n from field_result r join p3ke_family f on f.campaign_id = r.campaign_id and f.id_keluarga_p3ke = r.family_id where r.campaign_id = ?`, [old]);
    const auditBefore = await rows<{ action: string; actor: string }>(h.orm, 'select action, actor from audit_log where campaign_id = ? order by id', [old]);
    const campaignBefore = await rows(h.orm, 'select counts, status, completed_at from campaign where id = ?', [old]);
    const untouched = { recent: await rowsOf(recent), running: await rowsOf(running) };
    for (const value of PERSONAL_VALUES) expect([value, untouched.recent.includes(value)]).toEqual([value, true]);

    const report = await purgeExpiredPersonalData(h.orm, { retentionDays: RETENTION_DAYS, actor: 'admin-test', dataDir });
    expect(report.campaigns.filter((c) => ours.includes(c.campaignId)).map((c) => c.campaignId).sort()).toEqual([old, oldCancelled].sort());

    for (const purged of [old, oldCancelled]) {
      const text = await rowsOf(purged);
      for (const value of PERSONAL_VALUES) expect([purged, value, text.includes(value)]).toEqual([purged, value, false]);
      expect(existsSync(join(dataDir, 'feedback', purged, 'feedback.csv'))).toBe(false);
      expect(existsSync(join(dataDir, 'feedback', purged, 'feedback.json'))).toBe(false);
      expect(existsSync(join(dataDir, 'feedback', purged, 'report.json'))).toBe(true);
    }
    expect(await perCampaign(old)).toEqual(countsBefore);
    expect(await rows(h.orm, `select count(*) as n from field_result r join p3ke_family f on f.campaign_id = r.campaign_id and f.id_keluarga_p3ke = r.family_id where r.campaign_id = ?`, [old])).toEqual(joinsBefore);
    expect(await rows(h.orm, 'select counts, status, completed_at from campaign where id = ?', [old])).toEqual(campaignBefore);
    const births = await rows<{ d: string }>(h.orm, `select distinct to_char(tanggal_lahir, 'MM-DD') as d from p3ke_individual where campaign_id = ?`, [old]);
    expect(births).toEqual([{ d: '01-01' }]);
    const [result] = await rows<{ payload: Record<string, unknown> }>(h.orm, `select payload from field_result where campaign_id = ? and version = 1 order by family_id limit 1`, [old]);
    expect(Object.keys(result?.payload ?? {}).sort()).toEqual(['familyId', 'housing', 'memberCount', 'outcome', 'programmes', 'purged', 'stunting']);

    // The trail stays, pointing at anonymised ids; the purge itself is one more entry.
    const auditAfter = await rows<{ action: string; actor: string; entity_id: string; after: { reason?: string } | null }>(h.orm, 'select action, actor, entity_id, after from audit_log where campaign_id = ? order by id', [old]);
    expect(auditAfter.map((a) => ({ action: a.action, actor: a.actor }))).toEqual([...auditBefore, { action: PURGE_AUDIT_ACTION, actor: 'admin-test' }]);
    expect(auditAfter.find((a) => a.action === 'case.decide')?.after?.reason).toBe(PURGED_TEXT);
    expect(auditAfter.find((a) => a.action === 'api.field_result.submit')?.entity_id).toMatch(new RegExp(`^${old}/anon-[0-9a-f]{20}/1$`));
    const familyRead = auditAfter.find((a) => a.action === 'read.personal_data')?.entity_id;
    expect(await rows(h.orm, `select 1 from p3ke_family where campaign_id || '/' || id_keluarga_p3ke = ?`, [familyRead])).toHaveLength(1);

    expect(await rowsOf(recent)).toBe(untouched.recent);
    expect(await rowsOf(running)).toBe(untouched.running);
    expect(existsSync(join(dataDir, 'feedback', recent, 'feedback.csv'))).toBe(true);
    expect(existsSync(join(dataDir, 'feedback', running, 'feedback.csv'))).toBe(true);
  });

  it('when run again (through the CLI), then nothing is due and nothing changes', async () => {
    const before = await snapshotTables(h.orm);
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(['data', 'purge', '--retention-days', String(RETENTION_DAYS), '--json'], {
      stdout: (t) => out.push(t),
      stderr: (t) => err.push(t),
      env: { ...process.env, DATABASE_URL: h.stack.databaseUrl, VERIVALI_DATA_DIR: dataDir },
    });
    expect([code, err.join('')]).toEqual([0, '']);
    const report = JSON.parse(out.join('')) as { dryRun: boolean; campaigns: { campaignId: string }[] };
    expect(report.dryRun).toBe(false);
    expect(report.campaigns.filter((c) => ours.includes(c.campaignId))).toEqual([]);
    expect(await snapshotTables(h.orm)).toEqual(before);
    const marks = await rows(h.orm, `select entity_id from audit_log where action = ? and entity_id in (?, ?)`, [PURGE_AUDIT_ACTION, old, oldCancelled]);
    expect(marks).toHaveLength(2);
  });

  it('when the retention period is not a positive whole number, then the purge refuses to run', async () => {
    await expect(purgeExpiredPersonalData(h.orm, { retentionDays: 0, actor: 'admin-test' })).rejects.toThrow(/at least 1/);
    const err: string[] = [];
    const code = await main(['data', 'purge', '--retention-days', '-5'], { stdout: () => undefined, stderr: (t) => err.push(t), env: { ...process.env, DATABASE_URL: h.stack.databaseUrl } });
    expect(code).not.toBe(0);
    expect(err.join('')).toMatch(/retention-days/);
  });
});
