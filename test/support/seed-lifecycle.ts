/**
 * Seeds the tables the later phases of a campaign read (P3KE snapshot, field results, mismatches, escalation
 * cases, flags, quarantine) directly, for activity tests that start after the field phase. Field results are
 * parsed by the submission schema before they are written, so every payload is a valid FieldResult.
 *
 * `standardLifecycle` is one small campaign with a family in each state a close-out meets; names, NIKs and
 * addresses are invented (NIKs are synthetic but consistent with sex and birth date, on the Sepaku prefix).
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import type { z } from 'zod';
import type { CaseDecision } from '../../domain/contracts/escalation-case';
import type { FieldHousing, FieldMember, FieldProgrammeEnrolment, FieldResult } from '../../domain/field-result';
import { buildFieldResultSchema } from '../../domain/field-result.schema';
import { fullMonthsBetween, parseIsoDate } from '../../domain/iso-date';

export const VISIT_DATE = '2026-03-10';
const VISITED_AT = `${VISIT_DATE}T09:30:00+08:00`;
export const DESA_1 = '6409042001';
export const DESA_2 = '6409042002';

export interface SeedFamily {
  id: string;
  desaCode: string;
  desil: number;
  housing: FieldHousing;
  members: FieldMember[];
  alamat?: string;
  /** penerima_* flags; every other flag is false. */
  penerima?: Partial<Record<'pkh' | 'sembako' | 'bpnt' | 'bst' | 'bpum', boolean>>;
  resikoStunting?: boolean;
}

export interface SeedResult {
  familyId: string;
  version: number;
  outcome: FieldResult['outcome'];
  members?: FieldMember[];
  housing?: FieldHousing;
  programmes?: Partial<FieldProgrammeEnrolment>;
  /** Mismatch types and severities of this version. */
  mismatches?: [string, number][];
}

export interface SeedCase {
  familyId: string;
  version: number;
  status: 'open' | 'decided';
  decision?: CaseDecision;
}

export interface SeedQuarantined {
  kind: 'family' | 'individual';
  position: number;
  sourceId: string | null;
  reasonCode: string;
  reason: string;
}

export interface LifecycleSeed {
  campaignId: string;
  createdBy: string;
  counts: Record<string, number>;
  families: SeedFamily[];
  results: SeedResult[];
  cases: SeedCase[];
  flags: { familyId: string; code: string }[];
  quarantined: SeedQuarantined[];
}

/** A 16-digit NIK consistent with sex and birth date: kecamatan prefix, DDMMYY (day + 40 for women), serial. */
export function nik(birth: string, sex: 'L' | 'P', serial: number, kecamatan = '640904'): string {
  const [year, month, day] = birth.split('-');
  const dd = String(Number(day) + (sex === 'P' ? 40 : 0)).padStart(2, '0');
  return `${kecamatan}${dd}${month}${year!.slice(2)}${String(serial).padStart(4, '0')}`;
}

export function member(
  nama: string,
  hubungan: FieldMember['hubungan_dengan_kepala_keluarga'],
  sex: 'L' | 'P',
  birth: string,
  serial: number,
  hamil = false,
): FieldMember {
  return { nik: nik(birth, sex, serial), nama, hubungan_dengan_kepala_keluarga: hubungan, jenis_kelamin: sex, tanggal_lahir: birth, hamil };
}

const NO_PROGRAMMES: FieldProgrammeEnrolment = {
  pkh: false,
  sembako_bpnt: false,
  pip_kip: false,
  pbi_jkn: false,
  bsps_rtlh: false,
  prakerja: false,
  kur: false,
  blt_dana_desa: false,
};

