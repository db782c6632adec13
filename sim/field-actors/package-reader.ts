/**
 * What an officer's inbox shows: the campaign's open work packages, and for one package its families with the
 * P3KE row and members the officer takes into the field. Reads the projections only; the workflows decide.
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import { boundRows } from '../../db/bound-sql';
import type { P3keFamilyInput, P3keMemberInput } from './field-result-maker';

export interface OpenPackage {
  id: string;
  desaCode: string;
  seq: number;
  round: number;
  officerId: string;
}

export interface PackageFamilyToVisit {
  family: P3keFamilyInput;
  members: P3keMemberInput[];
  /** 'open' until a result is recorded in this package. */
  status: string;
  latestVersion: number;
}

const run = <T>(orm: MikroORM, text: string, params: unknown[]): Promise<T[]> => boundRows<T>(orm.em.fork(), text, params);

export async function openPackages(orm: MikroORM, campaignId: string): Promise<OpenPackage[]> {
  const rows = await run<{ id: string; desa_code: string; seq: number; round: number; officer_id: string }>(
    orm,
    `select id, desa_code, seq, round, officer_id from work_package where campaign_id = ? and status = 'open' order by round, desa_code, seq`,
    [campaignId],
  );
  return rows.map((r) => ({ id: r.id, desaCode: r.desa_code, seq: r.seq, round: r.round, officerId: r.officer_id }));
}

export async function packageOfficer(orm: MikroORM, packageId: string): Promise<string | null> {
  const [row] = await run<{ officer_id: string }>(orm, 'select officer_id from work_package where id = ?', [packageId]);
  return row?.officer_id ?? null;
}

// The rows were validated against the P3KE schema at ingest, so their categorical columns hold list values.
const FAMILY_COLUMNS = `f.id_keluarga_p3ke, f.kode_kemendagri, f.kepala_keluarga, f.nik, f.jenis_kelamin,
  to_char(f.tanggal_lahir, 'YYYY-MM-DD') as tanggal_lahir, f.jenis_atap, f.jenis_dinding, f.jenis_lantai, f.sumber_penerangan,
  f.bahan_bakar_memasak, f.sumber_air_minum, f.fasilitas_bab, f.kepemilikan_rumah, f.memiliki_simpanan,
  f.penerima_bpnt, f.penerima_pkh, f.penerima_sembako`;

export async function familiesToVisit(orm: MikroORM, campaignId: string, packageId: string): Promise<PackageFamilyToVisit[]> {
  const families = await run<P3keFamilyInput & { pf_status: string; latest_version: number }>(
    orm,
    `select ${FAMILY_COLUMNS}, pf.status as pf_status, pf.latest_version
     from package_family pf join p3ke_family f on f.campaign_id = pf.campaign_id and f.id_keluarga_p3ke = pf.family_id
     where pf.package_id = ? order by pf.priority desc, pf.family_id`,
    [packageId],
  );
  if (families.length === 0) return [];
  const members = await run<P3keMemberInput & { id_keluarga_p3ke: string }>(
    orm,
    `select id_keluarga_p3ke, nama, nik, jenis_kelamin, hubungan_dengan_kepala_keluarga, to_char(tanggal_lahir, 'YYYY-MM-DD') as tanggal_lahir, hamil
     from p3ke_individual where campaign_id = ? and id_keluarga_p3ke in (select json_array_elements_text(?::json)) order by id_individu`,
    [campaignId, JSON.stringify(families.map((f) => f.id_keluarga_p3ke))],
  );
  const byFamily = new Map<string, P3keMemberInput[]>();
  for (const { id_keluarga_p3ke: familyId, ...member } of members) {
    const list = byFamily.get(familyId) ?? [];
    list.push(member);
    byFamily.set(familyId, list);
  }
  return families.map(({ pf_status, latest_version, ...family }) => ({
    family,
    members: byFamily.get(family.id_keluarga_p3ke) ?? [],
    status: pf_status,
    latestVersion: latest_version,
  }));
}
