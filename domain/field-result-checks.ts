/**
 * Field-result checks that look across fields or at a reference time, and the limits the schema uses.
 *
 * Pure (no zod, no clock): the API's schema runs these in a refinement, and a workflow's synchronous update
 * validator can run them again against the time recorded in its history.
 */
import type { FieldResult } from './field-result';
import { checkNik } from './nik';
import { fullMonthsBetween, parseIsoDate } from './iso-date';

export const FIELD_RESULT_VERSION = 'field-result-2026.1';

/**
 * A generous box around Indonesia (Weh/Rondo in the north-west to Rote and Merauke in the south-east). It catches
 * swapped lat/lon, zeros and other countries, not wrong desa; the campaign area check is a separate concern.
 */
export const INDONESIA_BOUNDS = { minLat: -11.2, maxLat: 6.3, minLon: 94.7, maxLon: 141.2 } as const;

export const FIELD_RESULT_LIMITS = {
  maxMembers: 30,
  maxPhotos: 12,
  maxNoteLength: 1000,
  maxNameLength: 100,
  maxIdLength: 64,
  maxPhotoRefLength: 500,
  maxStuntingCount: 20,
} as const;

const PHOTO_ID = /^[A-Za-z0-9][A-Za-z0-9._:/-]*$/;

/** A photo is referenced, never embedded: an upload id (letters, digits, . _ : / -) or an https URL. */
export function isValidPhotoRef(ref: string): boolean {
  if (ref.startsWith('data:')) return false;
  return ref.startsWith('https://') || (PHOTO_ID.test(ref) && !ref.includes('://'));
}

export interface FieldResultCheckOptions {
  /** Device clocks drift; a visit this many minutes "in the future" is still accepted. */
  clockSkewMinutes: number;
}

export const DEFAULT_FIELD_RESULT_CHECK_OPTIONS: Readonly<FieldResultCheckOptions> = { clockSkewMinutes: 5 };

export const FIELD_RESULT_PROBLEMS = [
  'visited_in_future',
  'members_required',
  'housing_required',
  'programmes_required',
  'stunting_required',
  'head_count_not_one',
  'duplicate_member_nik',
  'member_nik_invalid',
  'member_born_after_visit',
  'pregnant_member_not_female',
  'stunting_counts_inconsistent',
  'stunting_counts_differ_from_members',
] as const;
export type FieldResultProblemCode = (typeof FIELD_RESULT_PROBLEMS)[number];

export interface FieldResultProblem {
  code: FieldResultProblemCode;
  path: (string | number)[];
  /** Safe to show and log: never contains a NIK, a name or a birth date. */
  message: string;
}

/**
 * Problems that zod's per-field checks cannot see. Assumes the shape is valid (run after the schema's
 * per-field checks). `now` is an ISO date-time: the server's receipt time, or the workflow's recorded time.
 */
export function fieldResultProblems(
  result: FieldResult,
  now: string,
  options: FieldResultCheckOptions = DEFAULT_FIELD_RESULT_CHECK_OPTIONS,
): FieldResultProblem[] {
  const problems: FieldResultProblem[] = [];
  const add = (code: FieldResultProblemCode, path: (string | number)[], message: string): void => {
    problems.push({ code, path, message });
  };

  const nowMs = Date.parse(now);
  if (Number.isNaN(nowMs)) throw new RangeError(`now must be an ISO date-time, got "${now}"`);
  if (Date.parse(result.visitedAt) > nowMs + options.clockSkewMinutes * 60_000) {
    add('visited_in_future', ['visitedAt'], `visitedAt is after the time of submission (${now})`);
  }

  if (result.outcome === 'verified') {
    if (result.members.length === 0) add('members_required', ['members'], "members are required when outcome is 'verified'");
    if (!result.housing) add('housing_required', ['housing'], "housing is required when outcome is 'verified'");
    if (!result.programmes) add('programmes_required', ['programmes'], "programmes are required when outcome is 'verified'");
    if (!result.stunting) add('stunting_required', ['stunting'], "stunting facts are required when outcome is 'verified'");
    const heads = result.members.filter((m) => m.hubungan_dengan_kepala_keluarga === 'kepala_keluarga').length;
    if (result.members.length > 0 && heads !== 1) {
      add('head_count_not_one', ['members'], `a family has exactly one kepala_keluarga, found ${heads}`);
    }
  }

  const visitDate = parseIsoDate(result.visitedAt);
  const visitIso = result.visitedAt.slice(0, 10);
  const seen = new Map<string, number>();
  result.members.forEach((member, index) => {
    const first = seen.get(member.nik);
    if (first !== undefined) {
      add('duplicate_member_nik', ['members', index, 'nik'], `members ${first} and ${index} have the same NIK`);
    } else seen.set(member.nik, index);

    // The NIK and birth-date checks are judged on the visit date. When visitedAt is unreadable the shape check has
    // already refused it; these checks then have nothing to compare with (and must not throw: that was a 500).
    const nik = visitDate ? checkNik(member.nik, visitIso) : null;
    if (nik && !nik.ok) add('member_nik_invalid', ['members', index, 'nik'], `NIK is not valid: ${nik.problems.join(', ')}`);
    if (visitDate && member.tanggal_lahir > visitIso) {
      add('member_born_after_visit', ['members', index, 'tanggal_lahir'], 'tanggal_lahir is after the visit date');
    }
    if (member.hamil && member.jenis_kelamin !== 'P') {
      add('pregnant_member_not_female', ['members', index, 'hamil'], "hamil is true for a member whose jenis_kelamin is not 'P'");
    }
  });

  const stunting = result.stunting;
  if (stunting && stunting.childrenUnder2 > stunting.childrenUnder5) {
    add('stunting_counts_inconsistent', ['stunting', 'childrenUnder2'], 'childrenUnder2 cannot exceed childrenUnder5');
  }
  if (stunting && visitDate && result.members.length > 0) {
    const ages = result.members
      .map((m) => parseIsoDate(m.tanggal_lahir))
      .map((birth) => (birth ? fullMonthsBetween(birth, visitDate) : null));
    const counted = {
      pregnantWomen: result.members.filter((m) => m.hamil).length,
      childrenUnder2: ages.filter((a) => a !== null && a >= 0 && a < 24).length,
      childrenUnder5: ages.filter((a) => a !== null && a >= 0 && a < 60).length,
    };
    for (const key of ['pregnantWomen', 'childrenUnder2', 'childrenUnder5'] as const) {
      if (stunting[key] !== counted[key]) {
        add('stunting_counts_differ_from_members', ['stunting', key], `stunting.${key} is ${stunting[key]} but the members listed give ${counted[key]}`);
      }
    }
  }
  return problems;
}
