/**
 * What a field verifier writes down after visiting a family: a FieldResult built from the family's P3KE row and
 * members, usually a faithful visit and sometimes, at configurable shares, what real visits find (a family gone,
 * a changed house, a member more or less, a newborn, a corrected NIK). Pure and deterministic: the same seed,
 * family and visit number give the same result.
 *
 * Repairs any real officer makes from the Kartu Keluarga are always made: a structurally invalid P3KE NIK is
 * replaced by a valid one, and a family whose head record is missing gets its head back from the family row.
 */
import type { FieldHousing, FieldMember, FieldProgrammeEnrolment, FieldResult, FieldStuntingFacts, GpsPoint, PhotoRef } from '../../domain/field-result';
import { FIELD_RESULT_LIMITS } from '../../domain/field-result-checks';
import { formatIsoDate, fullMonthsBetween, parseIsoDate, type CalendarDate } from '../../domain/iso-date';
import { checkNik } from '../../domain/nik';
import type { NonVerifiedOutcome } from '../../domain/mismatch';
import {
  FIELD_PROGRAMMES,
  type HubunganKeluarga,
  type JenisKelamin,
  type PhotoKind,
} from '../../domain/p3ke/value-lists';
import { personName } from '../p3ke-api/names';
import { createRng, hashInts, hashString, type Rng } from '../p3ke-api/prng';
import { changeHousing, housingNote } from './housing-changes';
import { buildNik, NEW_NIK_SERIALS, usablePrefix } from './nik-builder';

/** The P3KE family columns a visit reads (a P3keFamilyRecord or a p3ke_family row fits). */
export interface P3keFamilyInput extends FieldHousing {
  id_keluarga_p3ke: string;
  kode_kemendagri: string;
  kepala_keluarga: string;
  nik: string;
  jenis_kelamin: JenisKelamin;
  tanggal_lahir: string;
  penerima_bpnt: boolean;
  penerima_pkh: boolean;
  penerima_sembako: boolean;
}

export interface P3keMemberInput {
  nama: string;
  nik: string;
  jenis_kelamin: JenisKelamin;
  hubungan_dengan_kepala_keluarga: HubunganKeluarga;
  tanggal_lahir: string;
  hamil: boolean;
}

/** Probability of each kind of difference per visit; a family not verified has no other difference. */
export interface VisitShares {
  notVerified: number;
  housingChanged: number;
  memberChanged: number;
  newborn: number;
  nikCorrected: number;
}

export const DEFAULT_VISIT_SHARES: Readonly<VisitShares> = { notVerified: 0.03, housingChanged: 0.08, memberChanged: 0.05, newborn: 0.03, nikCorrected: 0.02 };

/** Which outcome a family not verified gets (weights, not shares). */
export const NOT_VERIFIED_WEIGHTS: Readonly<Record<NonVerifiedOutcome, number>> = { not_found: 3, moved: 3, deceased: 1.5, duplicate: 1, refused: 1.5 };

export const VISIT_DIFFERENCES = [
  'not_verified',
  'housing_changed',
  'member_added',
  'member_missing',
  'newborn',
  'nik_corrected',
  'invalid_nik_replaced', // repair: P3KE's NIK was not structurally valid
  'head_restored', // repair: P3KE had no head among the members
] as const;
export type VisitDifference = (typeof VISIT_DIFFERENCES)[number];

export interface FieldVisitInput {
  seed: number;
  family: P3keFamilyInput;
  members: readonly P3keMemberInput[];
  /** ISO date-time with offset; its date part is the visit date ages are measured at. */
  visitedAt: string;
  shares?: Partial<VisitShares>;
  /** 1 for the first visit; a re-visit draws afresh. */
  visit?: number;
}

export interface SimulatedVisit {
  result: FieldResult;
  differences: VisitDifference[];
}

const NOTES: Record<VisitDifference | 'faithful', string> = {
  faithful: 'Kunjungan selesai; data keluarga sesuai dengan P3KE.',
  not_verified: '',
  housing_changed: 'Kondisi rumah berbeda dari data P3KE.',
  member_added: 'Ada anggota keluarga yang baru tinggal serumah.',
  member_missing: 'Satu anggota keluarga tidak lagi tinggal serumah.',
  newborn: 'Ada bayi baru lahir dalam keluarga.',
  nik_corrected: 'NIK anggota dikoreksi sesuai Kartu Keluarga.',
  invalid_nik_replaced: 'NIK yang tidak sah di P3KE diganti sesuai Kartu Keluarga.',
  head_restored: 'Kepala keluarga dicatat ulang sesuai Kartu Keluarga.',
};