export async function seedLifecycle(orm: MikroORM, seed: LifecycleSeed): Promise<void> {
  const c = seed.campaignId;
  const now = new Date().toISOString();
  const desaOf = new Map(seed.families.map((f) => [f.id, f.desaCode]));
  await insert(orm, 'campaign', [
    { id: c, name: `Seeded ${c}`, status: 'running', phase: 'closeout', config: {}, snapshot_id: `snap-${c}`, created_by: seed.createdBy,
      counts: seed.counts, registration_attempts: 1, created_at: now, updated_at: now, completed_at: null },
  ]);
  await insert(orm, 'p3ke_family', seed.families.map((f, i) => p3keFamilyRow(c, f, i)));
  await insert(orm, 'p3ke_individual', seed.families.flatMap((f, i) => f.members.map((m, j) => p3keIndividualRow(c, f, m, i * 10 + j))));
  const schema = buildFieldResultSchema({ now: `${VISIT_DATE}T12:00:00+08:00` });
  const families = new Map(seed.families.map((f) => [f.id, f]));
  await insert(orm, 'field_result', seed.results.map((r) => fieldResultRow(c, r, families, schema)));
  await insert(orm, 'mismatch', seed.results.flatMap((r) =>
    (r.mismatches ?? []).map(([type, severity]) => ({
      campaign_id: c, family_id: r.familyId, version: r.version, type, severity, detail: { seeded: 1 }, desa_code: desaOf.get(r.familyId),
    })),
  ));
  await insert(orm, 'escalation_case', seed.cases.map((k) => {
    const desa = desaOf.get(k.familyId) ?? DESA_1;
    const decided = k.status === 'decided';
    return {
      campaign_id: c, family_id: k.familyId, package_id: `${c}/${desa}/1`, kecamatan_code: desa.slice(0, 6), desa_code: desa,
      field_result_version: k.version, mismatch_types: [], severity_sum: 6, level: 'supervisor', status: k.status,
      decision: decided ? k.decision : null, decided_by: decided ? 'spv-1' : null, decided_role: decided ? 'supervisor' : null,
      reason: decided ? 'seeded decision' : null, opened_at: now, escalated_at: null, decided_at: decided ? now : null,
    };
  }));
  await insert(orm, 'family_flag', seed.flags.map((f) => ({
    campaign_id: c, family_id: f.familyId, code: f.code, individual_id: '', severity: 3, reason: 'seeded',
  })));
  await insert(orm, 'quarantined_record', seed.quarantined.map((q) => ({
    campaign_id: c, kind: q.kind, source_position: q.position, source_id: q.sourceId, reason_code: q.reasonCode, reason: q.reason,
    raw: { seeded: true }, quarantined_at: now,
  })));
}

async function insert(orm: MikroORM, table: string, rows: Record<string, unknown>[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!).join(', ');
  await orm.em.fork().getConnection().execute(
    `insert into ${table} (${columns}) select ${columns} from json_populate_recordset(null::${table}, ?::json)`,
    [JSON.stringify(rows)],
  );
}

function p3keFamilyRow(campaignId: string, f: SeedFamily, position: number): Record<string, unknown> {
  const head = f.members.find((m) => m.hubungan_dengan_kepala_keluarga === 'kepala_keluarga') ?? f.members[0]!;
  return {
    campaign_id: campaignId, id_keluarga_p3ke: f.id, source_position: position, provinsi: 'KALIMANTAN TIMUR',
    kabupaten_kota: 'PENAJAM PASER UTARA', kecamatan: 'SEPAKU', desa_kelurahan: `DESA ${f.desaCode}`, kode_kemendagri: f.desaCode,
    desil_kesejahteraan: f.desil, alamat: f.alamat ?? `Jl. Poros No. ${position + 1}`, kepala_keluarga: head.nama, nik: head.nik,
    padan_dukcapil: true, jenis_kelamin: head.jenis_kelamin, tanggal_lahir: head.tanggal_lahir, pekerjaan: 'petani', pendidikan: 'sd',
    ...f.housing,
    penerima_bpnt: f.penerima?.bpnt ?? false, penerima_bpum: f.penerima?.bpum ?? false, penerima_bst: f.penerima?.bst ?? false,
    penerima_pkh: f.penerima?.pkh ?? false, penerima_sembako: f.penerima?.sembako ?? false, resiko_stunting: f.resikoStunting ?? false,
    priority: 0,
  };
}

