/**
 * Dates as whole UTC days since 1970-01-01: cheap to store in typed arrays, to compare and to hash, and free of
 * time zones. Ages are measured against the population's fixed `asOf` date, never the wall clock, so a seed
 * gives the same people whatever day the simulator runs.
 */
const MS_PER_DAY = 86_400_000;
export const DAYS_PER_YEAR = 365.25;

export function isoToDay(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number);
  if (y === undefined || m === undefined || d === undefined) throw new Error('expected a YYYY-MM-DD date');
  return Math.round(Date.UTC(y, m - 1, d) / MS_PER_DAY);
}

export function dayToParts(day: number): { year: number; month: number; date: number } {
  const at = new Date(day * MS_PER_DAY);
  return { year: at.getUTCFullYear(), month: at.getUTCMonth() + 1, date: at.getUTCDate() };
}

export function dayToIso(day: number): string {
  const { year, month, date } = dayToParts(day);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(date).padStart(2, '0')}`;
}

export function ageInYears(birthDay: number, asOfDay: number): number {
  return Math.floor((asOfDay - birthDay) / DAYS_PER_YEAR);
}
