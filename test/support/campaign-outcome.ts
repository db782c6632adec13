/**
 * What a finished campaign left behind, in a form two campaigns of the same snapshot and the same simulated people
 * can be compared by: the report without its per-campaign names, and each table it wrote as row counts, distinct
 * keys (a doubled row shows as rows > keys, or as an extra version) and an md5 over every row's content. Columns
 * that legitimately differ between two runs (campaign and package ids, officers chosen by load, timestamps, the
 * visit time a phone stamps) are left out of the content; everything a retry could double or lose is in.
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import type { CampaignReport } from '../../domain/contracts/campaign';

export interface TableDigest {
  rows: number;
  keys: number;
  md5: string;
}

export interface CampaignOutcome {
  report: Omit<CampaignReport, 'campaignId' | 'feedbackFiles'>;
  fieldResults: TableDigest;
  mismatches: TableDigest;
  escalationCases: TableDigest;
  plans: TableDigest;
  planItems: TableDigest;
  packageFamilies: TableDigest & { byStatus: Record<string, number> };
  /** Audit entries of the system's own decisions and moves (reminders and reads depend on timing, so not here). */
  auditActions: Record<string, number>;
}

/** Per table: the rows of the campaign, their key, and the content expression (a jsonb). Written only here. */
const DIGESTS = {
  fieldResults: {
    from: 'field_result t where t.campaign_id = ?',
    key: "t.family_id || '/' || t.version",
    content: "jsonb_build_object('family', t.family_id, 'version', t.version, 'outcome', t.outcome, 'rules', t.rules_version, 'payload', t.payload - 'visitedAt')",
  },
  mismatches: {
    from: 'mismatch t where t.campaign_id = ?',
    key: "t.family_id || '/' || t.version || '/' || t.type",
    content: "to_jsonb(t) - 'campaign_id'",
  },
  escalationCases: {
    from: 'escalation_case t where t.campaign_id = ?',
    key: 't.family_id',
    content: "to_jsonb(t) - '{campaign_id,package_id,opened_at,escalated_at,decided_at,decided_by}'::text[]",
  },
  plans: {
    from: 'intervention_plan t where t.campaign_id = ?',
    key: 't.campaign_id',
    content: "to_jsonb(t) - '{id,campaign_id,proposed_at,decided_at}'::text[]",
  },
  planItems: {
    from: 'intervention_item t join intervention_plan p on p.id = t.plan_id where p.campaign_id = ?',
    key: "t.family_id || '/' || t.programme",
    content: "to_jsonb(t) - 'plan_id'",
  },
  packageFamilies: {
    from: 'package_family t where t.campaign_id = ?',
    key: 't.family_id',
    content: "jsonb_build_object('family', t.family_id, 'status', t.status, 'version', t.latest_version, 'priority', t.priority)",
  },
} as const;

async function digest(orm: MikroORM, campaignId: string, d: { from: string; key: string; content: string }): Promise<TableDigest> {
  const [row] = await orm.em
    .fork()
    .getConnection()
    .execute<{ rows: string; keys: string; md5: string }[]>(
      `select count(*) as rows, count(distinct ${d.key}) as keys,
              md5(coalesce(string_agg((${d.content})::text, E'\\n' order by (${d.content})::text), '')) as md5
       from ${d.from}`,
      [campaignId],
    );
  return { rows: Number(row?.rows ?? 0), keys: Number(row?.keys ?? 0), md5: row?.md5 ?? '' };
}

export async function campaignOutcome(orm: MikroORM, report: CampaignReport): Promise<CampaignOutcome> {
  const { campaignId, feedbackFiles: _files, ...comparable } = report;
  const conn = orm.em.fork().getConnection();
  const byStatus = await conn.execute<{ status: string; n: string }[]>('select status, count(*) as n from package_family where campaign_id = ? group by status order by status', [campaignId]);
  const audit = await conn.execute<{ action: string; n: string }[]>(
    `select action, count(*) as n from audit_log where campaign_id = ? and action not in ('reminder') and action not like 'read.%' group by action order by action`,
    [campaignId],
  );
  return {
    report: comparable,
    fieldResults: await digest(orm, campaignId, DIGESTS.fieldResults),
    mismatches: await digest(orm, campaignId, DIGESTS.mismatches),
    escalationCases: await digest(orm, campaignId, DIGESTS.escalationCases),
    plans: await digest(orm, campaignId, DIGESTS.plans),
    planItems: await digest(orm, campaignId, DIGESTS.planItems),
    packageFamilies: { ...(await digest(orm, campaignId, DIGESTS.packageFamilies)), byStatus: Object.fromEntries(byStatus.map((r) => [r.status, Number(r.n)])) },
    auditActions: Object.fromEntries(audit.map((r) => [r.action, Number(r.n)])),
  };
}