function p3keIndividualRow(campaignId: string, f: SeedFamily, m: FieldMember, position: number): Record<string, unknown> {
  return {
    campaign_id: campaignId, id_individu: `${f.id}-${m.nik.slice(-4)}`, source_position: position, id_keluarga_p3ke: f.id,
    nama: m.nama, nik: m.nik, padan_dukcapil: true, jenis_kelamin: m.jenis_kelamin, hubungan_dengan_kepala_keluarga: m.hubungan_dengan_kepala_keluarga,
    tanggal_lahir: m.tanggal_lahir, status_kawin: m.hubungan_dengan_kepala_keluarga === 'anak' ? 'belum_kawin' : 'kawin',
    pekerjaan: 'lainnya', pendidikan: 'sd', hamil: m.hamil, penerima_bpnt: false, penerima_bpum: false, penerima_bst: false,
    penerima_pkh: f.penerima?.pkh ?? false, penerima_sembako: false, resiko_stunting: f.resikoStunting ?? false,
    kode_kemendagri: f.desaCode, desil_kesejahteraan: f.desil,
  };
}

function fieldResultRow(campaignId: string, r: SeedResult, families: Map<string, SeedFamily>, schema: z.ZodType<FieldResult>): Record<string, unknown> {
  const family = families.get(r.familyId);
  if (!family) throw new Error(`seed: result for unknown family ${r.familyId}`);
  const verified = r.outcome === 'verified';
  const members = verified ? (r.members ?? family.members) : [];
  const candidate: FieldResult = {
    familyId: r.familyId,
    outcome: r.outcome,
    members,
    housing: verified ? (r.housing ?? family.housing) : null,
    programmes: verified ? { ...NO_PROGRAMMES, ...r.programmes } : null,
    stunting: verified ? stuntingCounts(members) : null,
    gps: { lat: -0.95, lon: 116.75 },
    photos: [{ kind: 'house_front', ref: `upl_${r.familyId.slice(-4)}_${r.version}` }],
    note: '',
    visitedAt: VISITED_AT,
  };
  const parsed = schema.safeParse(candidate);
  if (!parsed.success) throw new Error(`seed: invalid field result for ${r.familyId} v${r.version}: ${parsed.error.message}`);
  const desa = family.desaCode;
  return {
    campaign_id: campaignId, family_id: r.familyId, version: r.version, submission_id: `${campaignId}:${r.familyId}:${r.version}`,
    package_id: `${campaignId}/${desa}/1`, officer_id: 'officer-1', outcome: r.outcome, payload: parsed.data,
    rules_version: 'mismatch-2026.1', submitted_at: `${VISIT_DATE}T04:00:00Z`,
  };
}

function stuntingCounts(members: FieldMember[]): FieldResult['stunting'] {
  const visit = parseIsoDate(VISIT_DATE)!;
  const months = members.map((m) => fullMonthsBetween(parseIsoDate(m.tanggal_lahir)!, visit));
  return {
    pregnantWomen: members.filter((m) => m.hamil).length,
    childrenUnder2: months.filter((a) => a >= 0 && a < 24).length,
    childrenUnder5: months.filter((a) => a >= 0 && a < 60).length,
  };
}

