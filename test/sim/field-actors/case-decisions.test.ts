/**
 * How the simulated supervisors choose: by the configured shares, and never a second re-visit.
 */
import { createRng } from '../../../sim/p3ke-api/prng';
import { CASE_REASONS, chooseCaseDecision, DEFAULT_CASE_DECISION_SHARES } from '../../../sim/field-actors/simulated-supervisors';

describe('simulated case decisions', () => {
  it('when many cases are decided with the default shares, then about 60 % accept the field, 30 % keep P3KE and 10 % re-visit', () => {
    const rng = createRng(5);
    const n = 10_000;
    const tally = { accept_field: 0, keep_p3ke: 0, revisit: 0 };
    for (let i = 0; i < n; i++) tally[chooseCaseDecision(rng, DEFAULT_CASE_DECISION_SHARES, true)] += 1;
    expect(Math.abs(tally.accept_field / n - 0.6)).toBeLessThan(0.02);
    expect(Math.abs(tally.keep_p3ke / n - 0.3)).toBeLessThan(0.02);
    expect(Math.abs(tally.revisit / n - 0.1)).toBeLessThan(0.015);
  });

  it('when the family was re-visited already, then a re-visit is never chosen', () => {
    const rng = createRng(6);
    const decisions = Array.from({ length: 2000 }, () => chooseCaseDecision(rng, { accept_field: 0.1, keep_p3ke: 0.1, revisit: 0.8 }, false));
    expect(decisions).not.toContain('revisit');
  });

  it('when reasons are given, then they are short sentences the case validator accepts', () => {
    for (const reason of Object.values(CASE_REASONS).flat()) {
      expect(reason.trim().length).toBeGreaterThanOrEqual(3);
      expect(reason.length).toBeLessThanOrEqual(200);
    }
  });
});
