/**
 * Data-subject access (UU PDP; docs/DATA-PROTECTION.md): everything held about one NIK, across campaigns. The
 * subject's families are those where the NIK is the head's or a member's; for each: the family record, the
 * subject's own individual record, the checks' flags, every field-result version, the mismatches, the escalation
 * case, the intervention items; then quarantined raw records carrying the NIK, and the audit entries of every
 * read of those families' personal data (who, role, when, how).
 *
 * Other people's data is left out: field results keep only the subject's own member entry, and the head's name
 * and NIK appear only when the subject is the head. Read-only; the caller audits the export itself.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { boundRows } from '../bound-sql';

export interface SubjectFamily {
  campaignId: string;
  campaignName: string;
  campaignStatus: string;
  familyId: string;
  /** How the NIK appears in this family: as its head, as a member, or both. */
  as: ('head' | 'member')[];
  family: Record<string, unknown>;
  individuals: Record<string, unknown>[];
  flags: { code: string; severity: number; reason: string; aboutSubject: boolean }[];
  fieldResults: Record<string, unknown>[];
  mismatches: { version: number; type: string; severity: number }[];
  escalationCase: Record<string, unknown> | null;
  interventions: Record<string, unknown>[];
}

export interface SubjectExport {
  families: SubjectFamily[];
  quarantined: Record<string, unknown>[];
  reads: { at: string; actor: string; actorRole: string; action: string; entity: string; entityId: string; campaignId: string | null }[];
}

type Row = Record<string, unknown>;
const q = <T = Row>(em: EntityManager, sql: string, params: unknown[]): Promise<T[]> => boundRows<T>(em, sql, params);

/** The family columns, without the head's identity (added only for the head) and the ingest bookkeeping. */
const FAMILY_COLUMNS = `provinsi, kabupaten_kota, kecamatan, desa_kelurahan, kode_kemendagri, desil_kesejahteraan, alamat, pekerjaan, pendidikan,
  kepemilikan_rumah, memiliki_simpanan, jenis_atap, jenis_dinding, jenis_lantai, sumber_penerangan, bahan_bakar_memasak, sumber_air_minum,
  fasilitas_bab, penerima_bpnt, penerima_bpum, penerima_bst, penerima_pkh, penerima_sembako, resiko_stunting, priority`;
const HEAD_COLUMNS = `kepala_keluarga, nik, padan_dukcapil, jenis_kelamin, to_char(tanggal_lahir, 'YYYY-MM-DD') as tanggal_lahir`;

/** Only the subject's own entry of a field result's members; the household facts stay whole. */
function subjectsView(payload: Row, nik: string): Row {
  const members = Array.isArray(payload.members) ? (payload.members as Row[]) : [];
  const { members: _all, ...household } = payload;
  return { ...household, member: members.find((m) => m.nik === nik) ?? null, otherMembers: members.filter((m) => m.nik !== nik).length };
}

