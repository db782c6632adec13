import { fullMonthsBetween, fullYearsBetween, isLeapYear, parseIsoDate } from '../../domain/iso-date';

const d = (iso: string) => parseIsoDate(iso)!;

describe('iso-date', () => {
  it.each([
    [2000, true],
    [1900, false],
    [2024, true],
    [2026, false],
  ])('when the year is %i, then isLeapYear is %s', (year, leap) => {
    expect(isLeapYear(year)).toBe(leap);
  });

  it('when a date-time is parsed, then its date part is read as written (local calendar date)', () => {
    expect(parseIsoDate('2026-03-10T23:30:00-05:00')).toEqual({ year: 2026, month: 3, day: 10 });
  });

  it.each(['2023-02-29', '2026-13-01', '10-03-2026', '2026-3-1', ''])('when "%s" is parsed, then it is rejected', (text) => {
    expect(parseIsoDate(text)).toBeNull();
  });

  it('when a month day is not yet reached, then the month is not completed', () => {
    expect(fullMonthsBetween(d('2024-01-31'), d('2024-02-29'))).toBe(0);
    expect(fullMonthsBetween(d('2024-01-15'), d('2024-03-14'))).toBe(1);
    expect(fullMonthsBetween(d('2024-01-15'), d('2024-03-15'))).toBe(2);
  });

  it('when the end is before the start, then the months are negative', () => {
    expect(fullMonthsBetween(d('2026-03-10'), d('2026-01-15'))).toBe(-1);
  });

  it('when someone born on 29 February has a birthday in a common year, then the year completes on 1 March', () => {
    expect(fullYearsBetween(d('2024-02-29'), d('2025-02-28'))).toBe(0);
    expect(fullYearsBetween(d('2024-02-29'), d('2025-03-01'))).toBe(1);
  });
});
