/**
 * The SQL behind recordFieldResult, shaped for round trips: 50 officers submit at once, and every statement a
 * result waits for is a trip through the worker's pool and event loop (issue #5, field-result round trip). So a
 * submission reads what it needs in one statement and writes everything in one more: the version, its
 * mismatches, the package's projection and the audit row commit together, as one statement is one transaction.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { boundRows } from '../bound-sql';
import { preparedRows, preparedStatement, type PreparedStatement } from '../prepared-sql';
import { API_AUDIT_ACTIONS } from '../../domain/contracts/audit-actions';
import type { FieldResult } from '../../domain/field-result';
import { FIELD_RESULT_VERSION } from '../../domain/field-result-checks';
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

/** Only officers submit field results (the package checks the officer; the API's route is for the officer role). */
const SUBMITTER_ROLE = 'officer';

/**
 * An officer's submission as the version it becomes, whoever records it (the API, or the package's recording
 * activity): the rules version, and the officer's audit row (before: the version it corrects, if any).
 */
export function submittedVersion(s: {
  campaignId: string;
  packageId: string;
  officerId: string;
  submissionId: string;
  result: FieldResult;
  receivedAt: string;
  desaCode: string;
  mismatches: readonly Mismatch[];
  escalate: boolean;
}): NewVersion {
  return {
    campaignId: s.campaignId,
    packageId: s.packageId,
    familyId: s.result.familyId,
    officerId: s.officerId,
    submissionId: s.submissionId,
    outcome: s.result.outcome,
    payload: s.result,
    rulesVersion: FIELD_RESULT_VERSION,
    submittedAt: s.receivedAt,
    desaCode: s.desaCode,
    mismatches: s.mismatches,
    audit: {
      action: API_AUDIT_ACTIONS.fieldResultSubmit,
      actorRole: SUBMITTER_ROLE,
      after: { submissionId: s.submissionId, packageId: s.packageId, outcome: s.result.outcome, mismatchTypes: s.mismatches.map((m) => m.type), escalate: s.escalate },
    },
  };
}

/** Real bind parameters (execute() would inline the result's JSON into the text: db/bound-sql.ts). */
const query = boundRows;

const FAMILY_COLUMNS = `id_keluarga_p3ke, kode_kemendagri, desil_kesejahteraan, penerima_pkh, penerima_sembako, penerima_bpnt, resiko_stunting,
  jenis_atap, jenis_dinding, jenis_lantai, sumber_penerangan, bahan_bakar_memasak, sumber_air_minum, fasilitas_bab,
  kepemilikan_rumah, memiliki_simpanan`;

/**
 * The family's P3KE record (one JSON object, or null) and its members (a JSON array) as the mismatch rules read
 * them, as scalar subqueries of a larger statement: `campaign` is an SQL expression, the family id the one `?`.
 * Shared by the recording activity's read and the API's submission read, so both judge a result on the same facts.
 */
export const familyFactsSubquery = (campaign: string): string =>
  `(select row_to_json(f) from (select ${FAMILY_COLUMNS} from p3ke_family where campaign_id = ${campaign} and id_keluarga_p3ke = ?) f)`;
export const memberFactsSubquery = (campaign: string): string =>
  `(select coalesce(json_agg(json_build_object('nik', nik, 'jenis_kelamin', jenis_kelamin, 'tanggal_lahir', to_char(tanggal_lahir, 'YYYY-MM-DD'),
            'hubungan_dengan_kepala_keluarga', hubungan_dengan_kepala_keluarga, 'hamil', hamil) order by id_individu), '[]'::json)
     from p3ke_individual where campaign_id = ${campaign} and id_keluarga_p3ke = ?)`;

/**
 * The two statements every submission the package records itself runs, prepared once per connection
 * (db/prepared-sql.ts): the worker no longer builds them through knex per call, and PostgreSQL no longer parses
 * and plans them per call.
 */