async function familyExport(em: EntityManager, nik: string, campaignId: string, familyId: string, as: SubjectFamily['as']): Promise<SubjectFamily> {
  const key = [campaignId, familyId];
  const [campaign] = await q<{ name: string; status: string }>(em, 'select name, status from campaign where id = ?', [campaignId]);
  const [family] = await q(em, `select ${FAMILY_COLUMNS}${as.includes('head') ? `, ${HEAD_COLUMNS}` : ''} from p3ke_family where campaign_id = ? and id_keluarga_p3ke = ?`, key);
  const individuals = await q(
    em,
    `select id_individu, nama, nik, padan_dukcapil, jenis_kelamin, hubungan_dengan_kepala_keluarga, to_char(tanggal_lahir, 'YYYY-MM-DD') as tanggal_lahir,
            status_kawin, pekerjaan, pendidikan, hamil, penerima_bpnt, penerima_bpum, penerima_bst, penerima_pkh, penerima_sembako, resiko_stunting,
            kode_kemendagri, desil_kesejahteraan
     from p3ke_individual where campaign_id = ? and id_keluarga_p3ke = ? and nik = ? order by id_individu`,
    [...key, nik],
  );
  const ownIds = new Set(individuals.map((i) => i.id_individu));
  const flags = await q<{ code: string; severity: number; reason: string; individual_id: string }>(
    em,
    'select code, severity, reason, individual_id from family_flag where campaign_id = ? and family_id = ? order by code, individual_id',
    key,
  );
  const results = await q<{ version: number; outcome: string; officer_id: string; submitted_at: Date | string; payload: Row }>(
    em,
    'select version, outcome, officer_id, submitted_at, payload from field_result where campaign_id = ? and family_id = ? order by version',
    key,
  );
  const mismatches = await q<{ version: number; type: string; severity: number }>(
    em,
    'select version, type, severity from mismatch where campaign_id = ? and family_id = ? order by version, type',
    key,
  );
  const [escalationCase] = await q(
    em,
    `select status, level, mismatch_types as "mismatchTypes", decision, decided_role as "decidedRole", reason, opened_at as "openedAt", decided_at as "decidedAt"
     from escalation_case where campaign_id = ? and family_id = ?`,
    key,
  );
  const interventions = await q(
    em,
    `select i.programme, i.quantity, i.cost_rupiah as "costRupiah", i.status, i.approved, i.reasons, p.status as "planStatus"
     from intervention_item i join intervention_plan p on p.id = i.plan_id where p.campaign_id = ? and i.family_id = ? order by i.programme`,
    key,
  );
  return {
    campaignId,
    campaignName: campaign?.name ?? '',
    campaignStatus: campaign?.status ?? '',
    familyId,
    as,
    family: family ?? {},
    individuals,
    // Flags about another member are counted in, but not said to be about the subject.
    flags: flags
      .filter((f) => f.individual_id === '' || ownIds.has(f.individual_id))
      .map((f) => ({ code: f.code, severity: f.severity, reason: f.reason, aboutSubject: f.individual_id !== '' })),
    fieldResults: results.map((r) => ({ version: r.version, outcome: r.outcome, officerId: r.officer_id, submittedAt: new Date(r.submitted_at).toISOString(), ...subjectsView(r.payload, nik) })),
    mismatches,
    escalationCase: escalationCase ?? null,
    interventions,
  };
}

/** Everything held about `nik` (already validated as 16 digits by the caller). An unknown NIK gives empty lists. */
export async function exportSubject(em: EntityManager, nik: string): Promise<SubjectExport> {
  const found = await q<{ campaign_id: string; family_id: string; as_head: boolean }>(
    em,
    `select campaign_id, family_id, bool_or(as_head) as as_head, bool_or(not as_head) as as_member from (
       select campaign_id, id_keluarga_p3ke as family_id, true as as_head from p3ke_family where nik = ?
       union all
       select campaign_id, id_keluarga_p3ke as family_id, false as as_head from p3ke_individual where nik = ?
     ) s group by campaign_id, family_id order by campaign_id, family_id`,
    [nik, nik],
  );
  const families: SubjectFamily[] = [];
  for (const f of found as { campaign_id: string; family_id: string; as_head: boolean; as_member: boolean }[]) {
    const as: SubjectFamily['as'] = [...(f.as_head ? (['head'] as const) : []), ...(f.as_member ? (['member'] as const) : [])];
    families.push(await familyExport(em, nik, f.campaign_id, f.family_id, as));
  }
  const quarantined = await q(
    em,
    `select campaign_id as "campaignId", kind, source_id as "sourceId", reason_code as "reasonCode", reason, quarantined_at as "quarantinedAt", raw
     from quarantined_record where raw->>'nik' = ? order by campaign_id, kind, source_position`,
    [nik],
  );
  const entityIds = families.map((f) => `${f.campaignId}/${f.familyId}`);
  const campaigns = [...new Set(families.map((f) => f.campaignId))];
  // Reads of the family records, and downloads of the feedback files of those campaigns (the files carry the NIK).
  const reads = await q<{ at: Date | string; actor: string; actor_role: string; action: string; entity: string; entity_id: string; campaign_id: string | null }>(
    em,
    `select at, actor, actor_role, action, entity, entity_id, campaign_id from audit_log
     where action like 'read.%'
       and ((entity = 'p3ke_family' and entity_id in (select json_array_elements_text(?::json)))
         or (entity = 'feedback_file' and campaign_id in (select json_array_elements_text(?::json))))
     order by id`,
    [JSON.stringify(entityIds), JSON.stringify(campaigns)],
  );
  return {
    families,
    quarantined,
    reads: reads.map((r) => ({ at: new Date(r.at).toISOString(), actor: r.actor, actorRole: r.actor_role, action: r.action, entity: r.entity, entityId: r.entity_id, campaignId: r.campaign_id })),
  };
}
