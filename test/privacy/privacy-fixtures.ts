/**
 * A campaign as it stands after its close-out, seeded straight into the database (no workflows): the standard
 * lifecycle families (test/support/seed-lifecycle.ts) plus what a purge or a subject export must also reach: a
 * work package, an intervention plan item, audit entries with a free-text reason and a read of a family, a
 * quarantined raw record carrying a NIK, and the feedback files on disk.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { DESA_1, FAMILY, KEEP_P3KE_MEMBERS, seedLifecycle, standardLifecycle, TRICKY_NAME } from '../support/seed-lifecycle';
import { rows } from '../support/lifecycle-helpers';

/** The subject of the access tests: the head of FAMILY.keepP3ke, present in every seeded campaign. */
export const SUBJECT = KEEP_P3KE_MEMBERS[0]!;
/** Free text a supervisor might write: names a person and a health fact. */
export const PERSONAL_REASON = `Rahmat sakit paru, istri hamil; dicek oleh ${TRICKY_NAME}`;

export interface SeededCampaign {
  campaignId: string;
  packageId: string;
}

export async function seedFinishedCampaign(
  orm: MikroORM,
  campaignId: string,
  o: { status: 'completed' | 'cancelled' | 'failed' | 'running'; finishedDaysAgo: number | null; dataDir?: string; officerId?: string; reason?: string },
): Promise<SeededCampaign> {
  await seedLifecycle(orm, standardLifecycle(campaignId));
  const reason = o.reason ?? PERSONAL_REASON;
  const sql = (text: string, params: unknown[] = []) => rows(orm, text, params);
  const finished = o.finishedDaysAgo === null ? null : new Date(Date.now() - o.finishedDaysAgo * 86_400_000);
  await sql(`update campaign set status = ?, phase = ?, completed_at = ?, created_at = ?, config = ?::jsonb where id = ?`, [
    o.status, o.status === 'running' ? 'field' : 'done', finished, new Date(Date.now() - 800 * 86_400_000),
    JSON.stringify({ name: `Seeded ${campaignId}`, regionCodes: [DESA_1.slice(0, 6)], desilMin: 1, desilMax: 4 }), campaignId,
  ]);
  const packageId = `${campaignId}/${DESA_1}/1`;
  await sql(
    `insert into work_package (id, campaign_id, desa_code, kecamatan_code, seq, round, officer_id, status, family_count, reassignments, deadline_at, created_at, closed_at)
     values (?, ?, ?, ?, 1, 1, ?, ?, 2, 0, ?, now(), null)`,
    [packageId, campaignId, DESA_1, DESA_1.slice(0, 6), o.officerId ?? 'officer-1', o.status === 'running' ? 'open' : 'closed', new Date(Date.now() + 3_600_000)],
  );
  await sql(
    `insert into package_family (package_id, family_id, campaign_id, priority, status, latest_version)
     values (?, ?, ?, 5, 'open', 0), (?, ?, ?, 3, 'open', 0)`,
    [packageId, FAMILY.plain, campaignId, packageId, FAMILY.keepP3ke, campaignId],
  );
  const planId = `${campaignId}/plan`;
  await sql(
    `insert into intervention_plan (id, campaign_id, status, rules_version, proposed_by, budget_rupiah, funded_rupiah, deferred_rupiah, approved_rupiah,
       approved_programmes, decided_by, reason, proposed_at, decided_at)
     values (?, ?, 'approved', 'rules-test', 'pm-starter', 1000000, 500000, 0, 500000, '["pkh"]', 'pm-approver', ?, now(), now())`,
    [planId, campaignId, reason],
  );
  await sql(
    `insert into intervention_item (plan_id, family_id, programme, desa_code, quantity, unit_cost_rupiah, cost_rupiah, priority, rank, status, approved, reasons)
     values (?, ?, 'pkh', ?, 1, 500000, 500000, 5, 1, 'funded', true, '["desil_in_range"]')`,
    [planId, FAMILY.keepP3ke, DESA_1],
  );
  await sql(
    `insert into audit_log (at, actor, actor_role, action, entity, entity_id, campaign_id, before, after) values
       (now(), 'officer-1', 'officer', 'read.personal_data', 'p3ke_family', ?, ?, null, '{"via": "package"}'),
       (now(), 'spv-1', 'supervisor', 'case.decide', 'escalation_case', ?, ?, '{"status": "open"}', ?::jsonb),
       (now(), 'officer-1', 'officer', 'api.field_result.submit', 'field_result', ?, ?, null, '{"version": 1}')`,
    [
      `${campaignId}/${FAMILY.keepP3ke}`, campaignId,
      `${campaignId}/${FAMILY.keepP3ke}`, campaignId, JSON.stringify({ decision: 'keep_p3ke', reason }),
      `${campaignId}/${FAMILY.keepP3ke}/1`, campaignId,
    ],
  );
  await sql(`update escalation_case set reason = ? where campaign_id = ? and reason is not null`, [reason, campaignId]);
  await sql(
    `insert into quarantined_record (campaign_id, kind, source_position, source_id, reason_code, reason, raw, quarantined_at)
     values (?, 'individual', 99, 'IND-000099', 'schema_invalid', 'tanggal_lahir: not a date', ?::jsonb, now())`,
    [campaignId, JSON.stringify({ id_individu: 'IND-000099', nama: SUBJECT.nama, nik: SUBJECT.nik, tanggal_lahir: '1985-02-31' })],
  );
  if (o.dataDir) {
    const dir = join(o.dataDir, 'feedback', campaignId);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'feedback.csv'), `id_keluarga_p3ke,nik,kepala_keluarga\n${FAMILY.keepP3ke},${SUBJECT.nik},${SUBJECT.nama}\n`);
    writeFileSync(join(dir, 'feedback.json'), JSON.stringify({ families: [{ id: FAMILY.keepP3ke, nik: SUBJECT.nik }] }));
    writeFileSync(join(dir, 'report.json'), JSON.stringify({ campaignId, status: o.status, counts: { verified: 6 } }));
  }
  return { campaignId, packageId };
}

/** Every row of a campaign in every table that holds its data, as one text (to search for what must be gone). */
export async function campaignText(orm: MikroORM, campaignId: string): Promise<string> {
  const parts: string[] = [];
  for (const table of ['p3ke_family', 'p3ke_individual', 'package_family', 'field_result', 'mismatch', 'escalation_case', 'family_flag', 'quarantined_record', 'audit_log', 'intervention_plan']) {
    const found = await rows<{ t: string }>(orm, `select t::text as t from ${table} t where campaign_id = ?`, [campaignId]);
    parts.push(...found.map((r) => r.t));
  }
  const items = await rows<{ t: string }>(orm, 'select i::text as t from intervention_item i join intervention_plan p on p.id = i.plan_id where p.campaign_id = ?', [campaignId]);
  return [...parts, ...items.map((r) => r.t)].join('\n');
}
