/**
 * NIK (Nomor Induk Kependudukan) structure checks, DOMAIN.md section 3.
 *
 * A NIK is 16 digits: province(2) + kabupaten/kota(2) + kecamatan(2) + birth date DDMMYY, with 40 added to DD
 * for women, + a serial (4) starting at 0001. The region part is where the NIK was first issued, not where the
 * person lives, so this module only checks structure; whether the prefix is a known region is a separate warning
 * (nik-regions.ts), because codes from before region splits are still valid.
 *
 * Pure and deterministic: the century of YY needs a reference date, which callers pass in.
 */
import type { JenisKelamin } from './p3ke/value-lists';
import { compareCalendarDates, formatIsoDate, isRealCalendarDate, parseIsoDate } from './iso-date';

export const NIK_RULES_VERSION = 'nik-2026.1';

const WOMEN_DAY_OFFSET = 40;

export const NIK_PROBLEMS = [
  'not_16_digits', // wrong length or a non-digit; nothing else can be read
  'region_part_zero', // province, kabupaten or kecamatan is 00: never issued
  'day_out_of_range', // DD not in 01-31 (men) or 41-71 (women)
  'month_out_of_range', // MM not in 01-12
  'not_a_calendar_date', // e.g. 30 February, or 29 February in a common year
  'serial_zero', // serials start at 0001
] as const;
export type NikProblem = (typeof NIK_PROBLEMS)[number];

export interface NikPrefix {
  province: string; // 2 digits
  kabupaten: string; // 4 digits: province + kabupaten/kota, as in the region tables
  kecamatan: string; // 6 digits: province + kabupaten/kota + kecamatan
}

export interface NikCheck {
  ok: boolean;
  problems: NikProblem[];
  /** Null only when the NIK is not 16 digits. */
  prefix: NikPrefix | null;
  /** Null when DD is in neither range. */
  impliedSex: JenisKelamin | null;
  /** ISO YYYY-MM-DD; null when DD/MM do not form a real date in the century chosen. */
  impliedBirthDate: string | null;
  serial: string | null;
}

/**
 * The century rule: a NIK only carries YY. We take the most recent date with that DDMM and YY that is not after
 * the reference date: 20YY if 20YY-MM-DD <= reference, otherwise 19YY. With a 2026 reference, YY 27..99 give
 * 19YY (the brief's "YY > reference YY gives 19YY") and YY 26 gives 2026 only for dates up to the reference.
 * Assumption: nobody on the register is 100 or older; such a person would be placed a century too late.
 */
export function centuryYear(yy: number, month: number, day: number, referenceDate: string): number {
  const reference = parseIsoDate(referenceDate);
  if (!reference) throw new RangeError(`referenceDate must be an ISO date, got "${referenceDate}"`);
  const candidate = { year: 2000 + yy, month, day };
  return compareCalendarDates(candidate, reference) <= 0 ? 2000 + yy : 1900 + yy;
}

/** Checks a NIK as given: no trimming or digit extraction (ingest normalises spelling, this judges content). */
export function checkNik(nik: string, referenceDate: string): NikCheck {
  if (!/^\d{16}$/.test(nik)) {
    return { ok: false, problems: ['not_16_digits'], prefix: null, impliedSex: null, impliedBirthDate: null, serial: null };
  }
  const problems: NikProblem[] = [];
  const prefix: NikPrefix = { province: nik.slice(0, 2), kabupaten: nik.slice(0, 4), kecamatan: nik.slice(0, 6) };
  if (nik.slice(0, 2) === '00' || nik.slice(2, 4) === '00' || nik.slice(4, 6) === '00') problems.push('region_part_zero');

  const encodedDay = Number(nik.slice(6, 8));
  const month = Number(nik.slice(8, 10));
  const yy = Number(nik.slice(10, 12));
  const serial = nik.slice(12, 16);

  let impliedSex: JenisKelamin | null = null;
  let day = encodedDay;
  if (encodedDay >= 1 && encodedDay <= 31) impliedSex = 'L';
  else if (encodedDay >= 1 + WOMEN_DAY_OFFSET && encodedDay <= 31 + WOMEN_DAY_OFFSET) {
    impliedSex = 'P';
    day = encodedDay - WOMEN_DAY_OFFSET;
  } else problems.push('day_out_of_range');

  const monthOk = month >= 1 && month <= 12;
  if (!monthOk) problems.push('month_out_of_range');

  let impliedBirthDate: string | null = null;
  if (impliedSex && monthOk) {
    const year = centuryYear(yy, month, day, referenceDate);
    if (isRealCalendarDate(year, month, day)) impliedBirthDate = formatIsoDate({ year, month, day });
    else problems.push('not_a_calendar_date');
  }
  if (serial === '0000') problems.push('serial_zero');

  return { ok: problems.length === 0, problems, prefix, impliedSex, impliedBirthDate, serial };
}

export const NIK_CONTRADICTIONS = ['sex_differs', 'birth_date_differs'] as const;
export type NikContradiction = (typeof NIK_CONTRADICTIONS)[number];

export interface RecordedIdentity {
  jenis_kelamin: JenisKelamin | null;
  tanggal_lahir: string | null; // ISO YYYY-MM-DD
}

/**
 * Which recorded facts the NIK contradicts. The birth date is compared on DD, MM and YY only, so no century
 * guess is involved. Facts that are missing, or NIK parts that cannot be read, are not contradictions: the
 * NIK's own problems are reported by checkNik.
 */
export function nikContradictions(nik: string, recorded: RecordedIdentity): NikContradiction[] {
  if (!/^\d{16}$/.test(nik)) return [];
  const contradictions: NikContradiction[] = [];
  const encodedDay = Number(nik.slice(6, 8));
  const isWoman = encodedDay > WOMEN_DAY_OFFSET;
  const day = isWoman ? encodedDay - WOMEN_DAY_OFFSET : encodedDay;
  const dayReadable = day >= 1 && day <= 31;

  if (recorded.jenis_kelamin && dayReadable && recorded.jenis_kelamin !== (isWoman ? 'P' : 'L')) {
    contradictions.push('sex_differs');
  }
  const birth = recorded.tanggal_lahir ? parseIsoDate(recorded.tanggal_lahir) : null;
  if (birth && dayReadable) {
    const sameDate =
      birth.day === day && birth.month === Number(nik.slice(8, 10)) && birth.year % 100 === Number(nik.slice(10, 12));
    if (!sameDate) contradictions.push('birth_date_differs');
  }
  return contradictions;
}
