/**
 * The SQL behind recordFieldResult, shaped for round trips: 50 officers submit at once, and every statement a
 * result waits for is a trip through the worker's pool and event loop (issue #5, field-result round trip). So a
 * submission reads what it needs in one statement and writes everything in one more: the version, its
 * mismatches, the package's projection and the audit row commit together, as one statement is one transaction.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { boundRows } from '../../db/bound-sql';
import { preparedRows, preparedStatement } from '../../db/prepared-sql';
import type { Mismatch, P3keFamilyFacts, P3keMemberFacts } from '../../domain/mismatch';

/** A result already stored under the submission id. */
export interface StoredSubmission {
  campaignId: string;
  packageId: string;
  familyId: string;
  version: number;
  outcome: string;
}

export interface SubmissionContext {
  earlier: StoredSubmission | null;
  /** Null when the family is not in the campaign's snapshot. */
  family: P3keFamilyFacts | null;
  members: P3keMemberFacts[];
}

export interface NewVersion {
  campaignId: string;
  packageId: string;
  familyId: string;
  officerId: string;
  submissionId: string;
  outcome: string;
  payload: unknown;
  rulesVersion: string;
  submittedAt: string;
  desaCode: string;
  mismatches: readonly { type: string; severity: number; detail: unknown }[];
  audit: { action: string; actorRole: string; after: Record<string, unknown> };
}

/** Real bind parameters (execute() would inline the result's JSON into the text: db/bound-sql.ts). */
const query = boundRows;

const FAMILY_COLUMNS = `id_keluarga_p3ke, kode_kemendagri, desil_kesejahteraan, penerima_pkh, penerima_sembako, penerima_bpnt, resiko_stunting,
  jenis_atap, jenis_dinding, jenis_lantai, sumber_penerangan, bahan_bakar_memasak, sumber_air_minum, fasilitas_bab,
  kepemilikan_rumah, memiliki_simpanan`;

/**
 * The two statements every submission runs, prepared once per connection (db/prepared-sql.ts): the worker no longer
 * builds them through knex per call, and PostgreSQL no longer parses and plans them per call.
 */
const READ_CONTEXT = preparedStatement(
  'field-result-read-context',
  `select
       (select json_build_object('campaignId', campaign_id, 'packageId', package_id, 'familyId', family_id, 'version', version, 'outcome', outcome)
          from field_result where submission_id = ?) as earlier,
       (select row_to_json(f) from (select ${FAMILY_COLUMNS} from p3ke_family where campaign_id = ? and id_keluarga_p3ke = ?) f) as family,
       (select coalesce(json_agg(json_build_object('nik', nik, 'jenis_kelamin', jenis_kelamin, 'tanggal_lahir', to_char(tanggal_lahir, 'YYYY-MM-DD'),
                 'hubungan_dengan_kepala_keluarga', hubungan_dengan_kepala_keluarga, 'hamil', hamil) order by id_individu), '[]'::json)
          from p3ke_individual where campaign_id = ? and id_keluarga_p3ke = ?) as members`,
);

/** An earlier use of the submission id, the family's P3KE record and its members, in one round trip. */
export async function readSubmissionContext(em: EntityManager, input: { campaignId: string; familyId: string; submissionId: string }): Promise<SubmissionContext> {
  const [row] = await preparedRows<SubmissionContext>(
    em,
    READ_CONTEXT,
    [input.submissionId, input.campaignId, input.familyId, input.campaignId, input.familyId],
  );
  return row ?? { earlier: null, family: null, members: [] };
}

/** The mismatches stored with a version (unordered, as the first answer's were read back before: heap order). */
export function storedMismatches(em: EntityManager, stored: StoredSubmission): Promise<Pick<Mismatch, 'type' | 'severity'>[]> {
  return query(em, 'select type, severity from mismatch where campaign_id = ? and family_id = ? and version = ?', [stored.campaignId, stored.familyId, stored.version]);
}

