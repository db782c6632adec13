/**
 * Retention (UU PDP: erasure after the retention period; docs/DATA-PROTECTION.md). A campaign that finished
 * (completed, cancelled or failed) more than RETENTION_DAYS ago has its personal data irreversibly anonymised:
 *
 * - names, NIKs and addresses are blanked, birth dates cut to the year (ages by year stay countable);
 * - family and individual ids become `anon-<hash>` under a random salt that is never stored, applied alike in
 *   every table, so joins and aggregates (per desa, programme, mismatch type, outcome) still work, but no one,
 *   Kemenko PMK included, can link a row back to its P3KE record;
 * - field results keep outcome, member count, housing, programmes and stunting counts; members, GPS, photos and
 *   notes go; quarantined raw records are emptied; free-text reasons (which may describe a person) become
 *   "[purged]", in the tables and in the audit log;
 * - the feedback files for Kemenko PMK (names and NIKs) are deleted; report.json (counts only) stays.
 *
 * Row counts, the campaign's counts and every audit row stay; the purge adds one `data.purge` audit row per
 * campaign, which also marks it done (a second run skips it: idempotent). A running campaign is never touched.
 */
import { randomBytes } from 'node:crypto';
import { rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { recordAudit } from './audit-repository';

export const PURGE_AUDIT_ACTION = 'data.purge';
/** What a purged free-text field reads afterwards. */
export const PURGED_TEXT = '[purged]';
/** Finished campaigns only: a running campaign still needs its data, whatever its age. */
export const PURGEABLE_STATUSES = ['completed', 'cancelled', 'failed'] as const;
/** Feedback files that carry names and NIKs (activities/closeout); report.json holds counts only and stays. */
const PERSONAL_FEEDBACK_FILES = ['feedback.csv', 'feedback.json', 'quarantine.csv'] as const;
/** Entities whose audit entity id is `<campaign>/<family>[/...]`. */
const FAMILY_AUDIT_ENTITIES = ['p3ke_family', 'escalation_case', 'field_result'] as const;

export interface PurgeOptions {
  retentionDays: number;
  /** Who runs the purge (the audit actor). */
  actor: string;
  actorRole?: string;
  now?: Date;
  /** Count what would go; change nothing, write no audit row. */
  dryRun?: boolean;
  /** Where the close-out wrote the feedback files (VERIVALI_DATA_DIR); omitted, files are left alone. */
  dataDir?: string;
}

export interface CampaignPurge {
  campaignId: string;
  status: string;
  completedAt: string;
  /** Rows anonymised (or, in a dry run, to be anonymised), by table. */
  rows: Record<string, number>;
  /** Feedback files deleted (or to be deleted). */
  files: string[];
}

export interface PurgeReport {
  dryRun: boolean;
  retentionDays: number;
  cutoff: string;
  campaigns: CampaignPurge[];
}

type Sql = (sql: string, params?: unknown[]) => Promise<number>;

/** `anon-` + 20 hex of md5(salt || id): the salt is per run and per campaign, and is never stored. */
const anon = (column: string): string => `'anon-' || substr(md5(?::text || ${column}), 1, 20)`;

/** One statement per table; each `?` of anon() takes the salt, then the campaign id closes the list. */
function purgeStatements(campaignId: string, salt: string): { table: string; sql: string; params: unknown[] }[] {
  const c = campaignId;
  return [
    {
      table: 'p3ke_family',
      sql: `update p3ke_family set id_keluarga_p3ke = ${anon('id_keluarga_p3ke')}, alamat = '', kepala_keluarga = '', nik = '',
              tanggal_lahir = date_trunc('year', tanggal_lahir)::date where campaign_id = ?`,
      params: [salt, c],
    },
    {
      table: 'p3ke_individual',
      sql: `update p3ke_individual set id_individu = ${anon('id_individu')}, id_keluarga_p3ke = ${anon('id_keluarga_p3ke')}, nama = '', nik = '',
              tanggal_lahir = date_trunc('year', tanggal_lahir)::date where campaign_id = ?`,
      params: [salt, salt, c],
    },
    { table: 'package_family', sql: `update package_family set family_id = ${anon('family_id')} where campaign_id = ?`, params: [salt, c] },
    {
      table: 'field_result',
      sql: `update field_result set family_id = ${anon('family_id')},
              submission_id = 'purged:' || campaign_id || ':' || ${anon('family_id')} || ':' || version,
              payload = jsonb_build_object('purged', true, 'familyId', ${anon('family_id')}, 'outcome', payload->'outcome',
                'memberCount', case when jsonb_typeof(payload->'members') = 'array' then jsonb_array_length(payload->'members') else 0 end,
                'housing', payload->'housing', 'programmes', payload->'programmes', 'stunting', payload->'stunting')
            where campaign_id = ?`,
      params: [salt, salt, salt, c],
    },
    { table: 'mismatch', sql: `update mismatch set family_id = ${anon('family_id')} where campaign_id = ?`, params: [salt, c] },
    {
      table: 'escalation_case',
      sql: `update escalation_case set family_id = ${anon('family_id')}, reason = case when reason is null then null else '${PURGED_TEXT}' end where campaign_id = ?`,
      params: [salt, c],
    },
    {
      table: 'intervention_item',
      sql: `update intervention_item set family_id = ${anon('family_id')} where plan_id in (select id from intervention_plan where campaign_id = ?)`,
      params: [salt, c],
    },
    {
      table: 'intervention_plan',
      sql: `update intervention_plan set reason = case when coalesce(reason, '') = '' then reason else '${PURGED_TEXT}' end where campaign_id = ?`,
      params: [c],
    },
    {
      table: 'family_flag',
      sql: `update family_flag set family_id = ${anon('family_id')}, individual_id = case when individual_id = '' then '' else ${anon('individual_id')} end where campaign_id = ?`,
      params: [salt, salt, c],
    },
    {
      table: 'quarantined_record',
      sql: `update quarantined_record set raw = '{"purged": true}'::jsonb, source_id = null where campaign_id = ?`,
      params: [c],
    },
    {
      // The trail stays (who did what, when), pointing at the anonymised ids; free-text reasons go.
      table: 'audit_log',
      sql: `update audit_log set
              entity_id = case when entity in (${FAMILY_AUDIT_ENTITIES.map((e) => `'${e}'`).join(', ')}) and split_part(entity_id, '/', 2) <> ''
                then array_to_string(array[split_part(entity_id, '/', 1), ${anon("split_part(entity_id, '/', 2)")}]
                     || (string_to_array(entity_id, '/'))[3:], '/')
                else entity_id end,
              before = case when jsonb_typeof(before) = 'object' and (before->'reason') is not null then jsonb_set(before, '{reason}', '"${PURGED_TEXT}"') else before end,
              after = case when jsonb_typeof(after) = 'object' and (after->'reason') is not null then jsonb_set(after, '{reason}', '"${PURGED_TEXT}"') else after end
            where campaign_id = ?`,
      params: [salt, c],
    },
  ];
}

/** What a dry run reports: the rows each statement would touch. */
function countStatement(table: string, campaignId: string): { sql: string; params: unknown[] } {
  if (table === 'intervention_item') {
    return { sql: 'select count(*) as n from intervention_item where plan_id in (select id from intervention_plan where campaign_id = ?)', params: [campaignId] };
  }
  // Table names come from purgeStatements, never from input.
  return { sql: `select count(*) as n from ${table} where campaign_id = ?`, params: [campaignId] };
}

async function dueCampaigns(em: EntityManager, cutoff: Date): Promise<{ id: string; status: string; completed_at: Date | string }[]> {
  return em.getConnection().execute(
    `select c.id, c.status, c.completed_at from campaign c
     where c.status in (${PURGEABLE_STATUSES.map(() => '?').join(', ')}) and c.completed_at is not null and c.completed_at < ?
       and not exists (select 1 from audit_log a where a.action = ? and a.entity = 'campaign' and a.entity_id = c.id)
     order by c.completed_at, c.id`,
    [...PURGEABLE_STATUSES, cutoff, PURGE_AUDIT_ACTION],
  );
}

async function existingFeedbackFiles(dataDir: string | undefined, campaignId: string): Promise<string[]> {
  if (!dataDir) return [];
  const found: string[] = [];
  for (const name of PERSONAL_FEEDBACK_FILES) {
    if (await stat(join(dataDir, 'feedback', campaignId, name)).then((s) => s.isFile(), () => false)) found.push(name);
  }
  return found;
}

/**
 * Anonymises the personal data of every campaign finished more than `retentionDays` before `now`, one transaction
 * per campaign (a failure leaves whole campaigns purged or untouched). Campaign ids are validated when the campaign
 * starts (no '/' or '..'), so they are safe as directory names.
 */
export async function purgeExpiredPersonalData(orm: MikroORM, options: PurgeOptions): Promise<PurgeReport> {
  if (!Number.isInteger(options.retentionDays) || options.retentionDays < 1) throw new RangeError('retentionDays must be a whole number of days, at least 1');
  const now = options.now ?? new Date();
  const cutoff = new Date(now.getTime() - options.retentionDays * 86_400_000);
  const dryRun = options.dryRun ?? false;
  const due = await dueCampaigns(orm.em.fork(), cutoff);
  const campaigns: CampaignPurge[] = [];

  for (const campaign of due) {
    // The driver may hand timestamps back as text.
    const completedAt = new Date(campaign.completed_at).toISOString();
    const files = await existingFeedbackFiles(options.dataDir, campaign.id);
    const rows: Record<string, number> = {};
    if (dryRun) {
      const em = orm.em.fork();
      for (const { table } of purgeStatements(campaign.id, '')) {
        const { sql, params } = countStatement(table, campaign.id);
        const [row] = await em.getConnection().execute<{ n: string }[]>(sql, params);
        rows[table] = Number(row?.n ?? 0);
      }
    } else {
      const salt = randomBytes(32).toString('hex');
      await orm.em.fork().transactional(async (em) => {
        const run: Sql = async (sql, params = []) => {
          const res = await em.getConnection().execute<{ affectedRows?: number }>(sql, params, 'run');
          return res.affectedRows ?? 0;
        };
        for (const s of purgeStatements(campaign.id, salt)) rows[s.table] = await run(s.sql, s.params);
        recordAudit(em, {
          actor: options.actor,
          actorRole: options.actorRole ?? 'admin',
          action: PURGE_AUDIT_ACTION,
          entity: 'campaign',
          entityId: campaign.id,
          campaignId: campaign.id,
          before: { status: campaign.status, completedAt },
          after: { retentionDays: options.retentionDays, rows, files },
        });
      });
      // After the commit: a crash between the two leaves files that a manual rm finishes; the rows are already safe.
      for (const name of files) await rm(join(options.dataDir ?? '', 'feedback', campaign.id, name), { force: true });
    }
    campaigns.push({ campaignId: campaign.id, status: campaign.status, completedAt, rows, files });
  }
  return { dryRun, retentionDays: options.retentionDays, cutoff: cutoff.toISOString(), campaigns };
}
