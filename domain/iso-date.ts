/**
 * Calendar arithmetic on ISO date strings, without the clock and without `Date` objects.
 *
 * Rules that may run inside Temporal workflows need ages and spacings computed from dates passed in (a reference
 * date recorded in history), never from `new Date()`. Working on year/month/day integers also avoids time-zone
 * shifts: a birth date is a calendar date, not an instant.
 */

export interface CalendarDate {
  year: number;
  month: number; // 1-12
  day: number; // 1-31
}

const ISO_DATE_PREFIX = /^(\d{4})-(\d{2})-(\d{2})(?:$|T)/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export function isRealCalendarDate(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/**
 * Reads `YYYY-MM-DD`, or the date part of an ISO date-time (`YYYY-MM-DDThh:mm...`) as written, i.e. the local
 * calendar date where it was recorded. Returns null for anything else, including impossible dates (2023-02-29).
 */
export function parseIsoDate(text: string): CalendarDate | null {
  const match = ISO_DATE_PREFIX.exec(text);
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  return isRealCalendarDate(year, month, day) ? { year, month, day } : null;
}

export function formatIsoDate({ year, month, day }: CalendarDate): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Negative when a is before b, 0 when equal, positive when after. */
export function compareCalendarDates(a: CalendarDate, b: CalendarDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

/**
 * Completed months from `from` to `to` (negative when `to` is earlier). A month is completed on the same day
 * number; someone born on the 31st completes a month on the last day of a shorter month only on the next day's
 * number, which slightly under-counts at month ends: the conservative side for age bands.
 */
export function fullMonthsBetween(from: CalendarDate, to: CalendarDate): number {
  const months = (to.year - from.year) * 12 + (to.month - from.month);
  if (months > 0 && to.day < from.day) return months - 1;
  if (months < 0 && to.day > from.day) return months + 1;
  return months;
}

/** Completed years of age on `on`; a 29 February birthday counts as reached on 1 March in common years. */
export function fullYearsBetween(from: CalendarDate, to: CalendarDate): number {
  return Math.trunc(fullMonthsBetween(from, to) / 12);
}