/** The latest version of each family's result written through this package, with its mismatches. */
export interface PackageResult {
  familyId: string;
  version: number;
  outcome: string;
  mismatches: Pick<Mismatch, 'type' | 'severity'>[];
}

/**
 * Every family's latest result recorded through one package: what close-out compares with the results its workflow
 * accepted (a recording whose workflow task then failed is in here but not in the workflow).
 */
export function latestResultsOfPackage(em: EntityManager, input: { campaignId: string; packageId: string }): Promise<PackageResult[]> {
  return query<PackageResult>(
    em,
    `select fr.family_id as "familyId", fr.version, fr.outcome,
       coalesce((select json_agg(json_build_object('type', m.type, 'severity', m.severity))
                   from mismatch m where m.campaign_id = fr.campaign_id and m.family_id = fr.family_id and m.version = fr.version), '[]'::json) as mismatches
     from (select distinct on (r.family_id) r.campaign_id, r.family_id, r.version, r.outcome
             from package_family pf
             join field_result r on r.campaign_id = ? and r.family_id = pf.family_id and r.package_id = pf.package_id
             where pf.package_id = ? order by r.family_id, r.version desc) fr
     order by fr.family_id`,
    // Through the package's families (its primary key) to each family's versions (theirs): field_result has no
    // index on package_id, and a campaign of 60,000 families closes over a thousand packages.
    [input.campaignId, input.packageId],
  );
}

const INSERT_NEXT_VERSION = preparedStatement(
  'field-result-insert-next-version',
  `with next as (
       select coalesce(max(version), 0) + 1 as version from field_result where campaign_id = ? and family_id = ?
     ), fr as (
       insert into field_result (campaign_id, family_id, version, submission_id, package_id, officer_id, outcome, payload, rules_version, submitted_at)
       select ?, ?, next.version, ?, ?, ?, ?, ?::jsonb, ?, ?::timestamptz from next
       returning version
     ), mm as (
       insert into mismatch (campaign_id, family_id, version, type, severity, detail, desa_code)
       select ?, ?, fr.version, m.type, m.severity, m.detail, ? from fr, json_to_recordset(?::json) as m(type text, severity smallint, detail jsonb)
     ), pf as (
       update package_family set status = 'submitted', latest_version = fr.version from fr where package_id = ? and family_id = ?
     ), audit as (
       insert into audit_log (at, actor, actor_role, action, entity, entity_id, campaign_id, before, after)
       select now(), ?, ?, ?, 'field_result', ? || '/' || ? || '/' || fr.version, ?,
              case when fr.version > 1 then jsonb_build_object('version', fr.version - 1) end,
              ?::jsonb || jsonb_build_object('version', fr.version)
       from fr
     )
     select version from fr`,
);

/**
 * Writes the next version of the family's result with its mismatches, marks it submitted in the package and
 * audits it, in one statement. Two corrections of one family at once take the same next number and the primary
 * key refuses the second; the same submission id sent twice at once is refused by its unique key. Both surface
 * as a unique violation (isUniqueViolation), and the caller starts again from the read.
 */
export async function insertNextVersion(em: EntityManager, v: NewVersion): Promise<number> {
  const [row] = await preparedRows<{ version: number }>(
    em,
    INSERT_NEXT_VERSION,
    [
      v.campaignId, v.familyId,
      v.campaignId, v.familyId, v.submissionId, v.packageId, v.officerId, v.outcome, JSON.stringify(v.payload), v.rulesVersion, v.submittedAt,
      v.campaignId, v.familyId, v.desaCode, JSON.stringify(v.mismatches.map(({ type, severity, detail }) => ({ type, severity, detail }))),
      v.packageId, v.familyId,
      v.officerId, v.audit.actorRole, v.audit.action, v.campaignId, v.familyId, v.campaignId, JSON.stringify(v.audit.after),
    ],
  );
  if (!row) throw new Error(`field result ${v.submissionId} was not written`);
  return row.version;
}

export const isUniqueViolation = (err: unknown): boolean => typeof err === 'object' && err !== null && (err as { code?: unknown }).code === '23505';
