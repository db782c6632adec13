/**
 * NIKs an officer writes from a Kartu Keluarga: prefix (6) + DDMMYY, with 40 added to DD for women, + serial (4)
 * (DOMAIN.md section 3). Serials of new NIKs come from a range the P3KE simulator never uses (it stays below 5000
 * and its date-shift variant just above), so a written NIK does not collide with a served one.
 */
import type { JenisKelamin } from '../../domain/p3ke/value-lists';

export const NEW_NIK_SERIALS = { min: 6000, max: 9999 } as const;

export function buildNik(prefix: string, sex: JenisKelamin, birthDate: string, serial: number): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate);
  if (!/^\d{6}$/.test(prefix) || !match || serial < 1 || serial > 9999) throw new RangeError('buildNik needs a 6-digit prefix, an ISO birth date and a serial 1-9999');
  const day = Number(match[3]) + (sex === 'P' ? 40 : 0);
  return `${prefix}${String(day).padStart(2, '0')}${match[2]}${(match[1] ?? '').slice(2)}${String(serial).padStart(4, '0')}`;
}

/** A NIK's region prefix when it can be kept (six digits, no part 00); null when the officer must use another. */
export function usablePrefix(nik: string): string | null {
  const prefix = nik.slice(0, 6);
  if (!/^\d{6}$/.test(prefix)) return null;
  const parts = [prefix.slice(0, 2), prefix.slice(2, 4), prefix.slice(4, 6)];
  return parts.includes('00') ? null : prefix;
}