/** House fixtures: the proxy implies desil 4 for HOUSE_WOODEN, 1 for HOUSE_BAMBOO and 10 for HOUSE_BRICK. */
export const HOUSE_WOODEN: FieldHousing = {
  jenis_atap: 'seng',
  jenis_dinding: 'kayu_papan',
  jenis_lantai: 'semen',
  sumber_penerangan: 'listrik_pln_meteran',
  bahan_bakar_memasak: 'gas_elpiji',
  sumber_air_minum: 'sumur_bor',
  fasilitas_bab: 'sendiri_septic_tank',
  kepemilikan_rumah: 'milik_sendiri',
  memiliki_simpanan: false,
};
export const HOUSE_BAMBOO: FieldHousing = {
  jenis_atap: 'bambu',
  jenis_dinding: 'bambu',
  jenis_lantai: 'tanah',
  sumber_penerangan: 'bukan_listrik',
  bahan_bakar_memasak: 'kayu_bakar',
  sumber_air_minum: 'air_permukaan',
  fasilitas_bab: 'tidak_ada',
  kepemilikan_rumah: 'milik_sendiri',
  memiliki_simpanan: false,
};
export const HOUSE_BRICK: FieldHousing = {
  jenis_atap: 'beton',
  jenis_dinding: 'tembok',
  jenis_lantai: 'keramik_marmer',
  sumber_penerangan: 'listrik_pln_meteran',
  bahan_bakar_memasak: 'gas_elpiji',
  sumber_air_minum: 'air_kemasan',
  fasilitas_bab: 'sendiri_septic_tank',
  kepemilikan_rumah: 'milik_sendiri',
  memiliki_simpanan: true,
};

/** One family per state a close-out meets. */
export const FAMILY = {
  /** Verified, no case; the field found unsafe water (stunting risk the pre-check did not see). */
  plain: 'P3KE-6409042001-000001',
  /** Supervisor kept P3KE: bamboo house, three members with a pregnant wife; the field saw a brick house and two. */
  keepP3ke: 'P3KE-6409042001-000002',
  /** Supervisor accepted the field: a brick house, so desil 1 becomes desil 10. */
  acceptField: 'P3KE-6409042002-000003',
  /** Case still open. */
  open: 'P3KE-6409042002-000004',
  /** Sent back to the field, no new result yet. */
  revisit: 'P3KE-6409042002-000005',
  /** Sent back to the field and verified again (version 2). */
  revisited: 'P3KE-6409042001-000006',
  /** Verified first, then not found (version 2). */
  gone: 'P3KE-6409042001-000007',
  /** Never visited; its address and head's name need CSV quoting. */
  unvisited: 'P3KE-6409042001-000008',
} as const;

export const TRICKY_ADDRESS = 'Jl. Poros Sepaku, RT 03\n"Gang Mawar"';
export const TRICKY_NAME = 'Budi "Obi" Santoso, S.E.';

export const KEEP_P3KE_MEMBERS: FieldMember[] = [
  member('Rahmat', 'kepala_keluarga', 'L', '1985-02-11', 21),
  member('Nur Aini', 'istri_suami', 'P', '1990-07-03', 22, true),
  member('Dewi', 'anak', 'P', '2021-06-15', 23),
];

