/** The dashboard's desil shift summary (pure): the report's shifts become two distributions and three counts. */
import { summariseDesilShifts } from '../../client/api/queries/dashboard';

describe('the desil shift summary', () => {
  it('when families moved up, down or stayed, then each is counted once and both distributions add up to the settled families', () => {
    const summary = summariseDesilShifts([
      { p3keDesil: 1, verifiedDesil: 1, families: 5 },
      { p3keDesil: 1, verifiedDesil: 3, families: 2 },
      { p3keDesil: 4, verifiedDesil: 2, families: 1 },
      { p3keDesil: 10, verifiedDesil: 10, families: 3 },
    ]);
    expect(summary).toMatchObject({ settledFamilies: 11, higher: 2, lower: 1, unchanged: 8 });
    const at = (d: number) => summary.byDesil.find((b) => b.desil === d);
    expect([at(1), at(2), at(3), at(4), at(10)]).toEqual([
      { desil: 1, before: 7, after: 5 },
      { desil: 2, before: 0, after: 1 },
      { desil: 3, before: 0, after: 2 },
      { desil: 4, before: 1, after: 0 },
      { desil: 10, before: 3, after: 3 },
    ]);
    expect(summary.byDesil.map((b) => b.desil)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(summary.byDesil.reduce((n, b) => n + b.before, 0)).toBe(11);
    expect(summary.byDesil.reduce((n, b) => n + b.after, 0)).toBe(11);
  });

  it('when no family is settled yet, then every count is zero and the ten desil are still there', () => {
    const summary = summariseDesilShifts([]);
    expect(summary).toMatchObject({ settledFamilies: 0, higher: 0, lower: 0, unchanged: 0 });
    expect(summary.byDesil).toHaveLength(10);
    expect(summary.byDesil.every((b) => b.before === 0 && b.after === 0)).toBe(true);
  });
});