const OUTCOME_NOTES: Record<NonVerifiedOutcome, string> = {
  not_found: 'Alamat tidak ditemukan; sudah ditanyakan kepada ketua RT.',
  moved: 'Keluarga sudah pindah menurut tetangga; rumah kosong.',
  deceased: 'Menurut keterangan desa, anggota keluarga yang tercatat sudah meninggal dunia.',
  duplicate: 'Keluarga yang sama sudah tercatat dengan ID lain.',
  refused: 'Keluarga menolak untuk diwawancarai.',
};

const EXTRA_PHOTO_KINDS: readonly PhotoKind[] = ['house_interior', 'roof', 'wall', 'floor', 'latrine', 'kk'];
const ADDED_RELATIONS: readonly HubunganKeluarga[] = ['famili_lain', 'orang_tua', 'mertua', 'menantu', 'lainnya'];
/** East Kalimantan around the IKN: every desa centre lies within this box of the reference point. */
export const GPS_AREA = { lat: -1.0, lon: 116.9, spread: 0.3 } as const;

/** Independent generators per aspect, so raising one share adds differences without reshuffling the rest. */
function streams(seed: number, familyId: string, visit: number) {
  const base = hashInts(seed, hashString(familyId), visit);
  return {
    rolls: createRng(hashInts(base, 1)),
    outcome: createRng(hashInts(base, 2)),
    members: createRng(hashInts(base, 3)),
    housing: createRng(hashInts(base, 4)),
    place: createRng(hashInts(base, 5)),
  };
}

export function simulateFieldVisit(input: FieldVisitInput): SimulatedVisit {
  const shares = { ...DEFAULT_VISIT_SHARES, ...input.shares };
  const { family, visitedAt } = input;
  const visitDate = parseIsoDate(visitedAt);
  if (!visitDate) throw new RangeError('visitedAt must be an ISO date-time');
  const s = streams(input.seed, family.id_keluarga_p3ke, input.visit ?? 1);
  // Every roll is drawn whether or not it is used, for the independence above.
  const roll = { notVerified: s.rolls.next(), housing: s.rolls.next(), member: s.rolls.next(), newborn: s.rolls.next(), nik: s.rolls.next() };
  const gps = gpsNear(family.kode_kemendagri, s.place);
  const photoSuffix = (input.visit ?? 1) > 1 ? `-${input.visit ?? 1}` : '';
  const photo = (kind: PhotoKind): PhotoRef => ({ kind, ref: `photo:${family.id_keluarga_p3ke}/${kind}${photoSuffix}` });

  if (roll.notVerified < shares.notVerified) {
    const outcome = s.outcome.weighted(Object.keys(NOT_VERIFIED_WEIGHTS) as NonVerifiedOutcome[], Object.values(NOT_VERIFIED_WEIGHTS));
    const photos = outcome === 'not_found' ? [photo('other')] : [photo('house_front')];
    const result: FieldResult = { familyId: family.id_keluarga_p3ke, outcome, members: [], housing: null, programmes: null, stunting: null, gps, photos, note: OUTCOME_NOTES[outcome], visitedAt };
    return { result, differences: ['not_verified'] };
  }

  const differences: VisitDifference[] = [];
  const household = new Household(family, visitDate, s.members);
  household.addP3keMembers(input.members, differences);
  if (roll.member < shares.memberChanged) differences.push(household.addOrRemoveMember());
  if (roll.newborn < shares.newborn) {
    household.addNewborn();
    differences.push('newborn');
  }
  if (roll.nik < shares.nikCorrected && household.correctOneNik()) differences.push('nik_corrected');

  let housing: FieldHousing = pickHousing(family);
  if (roll.housing < shares.housingChanged) {
    housing = changeHousing(housing, s.housing, s.housing.int(1, 3));
    differences.push('housing_changed');
  }
  const members = household.members;
  const photos = [photo('house_front'), ...pickDistinct(s.place, EXTRA_PHOTO_KINDS, s.place.int(1, 2)).map(photo)];
  const notes = differences.length === 0 ? [NOTES.faithful] : [...new Set(differences)].map((d) => NOTES[d]);
  if (differences.includes('housing_changed')) notes.push(housingNote(pickHousing(family), housing));
  const result: FieldResult = {
    familyId: family.id_keluarga_p3ke,
    outcome: 'verified',
    members,
    housing,
    programmes: programmesOf(family),
    stunting: stuntingCounts(members, visitDate),
    gps,
    photos,
    note: notes.join(' ').slice(0, FIELD_RESULT_LIMITS.maxNoteLength),
    visitedAt,
  };
  return { result, differences: [...new Set(differences)] };
}

export const makeFieldResult = (input: FieldVisitInput): FieldResult => simulateFieldVisit(input).result;