export function standardLifecycle(campaignId: string, createdBy = 'pm-starter'): LifecycleSeed {
  const plainMembers = [
    member(TRICKY_NAME, 'kepala_keluarga', 'L', '1988-04-05', 1),
    member('Sri Wahyuni', 'istri_suami', 'P', '1993-08-17', 2),
    member('Adi', 'anak', 'L', '2024-11-02', 3),
    member('Rina', 'anak', 'P', '2019-01-20', 4),
  ];
  const couple = (serial: number, pregnant = false) => [
    member(`Kepala ${serial}`, 'kepala_keluarga', 'L', '1984-01-10', serial),
    member(`Istri ${serial}`, 'istri_suami', 'P', '1992-05-21', serial + 1, pregnant),
  ];
  const f = (id: string, desaCode: string, desil: number, housing: FieldHousing, members: FieldMember[], extra: Partial<SeedFamily> = {}) =>
    ({ id, desaCode, desil, housing, members, ...extra });
  return {
    campaignId,
    createdBy,
    counts: { fetched: 30, stored: 27, quarantined: 3, flagged: 2, assigned: 8, verified: 6, mismatched: 7, escalated: 4, decided: 4, revisited: 2 },
    families: [
      f(FAMILY.plain, DESA_1, 2, HOUSE_WOODEN, plainMembers, { penerima: { pkh: true } }),
      f(FAMILY.keepP3ke, DESA_1, 1, HOUSE_BAMBOO, KEEP_P3KE_MEMBERS, { penerima: { pkh: true }, resikoStunting: true }),
      f(FAMILY.acceptField, DESA_2, 1, HOUSE_WOODEN, couple(31)),
      f(FAMILY.open, DESA_2, 3, HOUSE_WOODEN, couple(41)),
      f(FAMILY.revisit, DESA_2, 2, HOUSE_WOODEN, couple(51)),
      f(FAMILY.revisited, DESA_1, 3, HOUSE_WOODEN, couple(61)),
      f(FAMILY.gone, DESA_1, 2, HOUSE_WOODEN, couple(71)),
      f(FAMILY.unvisited, DESA_1, 4, HOUSE_WOODEN, couple(81), { alamat: TRICKY_ADDRESS }),
    ],
    results: [
      { familyId: FAMILY.plain, version: 1, outcome: 'verified', housing: { ...HOUSE_WOODEN, sumber_air_minum: 'sumur_tak_terlindung' },
        programmes: { pkh: true }, mismatches: [['housing_changed', 1], ['stunting_risk_unrecorded', 4]] },
      { familyId: FAMILY.keepP3ke, version: 1, outcome: 'verified', housing: HOUSE_BRICK, members: couple(91),
        mismatches: [['member_count_changed', 1], ['housing_changed', 2], ['desil_inconsistent', 4]] },
      { familyId: FAMILY.acceptField, version: 1, outcome: 'verified', housing: HOUSE_BRICK, members: couple(31, true),
        mismatches: [['housing_changed', 2], ['desil_inconsistent', 4]] },
      { familyId: FAMILY.open, version: 1, outcome: 'verified', housing: HOUSE_BRICK, mismatches: [['desil_inconsistent', 4]] },
      { familyId: FAMILY.revisit, version: 1, outcome: 'verified', members: couple(55), mismatches: [['member_nik_missing', 3]] },
      { familyId: FAMILY.revisited, version: 1, outcome: 'verified', members: couple(65), mismatches: [['member_nik_missing', 3]] },
      { familyId: FAMILY.revisited, version: 2, outcome: 'verified', housing: { ...HOUSE_WOODEN, jenis_lantai: 'keramik_marmer' },
        mismatches: [['housing_changed', 1]] },
      { familyId: FAMILY.gone, version: 1, outcome: 'verified' },
      { familyId: FAMILY.gone, version: 2, outcome: 'not_found', mismatches: [['outcome_not_verified', 3]] },
    ],
    cases: [
      { familyId: FAMILY.keepP3ke, version: 1, status: 'decided', decision: 'keep_p3ke' },
      { familyId: FAMILY.acceptField, version: 1, status: 'decided', decision: 'accept_field' },
      { familyId: FAMILY.open, version: 1, status: 'open' },
      { familyId: FAMILY.revisit, version: 1, status: 'decided', decision: 'revisit' },
      { familyId: FAMILY.revisited, version: 1, status: 'decided', decision: 'revisit' },
    ],
    flags: [
      { familyId: FAMILY.keepP3ke, code: 'STUNTING_RISK' },
      { familyId: FAMILY.gone, code: 'NIK_DUPLICATE' },
      { familyId: FAMILY.unvisited, code: 'NIK_DUPLICATE' },
    ],
    quarantined: [
      { kind: 'family', position: 9, sourceId: 'P3KE-6409042001-000009', reasonCode: 'schema_invalid', reason: 'desil_kesejahteraan: must be 1-10' },
      { kind: 'family', position: 12, sourceId: null, reasonCode: 'schema_invalid', reason: 'id_keluarga_p3ke: missing, "required"' },
      { kind: 'individual', position: 40, sourceId: 'IND-000040', reasonCode: 'family_missing', reason: 'id_keluarga_p3ke refers to a family that is not in the snapshot' },
    ],
  };
}
