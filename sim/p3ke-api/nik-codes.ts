/**
 * NIK strings for synthetic people, and the defective variants the simulator plants.
 *
 * A NIK is prefix (6) + DDMMYY with 40 added to DD for women + serial (4). Serials are the person's rank among
 * everyone with the same prefix and birth date (from 0001, sex ignored), so every clean NIK is unique, and each
 * defective variant below is built to stay unique too: the only NIK shared across families is the one planted
 * on purpose, and the tests can count defects exactly.
 */
import type { JenisKelamin } from '../../domain/p3ke/value-lists';
import { dayToParts } from './calendar';

export interface NikParts {
  prefix: string;
  birthDay: number;
  sex: JenisKelamin;
  serial: number;
}

/** Clean serials stay below this; date-contradiction variants use serials above it so they cannot collide. */
const DEFECT_SERIAL_BASE = 5000;
/** Days added to the NIK's date for the date-contradiction variant (any fixed shift keeps the mapping one-to-one). */
const DATE_SHIFT_DAYS = 10;

const pad = (value: number, width: number): string => String(value).padStart(width, '0');

function dateDigits(birthDay: number, sex: JenisKelamin): { dd: string; mm: string; yy: string } {
  const { year, month, date } = dayToParts(birthDay);
  return { dd: pad(sex === 'P' ? date + 40 : date, 2), mm: pad(month, 2), yy: pad(year % 100, 2) };
}

export function formatNik(parts: NikParts): string {
  if (parts.serial < 1 || parts.serial >= DEFECT_SERIAL_BASE) throw new Error('NIK serial out of the clean range');
  const { dd, mm, yy } = dateDigits(parts.birthDay, parts.sex);
  return `${parts.prefix}${dd}${mm}${yy}${pad(parts.serial, 4)}`;
}

export const INVALID_NIK_VARIANTS = ['fifteen_digits', 'letter', 'zero_serial', 'bad_month'] as const;
export type InvalidNikVariant = (typeof INVALID_NIK_VARIANTS)[number];

/** A NIK that fails the structural checks (length, digits only, real month, serial not 0000). */
export function invalidNik(parts: NikParts, variant: InvalidNikVariant): string {
  const { dd, mm, yy } = dateDigits(parts.birthDay, parts.sex);
  // Fall back to the letter variant where another variant could make two people share one string.
  if (variant === 'fifteen_digits' && parts.serial < 1000) return `${parts.prefix}${dd}${mm}${yy}${pad(parts.serial, 3)}`;
  if (variant === 'zero_serial' && parts.serial === 1) return `${parts.prefix}${dd}${mm}${yy}0000`;
  // Months 13..24 are never real and keep distinct months distinct.
  if (variant === 'bad_month') return `${parts.prefix}${dd}${pad(Number(mm) + 12, 2)}${yy}${pad(parts.serial, 4)}`;
  const letters = 'ABCDEFGHIJ';
  const clean = formatNik(parts);
  return `${clean.slice(0, 6)}${letters.charAt(Number(clean.charAt(6)))}${clean.slice(7)}`;
}

export const CONTRADICTING_NIK_VARIANTS = ['sex', 'birth_date'] as const;
export type ContradictingNikVariant = (typeof CONTRADICTING_NIK_VARIANTS)[number];

/** A structurally valid NIK whose implied sex or birth date differs from the record it sits in. */
export function contradictingNik(parts: NikParts, variant: ContradictingNikVariant): string {
  if (variant === 'sex') return formatNik({ ...parts, sex: parts.sex === 'L' ? 'P' : 'L' });
  const { dd, mm, yy } = dateDigits(parts.birthDay + DATE_SHIFT_DAYS, parts.sex);
  return `${parts.prefix}${dd}${mm}${yy}${pad(DEFECT_SERIAL_BASE + parts.serial, 4)}`;
}