/**
 * A second version of a submitted result, as an officer sends when they notice a slip: one housing indicator
 * put right (verified visits) and a note saying so. Same visit, same time.
 */
export function makeCorrection(previous: FieldResult, seed: number): FieldResult {
  const rng = createRng(hashInts(seed, hashString(previous.familyId), 0xc0));
  const note = `${previous.note} Koreksi: isian diperbaiki setelah diperiksa ulang.`.slice(0, FIELD_RESULT_LIMITS.maxNoteLength);
  if (previous.housing === null) return { ...previous, note };
  return { ...previous, housing: changeHousing(previous.housing, rng, 1), note };
}

/** The counts the form asks, computed exactly as field-result-checks.ts recomputes them from the members. */
export function stuntingCounts(members: readonly FieldMember[], visitDate: CalendarDate): FieldStuntingFacts {
  const ages = members.map((m) => parseIsoDate(m.tanggal_lahir)).map((b) => (b ? fullMonthsBetween(b, visitDate) : null));
  return {
    pregnantWomen: members.filter((m) => m.hamil).length,
    childrenUnder2: ages.filter((a) => a !== null && a >= 0 && a < 24).length,
    childrenUnder5: ages.filter((a) => a !== null && a >= 0 && a < 60).length,
  };
}

/** P3KE carries PKH and Sembako/BPNT; the programmes it does not carry are recorded as not enrolled. */
export function programmesOf(family: P3keFamilyInput): FieldProgrammeEnrolment {
  const none = Object.fromEntries(FIELD_PROGRAMMES.map((p) => [p, false])) as FieldProgrammeEnrolment;
  return { ...none, pkh: family.penerima_pkh, sembako_bpnt: family.penerima_bpnt || family.penerima_sembako };
}

function pickHousing(f: P3keFamilyInput): FieldHousing {
  return {
    jenis_atap: f.jenis_atap,
    jenis_dinding: f.jenis_dinding,
    jenis_lantai: f.jenis_lantai,
    sumber_penerangan: f.sumber_penerangan,
    bahan_bakar_memasak: f.bahan_bakar_memasak,
    sumber_air_minum: f.sumber_air_minum,
    fasilitas_bab: f.fasilitas_bab,
    kepemilikan_rumah: f.kepemilikan_rumah,
    memiliki_simpanan: f.memiliki_simpanan,
  };
}

/** A fixed centre per desa inside GPS_AREA, and a house within about half a kilometre of it. */
function gpsNear(desaCode: string, rng: Rng): GpsPoint {
  const centre = createRng(hashString(`desa-centre:${desaCode}`));
  const spread = GPS_AREA.spread - 0.01;
  const lat = GPS_AREA.lat + (centre.next() * 2 - 1) * spread + (rng.next() * 2 - 1) * 0.005;
  const lon = GPS_AREA.lon + (centre.next() * 2 - 1) * spread + (rng.next() * 2 - 1) * 0.005;
  return { lat: Math.round(lat * 1e6) / 1e6, lon: Math.round(lon * 1e6) / 1e6 };
}

function pickDistinct<T>(rng: Rng, items: readonly T[], n: number): T[] {
  const pool = [...items];
  const picked: T[] = [];
  while (picked.length < n && pool.length > 0) picked.push(pool.splice(rng.int(0, pool.length - 1), 1)[0] as T);
  return picked;
}

const addDays = (date: CalendarDate, days: number): CalendarDate => {
  const ms = Date.UTC(date.year, date.month - 1, date.day) + days * 86_400_000;
  const d = new Date(ms);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
};

/** The members as the officer records them, with the NIKs already used in this family. */
class Household {
  readonly members: FieldMember[] = [];
  private readonly niks = new Set<string>();
  /** Members whose NIK the officer wrote from the KK rather than copied from P3KE. */
  private readonly rewritten = new Set<FieldMember>();
  private readonly visitIso: string;
  private readonly localPrefix: string;

  constructor(
    private readonly family: P3keFamilyInput,
    private readonly visitDate: CalendarDate,
    private readonly rng: Rng,
  ) {
    this.visitIso = formatIsoDate(visitDate);
    this.localPrefix = family.kode_kemendagri.slice(0, 6);
  }

