/**
 * Who lives in a family: relation, sex, birth date, marital status, pregnancy and where each NIK was issued.
 * Drawn from its own stream so the population can compute NIK serials for everyone at start-up without building
 * names, housing or whole records.
 */
import type { HubunganKeluarga, JenisKelamin, StatusKawin } from '../../domain/p3ke/value-lists';
import { DAYS_PER_YEAR } from './calendar';
import { NIK_PREFIX_OUTSIDE_SHARE } from './distributions';
import type { Rng } from './prng';

export interface Member {
  relation: HubunganKeluarga;
  sex: JenisKelamin;
  birthDay: number;
  statusKawin: StatusKawin;
  pregnant: boolean;
  /** Index into the population's NIK prefix table. */
  prefixIdx: number;
}

export interface PrefixChoice {
  /** The family's own kecamatan in the prefix table. */
  local: number;
  /** Prefix table layout: [0, ikn) are IKN kecamatan, [ikn, total) are kecamatan elsewhere in Indonesia. */
  ikn: number;
  total: number;
}

const HEAD_AGE_BANDS: readonly (readonly [number, number])[] = [[20, 29], [30, 39], [40, 49], [50, 59], [60, 80]];
const HEAD_AGE_WEIGHTS = [0.22, 0.28, 0.22, 0.15, 0.13];

function birthDayAt(rng: Rng, asOfDay: number, ageYears: number): number {
  return asOfDay - Math.floor(ageYears * DAYS_PER_YEAR) - rng.int(0, 364);
}

function pregnancyChance(age: number): number {
  if (age < 17 || age > 44) return 0;
  return age < 30 ? 0.12 : age < 40 ? 0.07 : 0.02;
}

/** Children's ages, youngest first, skewed to the very young while the mother is of childbearing age. */
function childAges(rng: Rng, count: number, motherAge: number): number[] {
  const span = Math.max(0, motherAge - 17);
  const youngest =
    motherAge <= 44
      ? Math.floor(Math.pow(rng.next(), 1.6) * Math.min(span, 14))
      : Math.min(span, motherAge - 44 + rng.int(0, 8));
  const ages = [youngest];
  for (let k = 1; k < count; k++) {
    const previous = ages[k - 1] ?? youngest;
    ages.push(Math.min(span, previous + rng.weighted([1, 2, 3, 4, 5], [0.1, 0.35, 0.3, 0.15, 0.1])));
  }
  return ages;
}

export function drawHousehold(rng: Rng, size: number, asOfDay: number, prefixes: PrefixChoice): Member[] {
  const members: Omit<Member, 'prefixIdx'>[] = [];
  const add = (relation: HubunganKeluarga, sex: JenisKelamin, age: number, statusKawin: StatusKawin, pregnant = false) =>
    members.push({ relation, sex, birthDay: birthDayAt(rng, asOfDay, age), statusKawin, pregnant });

  const couple = size >= 2 && rng.chance(0.85);
  const band = rng.weighted(HEAD_AGE_BANDS, HEAD_AGE_WEIGHTS);
  let headAge = rng.int(band[0], band[1]);
  let motherAge: number;
  if (size === 1) {
    const sex: JenisKelamin = rng.chance(0.55) ? 'P' : 'L';
    headAge = rng.chance(0.4) ? rng.int(60, 85) : rng.int(20, 59);
    add('kepala_keluarga', sex, headAge, headAge < 30 && rng.chance(0.7) ? 'belum_kawin' : rng.pick(['cerai_hidup', 'cerai_mati'] as const));
    motherAge = headAge;
  } else if (couple) {
    add('kepala_keluarga', 'L', headAge, 'kawin');
    motherAge = Math.max(17, headAge - rng.int(0, 8));
    add('istri_suami', 'P', motherAge, 'kawin', rng.chance(pregnancyChance(motherAge)));
  } else {
    const sex: JenisKelamin = rng.chance(0.7) ? 'P' : 'L';
    headAge = Math.max(headAge, 25);
    add('kepala_keluarga', sex, headAge, rng.pick(['cerai_hidup', 'cerai_mati'] as const));
    motherAge = sex === 'P' ? headAge : Math.max(17, headAge - 3);
  }

  let slots = size - members.length;
  if (slots >= 1 && rng.chance(headAge < 50 ? 0.12 : 0.04)) {
    add(rng.chance(0.6) ? 'orang_tua' : 'mertua', rng.chance(0.65) ? 'P' : 'L', Math.min(95, headAge + rng.int(22, 32)), rng.chance(0.6) ? 'cerai_mati' : 'kawin');
    slots--;
  }
  if (slots >= 3 && headAge >= 55 && rng.chance(0.4)) {
    // Three generations: a married child, the child's spouse and grandchildren.
    const childAge = Math.max(18, motherAge - rng.int(20, 30));
    const daughter = rng.chance(0.5);
    add('anak', daughter ? 'P' : 'L', childAge, 'kawin', daughter && rng.chance(pregnancyChance(childAge)));
    add('menantu', daughter ? 'L' : 'P', Math.max(17, childAge + rng.int(-3, 3)), 'kawin', !daughter && rng.chance(pregnancyChance(childAge)));
    for (const age of childAges(rng, slots - 2, childAge)) add('cucu', rng.chance(0.5) ? 'L' : 'P', age, 'belum_kawin');
  } else if (slots > 0) {
    for (const age of childAges(rng, slots, motherAge)) {
      add('anak', rng.chance(0.5) ? 'L' : 'P', age, age >= 20 && rng.chance(0.25) ? 'kawin' : 'belum_kawin');
    }
  }
  return assignPrefixes(rng, members, prefixes);
}

/** Where each NIK was first issued: mostly outside IKN, and family members often share the head's origin. */
function assignPrefixes(rng: Rng, members: Omit<Member, 'prefixIdx'>[], prefixes: PrefixChoice): Member[] {
  let headPrefix = -1;
  return members.map((member) => {
    let prefixIdx: number;
    if (rng.chance(NIK_PREFIX_OUTSIDE_SHARE)) {
      const shareHead = headPrefix >= prefixes.ikn && rng.chance(0.6);
      prefixIdx = shareHead ? headPrefix : rng.int(prefixes.ikn, prefixes.total - 1);
    } else {
      prefixIdx = rng.chance(0.8) ? prefixes.local : rng.int(0, prefixes.ikn - 1);
    }
    if (member.relation === 'kepala_keluarga') headPrefix = prefixIdx;
    return { ...member, prefixIdx };
  });
}