const READ_CONTEXT = preparedStatement(
  'field-result-read-context',
  `select
     (select json_build_object('campaignId', campaign_id, 'packageId', package_id, 'familyId', family_id, 'version', version, 'outcome', outcome)
        from field_result where submission_id = ?) as earlier,
     ${familyFactsSubquery('?')} as family,
     ${memberFactsSubquery('?')} as members`,
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

/** Close-out's first step: the package's projection leaves 'open' (waiting for any API write in progress). */
export async function markPackageClosing(em: EntityManager, packageId: string): Promise<void> {
  await query(em, `update work_package set status = 'closing' where id = ? and status = 'open'`, [packageId]);
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

/**
 * The write, in two forms. The recording activity writes what its package already accepted. The API writes before
 * it asks the package (client/api/record-field-result.ts), so its form writes only while the package's projection
 * is open and the officer's, and holds the package row (for share) until it commits: close-out marks the package
 * 'closing' before it reads what was recorded (adoptRecordedResults), so a version is either written before that
 * mark, and close-out sees it, or not written at all.
 */
const insertNextVersionText = (guard: string): string =>
  `with ${guard}next as (
       select coalesce(max(version), 0) + 1 as version from field_result where campaign_id = ? and family_id = ?${guard ? ' having exists (select 1 from guard)' : ''}
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
     select version from fr`;
const INSERT_NEXT_VERSION = preparedStatement('field-result-insert-next-version', insertNextVersionText(''));
const INSERT_NEXT_VERSION_IF_OPEN = preparedStatement(
  'field-result-insert-next-version-if-open',
  insertNextVersionText("guard as (select id from work_package where id = ? and officer_id = ? and status = 'open' for share),\n     "),
);

/**
 * Writes the next version of the family's result with its mismatches, marks it submitted in the package and
 * audits it, in one statement. Two corrections of one family at once take the same next number and the primary
 * key refuses the second; the same submission id sent twice at once is refused by its unique key. Both surface
 * as a unique violation (isUniqueViolation), and the caller starts again from the read.
 */
export async function insertNextVersion(em: EntityManager, v: NewVersion): Promise<number> {
  const version = await writeNextVersion(em, INSERT_NEXT_VERSION, [], v);
  if (version === null) throw new Error(`field result ${v.submissionId} was not written`);
  return version;
}

/**
 * The API's write: the next version, or null when the package is no longer open for this officer (nothing written).
 */
export function insertNextVersionIfOpen(em: EntityManager, v: NewVersion): Promise<number | null> {
  return writeNextVersion(em, INSERT_NEXT_VERSION_IF_OPEN, [v.packageId, v.officerId], v);
}

async function writeNextVersion(em: EntityManager, statement: PreparedStatement, guard: readonly unknown[], v: NewVersion): Promise<number | null> {
  const [row] = await preparedRows<{ version: number }>(
    em,
    statement,
    [
      ...guard,
      v.campaignId, v.familyId,
      v.campaignId, v.familyId, v.submissionId, v.packageId, v.officerId, v.outcome, JSON.stringify(v.payload), v.rulesVersion, v.submittedAt,
      v.campaignId, v.familyId, v.desaCode, JSON.stringify(v.mismatches.map(({ type, severity, detail }) => ({ type, severity, detail }))),
      v.packageId, v.familyId,
      v.officerId, v.audit.actorRole, v.audit.action, v.campaignId, v.familyId, v.campaignId, JSON.stringify(v.audit.after),
    ],
  );
  return row?.version ?? null;
}

export const isUniqueViolation = (err: unknown): boolean => typeof err === 'object' && err !== null && (err as { code?: unknown }).code === '23505';

/**
 * Takes back the version the API recorded under this submission id when its package then refused the submission
 * (the officer was replaced, or the deadline passed, between the API's write and the Update): the version and its
 * mismatches go, the package's row points at the family's previous version through this package again (or is open
 * once more), and the audit log keeps both the submission and this withdrawal. One statement.
 *
 * Only while the package's projection is open, holding its row (for update): once close-out has marked it
 * 'closing' it has read, or is reading, what was recorded, and counts this version, so the version stays and null
 * comes back (the caller answers with its receipt). Null too when nothing was recorded under the id.
 */
export async function withdrawVersion(em: EntityManager, w: { packageId: string; submissionId: string; officerId: string; reason: string }): Promise<number | null> {
  const [row] = await preparedRows<{ version: number }>(em, WITHDRAW_VERSION, [
    w.packageId,
    w.submissionId,
    w.officerId,
    SUBMITTER_ROLE,
    API_AUDIT_ACTIONS.fieldResultWithdraw,
    JSON.stringify({ submissionId: w.submissionId, packageId: w.packageId, reason: w.reason }),
  ]);
  return row?.version ?? null;
}

const WITHDRAW_VERSION = preparedStatement(
  'field-result-withdraw-version',
  `with open_package as (
     select id from work_package where id = ? and status = 'open' for update
   ), gone as (
     delete from field_result r using open_package
     where r.submission_id = ? and r.package_id = open_package.id
     returning r.campaign_id, r.family_id, r.version, r.package_id
   ), mm as (
     delete from mismatch m using gone where m.campaign_id = gone.campaign_id and m.family_id = gone.family_id and m.version = gone.version
   ), previous as (
     select gone.package_id, gone.family_id,
            (select max(r.version) from field_result r
              where r.campaign_id = gone.campaign_id and r.family_id = gone.family_id and r.package_id = gone.package_id and r.version <> gone.version) as version
     from gone
   ), pf as (
     update package_family p set status = case when previous.version is null then 'open' else 'submitted' end, latest_version = coalesce(previous.version, 0)
     from previous where p.package_id = previous.package_id and p.family_id = previous.family_id
   ), audit as (
     insert into audit_log (at, actor, actor_role, action, entity, entity_id, campaign_id, before, after)
     select now(), ?, ?, ?, 'field_result', gone.campaign_id || '/' || gone.family_id || '/' || gone.version, gone.campaign_id,
            jsonb_build_object('version', gone.version), ?::jsonb
     from gone
   )
   select version from gone`,
);