  addP3keMembers(p3ke: readonly P3keMemberInput[], differences: VisitDifference[]): void {
    // A person born after the visit cannot have been seen: such a row is left out rather than copied.
    const seen = p3ke.filter((m) => m.tanggal_lahir <= this.visitIso);
    let heads = 0;
    for (const m of seen) {
      const head = m.hubungan_dengan_kepala_keluarga === 'kepala_keluarga';
      heads += head ? 1 : 0;
      const relation: HubunganKeluarga = head && heads > 1 ? 'famili_lain' : m.hubungan_dengan_kepala_keluarga;
      const nama = m.nama.trim().slice(0, FIELD_RESULT_LIMITS.maxNameLength) || personName(this.rng, m.jenis_kelamin);
      this.add({ nik: m.nik, nama, hubungan_dengan_kepala_keluarga: relation, jenis_kelamin: m.jenis_kelamin, tanggal_lahir: m.tanggal_lahir, hamil: m.hamil && m.jenis_kelamin === 'P' }, differences);
    }
    if (heads === 0) {
      const f = this.family;
      const nama = f.kepala_keluarga.trim().slice(0, FIELD_RESULT_LIMITS.maxNameLength) || personName(this.rng, f.jenis_kelamin);
      this.members.unshift(this.add({ nik: f.nik, nama, hubungan_dengan_kepala_keluarga: 'kepala_keluarga', jenis_kelamin: f.jenis_kelamin, tanggal_lahir: f.tanggal_lahir, hamil: false }, differences, false));
      differences.push('head_restored');
    }
  }

  /** Half the time someone moved out (when there is anyone besides the head), otherwise a relative moved in. */
  addOrRemoveMember(): VisitDifference {
    const others = this.members.filter((m) => m.hubungan_dengan_kepala_keluarga !== 'kepala_keluarga');
    if (others.length > 0 && this.rng.chance(0.5)) {
      const leaving = others[this.rng.int(0, others.length - 1)] as FieldMember;
      this.members.splice(this.members.indexOf(leaving), 1);
      this.niks.delete(leaving.nik);
      return 'member_missing';
    }
    const sex: JenisKelamin = this.rng.chance(0.5) ? 'L' : 'P';
    const birth = addDays(this.visitDate, -this.rng.int(18 * 365, 75 * 365));
    this.addNew({ relation: this.rng.pick(ADDED_RELATIONS), sex, birth });
    return 'member_added';
  }

  /** A child under two; a pregnant member is taken to be the mother and is no longer pregnant. */
  addNewborn(): void {
    const mother = this.members.find((m) => m.hamil);
    if (mother) mother.hamil = false;
    const birth = addDays(this.visitDate, -this.rng.int(14, 22 * 30));
    this.addNew({ relation: this.rng.chance(0.8) ? 'anak' : 'cucu', sex: this.rng.chance(0.5) ? 'L' : 'P', birth });
  }

  /** The officer finds a P3KE NIK that differs from the KK: same person, another serial. */
  correctOneNik(): boolean {
    const candidates = this.members.filter((m) => !this.rewritten.has(m));
    if (candidates.length === 0) return false;
    const member = candidates[this.rng.int(0, candidates.length - 1)] as FieldMember;
    this.niks.delete(member.nik);
    member.nik = this.freshNik(member.nik.slice(0, 6), member.jenis_kelamin, member.tanggal_lahir);
    this.rewritten.add(member);
    return true;
  }

  private addNew(p: { relation: HubunganKeluarga; sex: JenisKelamin; birth: CalendarDate }): void {
    const tanggal = formatIsoDate(p.birth);
    const member: FieldMember = { nik: this.freshNik(this.localPrefix, p.sex, tanggal), nama: personName(this.rng, p.sex), hubungan_dengan_kepala_keluarga: p.relation, jenis_kelamin: p.sex, tanggal_lahir: tanggal, hamil: false };
    this.rewritten.add(member);
    this.members.push(member);
  }

  /** Keeps a valid, unused P3KE NIK; otherwise writes a valid one for the same person. */
  private add(member: FieldMember, differences: VisitDifference[], push = true): FieldMember {
    const valid = checkNik(member.nik, this.visitIso).ok;
    if (!valid || this.niks.has(member.nik)) {
      member.nik = this.freshNik(usablePrefix(member.nik) ?? this.localPrefix, member.jenis_kelamin, member.tanggal_lahir);
      this.rewritten.add(member);
      differences.push('invalid_nik_replaced');
    } else this.niks.add(member.nik);
    if (push) this.members.push(member);
    return member;
  }

  private freshNik(prefix: string, sex: JenisKelamin, birth: string): string {
    let serial = this.rng.int(NEW_NIK_SERIALS.min, NEW_NIK_SERIALS.max);
    for (;;) {
      const nik = buildNik(prefix, sex, birth, serial);
      if (!this.niks.has(nik)) {
        this.niks.add(nik);
        return nik;
      }
      serial = serial >= NEW_NIK_SERIALS.max ? NEW_NIK_SERIALS.min : serial + 1;
    }
  }
}
