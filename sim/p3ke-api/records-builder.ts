/**
 * Turns one family of the population into clean wire records (no defects yet). Everything here is a pure
 * function of the build context and the family index.
 */
import type { Desa } from '../../domain/regions';
import type { P3keFamilyRecord, P3keIndividualRecord } from '../../domain/p3ke/records';
import type { FasilitasBab, Pekerjaan, SumberAirMinum } from '../../domain/p3ke/value-lists';
import { assessStuntingRisk } from '../../domain/stunting';
import { ageInYears, dayToIso } from './calendar';
import { STREAM } from './defects';
import { PADAN_DUKCAPIL_SHARE, adultEducation, childEducation, housing, occupation, programmes } from './distributions';
import { drawHousehold, type Member, type PrefixChoice } from './household';
import { address, personName } from './names';
import { formatNik, type NikParts } from './nik-codes';
import { createRng, hashInts } from './prng';

export interface BuildContext {
  seed: number;
  asOfDay: number;
  area: readonly Desa[];
  /** NIK prefixes (kecamatan codes): the area's kecamatan first, then the rest of Indonesia. */
  prefixes: readonly string[];
  prefixChoice(desaIdx: number): PrefixChoice;
  desaIdx(family: number): number;
  desil(family: number): number;
  householdSize(family: number): number;
  serial(family: number, member: number): number;
}

export interface CleanFamily {
  family: P3keFamilyRecord;
  individuals: P3keIndividualRecord[];
  nikParts: NikParts[];
  desa: Desa;
}

/** The area lies in one province in the default data; the names table only needs the provinces in use. */
const PROVINCE_NAMES: Readonly<Record<string, string>> = { '64': 'Kalimantan Timur' };

export const familyId = (family: number): string => `P3KE${String(family + 1).padStart(8, '0')}`;
export const individualId = (family: number, member: number): string => `${familyId(family)}${String(member + 1).padStart(2, '0')}`;

export function drawMembers(ctx: BuildContext, family: number): Member[] {
  const rng = createRng(hashInts(ctx.seed, STREAM.household, family));
  return drawHousehold(rng, ctx.householdSize(family), ctx.asOfDay, ctx.prefixChoice(ctx.desaIdx(family)));
}

/**
 * P3KE's resiko_stunting as BKKBN's rule gives it on the snapshot date (domain/stunting.ts, the same rule the
 * checks and the mismatch rules apply): a faithful record then agrees with the rule, and a field visit disagrees
 * only where the family changed or aged since the snapshot.
 */
function stuntingRisk(members: readonly Member[], asOfDay: number, water: SumberAirMinum, toilet: FasilitasBab): boolean {
  return assessStuntingRisk(
    {
      members: members.map((m) => ({
        jenis_kelamin: m.sex,
        tanggal_lahir: dayToIso(m.birthDay),
        hubungan_dengan_kepala_keluarga: m.relation,
        hamil: m.pregnant,
      })),
      sumber_air_minum: water,
      fasilitas_bab: toilet,
    },
    dayToIso(asOfDay),
  ).atRisk;
}

export function buildCleanFamily(ctx: BuildContext, family: number): CleanFamily {
  const desa = ctx.area[ctx.desaIdx(family)];
  if (!desa) throw new Error('family outside the area table');
  const desil = ctx.desil(family);
  const members = drawMembers(ctx, family);
  const rng = createRng(hashInts(ctx.seed, STREAM.attributes, family));

  const nikParts: NikParts[] = members.map((m, k) => ({
    prefix: ctx.prefixes[m.prefixIdx] ?? '000000',
    birthDay: m.birthDay,
    sex: m.sex,
    serial: ctx.serial(family, k),
  }));
  const people = members.map((m) => {
    const age = ageInYears(m.birthDay, ctx.asOfDay);
    const role = m.relation === 'kepala_keluarga' ? 'head' : m.relation === 'istri_suami' ? 'spouse' : 'other';
    const pekerjaan: Pekerjaan = occupation(rng, desil, age, role);
    return {
      nama: personName(rng, m.sex),
      padan_dukcapil: rng.chance(PADAN_DUKCAPIL_SHARE),
      pendidikan: age >= 19 ? adultEducation(rng, desil, age) : childEducation(age),
      pekerjaan,
    };
  });
  const head = people[0];
  const headMember = members[0];
  const headNik = nikParts[0];
  if (!head || !headMember || !headNik) throw new Error('a family without a head');

  const home = housing(rng, desil);
  const enrolled = programmes(rng, desil, head.pekerjaan);
  const resiko_stunting = stuntingRisk(members, ctx.asOfDay, home.sumber_air_minum, home.fasilitas_bab);
  const id = familyId(family);

  const record: P3keFamilyRecord = {
    id_keluarga_p3ke: id,
    provinsi: PROVINCE_NAMES[desa.code.slice(0, 2)] ?? desa.code.slice(0, 2),
    kabupaten_kota: desa.kabupaten,
    kecamatan: desa.kecamatanName,
    desa_kelurahan: desa.name,
    kode_kemendagri: desa.code,
    desil_kesejahteraan: desil,
    alamat: address(rng, desa.name),
    kepala_keluarga: head.nama,
    nik: formatNik(headNik),
    padan_dukcapil: head.padan_dukcapil,
    jenis_kelamin: headMember.sex,
    tanggal_lahir: dayToIso(headMember.birthDay),
    pekerjaan: head.pekerjaan,
    pendidikan: head.pendidikan,
    ...home,
    ...enrolled,
    resiko_stunting,
  };
  const individuals = members.map((m, k): P3keIndividualRecord => {
    const person = people[k] ?? head;
    const parts = nikParts[k] ?? headNik;
    return {
      id_keluarga_p3ke: id,
      id_individu: individualId(family, k),
      nama: person.nama,
      nik: formatNik(parts),
      padan_dukcapil: person.padan_dukcapil,
      jenis_kelamin: m.sex,
      hubungan_dengan_kepala_keluarga: m.relation,
      tanggal_lahir: dayToIso(m.birthDay),
      status_kawin: m.statusKawin,
      pekerjaan: person.pekerjaan,
      pendidikan: person.pendidikan,
      ...enrolled,
      // P3KE repeats the family's flag on each person; the rules find the target persons from age and hamil.
      resiko_stunting,
      hamil: m.pregnant,
      kode_kemendagri: desa.code,
      desil_kesejahteraan: desil,
    };
  });
  return { family: record, individuals, nikParts, desa };
}
