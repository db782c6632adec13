import {
  DEFAULT_MISMATCH_PARAMS,
  compareMembers,
  detectMismatches,
  needsEscalation,
  severityLevel,
  severityScore,
  type Mismatch,
} from '../../domain/mismatch';
import { fieldResult, HEAD, HOUSING, p3keFamily, p3keMembers, SPOUSE, TODDLER, VISIT_DATE } from './fixtures';

describe('detectMismatches', () => {
  it('when the field result agrees with P3KE, then there are no mismatches', () => {
    expect(detectMismatches(p3keFamily(), p3keMembers(), fieldResult(), VISIT_DATE)).toEqual([]);
  });

  it.each([
    ['not_found', 3],
    ['moved', 3],
    ['deceased', 4],
    ['duplicate', 4],
    ['refused', 2],
  ] as const)('when the outcome is %s, then only outcome_not_verified with severity %i', (outcome, severity) => {
    const result = fieldResult({ outcome, members: [], housing: null, programmes: null, stunting: null });

    expect(detectMismatches(p3keFamily(), p3keMembers(), result, VISIT_DATE)).toEqual([
      { type: 'outcome_not_verified', severity, detail: { outcome } },
    ]);
  });

  it('when a member has left, then member_count_changed (low) and member_nik_missing', () => {
    const result = fieldResult({ members: fieldResult().members.slice(0, 3) });

    expect(detectMismatches(p3keFamily(), p3keMembers(), result, VISIT_DATE)).toEqual([
      { type: 'member_count_changed', severity: 1, detail: { p3keCount: 4, fieldCount: 3, difference: -1 } },
      { type: 'member_nik_missing', severity: 3, detail: { count: 1 } },
    ]);
  });

  it('when three members joined, then member_count_changed is large and member_nik_extra counts them', () => {
    const newcomers = ['6409044101000011', '6409044101000012', '6409044101000013'].map((nik) => ({
      ...SPOUSE,
      hubungan_dengan_kepala_keluarga: 'famili_lain' as const,
      nik,
      tanggal_lahir: '2000-01-01',
    }));
    const result = fieldResult({ members: [...fieldResult().members, ...newcomers] });

    expect(detectMismatches(p3keFamily(), p3keMembers(), result, VISIT_DATE)).toEqual([
      { type: 'member_count_changed', severity: 3, detail: { p3keCount: 4, fieldCount: 7, difference: 3 } },
      { type: 'member_nik_extra', severity: 2, detail: { count: 3 } },
    ]);
  });

  it('when a member has a new NIK but the same sex and birth date, then member_nik_changed, not missing and extra', () => {
    const result = fieldResult();
    result.members[0] = { ...HEAD, nik: '6471010504880007' };

    expect(detectMismatches(p3keFamily(), p3keMembers(), result, VISIT_DATE)).toEqual([
      { type: 'member_nik_changed', severity: 3, detail: { count: 1 } },
    ]);
  });

  it('when a field member\'s NIK contradicts their recorded sex, then member_nik_inconsistent', () => {
    const members = p3keMembers();
    const result = fieldResult();
    result.members[2] = { ...TODDLER, jenis_kelamin: 'P' };
    members[2] = { ...members[2]!, jenis_kelamin: 'P' };

    expect(detectMismatches(p3keFamily(), members, result, VISIT_DATE)).toEqual([
      { type: 'member_nik_inconsistent', severity: 1, detail: { count: 1 } },
    ]);
  });

  it('when one or two housing indicators changed, then housing_changed (low) names the indicators only', () => {
    const result = fieldResult({ housing: { ...HOUSING, jenis_atap: 'genteng', jenis_lantai: 'ubin_tegel' } });

    expect(detectMismatches(p3keFamily(), p3keMembers(), result, VISIT_DATE)).toEqual([
      { type: 'housing_changed', severity: 1, detail: { indicators: ['jenis_atap', 'jenis_lantai'], count: 2 } },
    ]);
  });

  it('when an indicator was missing in P3KE, then filling it in is not a change', () => {
    expect(detectMismatches(p3keFamily({ jenis_atap: null }), p3keMembers(), fieldResult(), VISIT_DATE)).toEqual([]);
  });

  it('when the field house implies a much higher desil, then housing_changed (many) and desil_inconsistent implied_higher', () => {
    // Arrange: a desil-1 record, the officer finds a brick house with tiled floor, bottled water and savings
    const housing = { ...HOUSING, jenis_atap: 'beton', jenis_dinding: 'tembok', jenis_lantai: 'keramik_marmer', sumber_air_minum: 'air_kemasan', memiliki_simpanan: true } as const;

    // Act
    const found = detectMismatches(p3keFamily({ desil_kesejahteraan: 1 }), p3keMembers(), fieldResult({ housing }), VISIT_DATE);

    // Assert
    expect(found.map((m) => [m.type, m.severity])).toEqual([
      ['housing_changed', 2],
      ['desil_inconsistent', 4],
    ]);
    expect(found[1]!.detail).toEqual({ recordedDesil: 1, impliedDesil: 10, proxyScore: 98, direction: 'implied_higher', proxyVersion: 'desil-proxy-2026.1' });
  });

  it('when the recorded desil is far above what the house implies, then desil_inconsistent implied_lower', () => {
    const found = detectMismatches(p3keFamily({ desil_kesejahteraan: 8 }), p3keMembers(), fieldResult(), VISIT_DATE);

    expect(found).toEqual([
      {
        type: 'desil_inconsistent',
        severity: 3,
        detail: { recordedDesil: 8, impliedDesil: 4, proxyScore: 63, direction: 'implied_lower', proxyVersion: 'desil-proxy-2026.1' },
      },
    ]);
  });

  it('when P3KE has no desil, then the desil rule is skipped', () => {
    expect(detectMismatches(p3keFamily({ desil_kesejahteraan: null }), p3keMembers(), fieldResult(), VISIT_DATE)).toEqual([]);
  });

  it('when the field shows a target family at risk that P3KE did not flag, then stunting_risk_unrecorded with codes', () => {
    // Arrange: same family, but they drink river water
    const p3ke = p3keFamily({ sumber_air_minum: 'air_permukaan' });
    const result = fieldResult({ housing: { ...HOUSING, sumber_air_minum: 'air_permukaan' } });

    // Act
    const found = detectMismatches(p3ke, p3keMembers(), result, VISIT_DATE);

    // Assert
    expect(found).toEqual([
      {
        type: 'stunting_risk_unrecorded',
        severity: 4,
        detail: { targetReasons: ['couple_childbearing_age', 'child_0_23_months'], riskFactors: ['unsafe_drinking_water'], rulesVersion: 'stunting-2026.1' },
      },
    ]);
  });

  it('when P3KE flagged stunting risk that the field does not find, then stunting_risk_not_confirmed (low)', () => {
    const found = detectMismatches(p3keFamily({ resiko_stunting: true }), p3keMembers(), fieldResult(), VISIT_DATE);

    expect(found.map((m) => [m.type, m.severity])).toEqual([['stunting_risk_not_confirmed', 1]]);
  });

  it('when enrolment differs from the penerima flags, then programme_enrolment_changed lists codes both ways', () => {
    const result = fieldResult();
    result.programmes = { ...result.programmes!, pkh: false, sembako_bpnt: true };

    expect(detectMismatches(p3keFamily(), p3keMembers(), result, VISIT_DATE)).toEqual([
      { type: 'programme_enrolment_changed', severity: 2, detail: { nowEnrolled: ['sembako_bpnt'], noLongerEnrolled: ['pkh'] } },
    ]);
  });

  it('when either BPNT or Sembako is flagged in P3KE and the family reports Sembako/BPNT, then it is no change', () => {
    const result = fieldResult();
    result.programmes = { ...result.programmes!, sembako_bpnt: true };

    expect(detectMismatches(p3keFamily({ penerima_bpnt: true }), p3keMembers(), result, VISIT_DATE)).toEqual([]);
  });

  it('when P3KE enrolment flags are unknown, then enrolment is not compared', () => {
    const p3ke = p3keFamily({ penerima_pkh: null, penerima_sembako: null, penerima_bpnt: null });
    const result = fieldResult();
    result.programmes = { ...result.programmes!, pkh: false, sembako_bpnt: true };

    expect(detectMismatches(p3ke, p3keMembers(), result, VISIT_DATE)).toEqual([]);
  });

  it('when severities are configured, then the configured numbers are used', () => {
    const params = { ...DEFAULT_MISMATCH_PARAMS, severities: { ...DEFAULT_MISMATCH_PARAMS.severities, member_nik_missing: 5 } };
    const result = fieldResult({ members: fieldResult().members.slice(0, 3) });

    expect(detectMismatches(p3keFamily(), p3keMembers(), result, VISIT_DATE, params)[1]).toEqual({
      type: 'member_nik_missing',
      severity: 5,
      detail: { count: 1 },
    });
  });

  it('when mismatches are found, then no detail carries a NIK, a name or a birth date', () => {
    const result = fieldResult({ members: [{ ...HEAD, nik: '6471010504880007' }], housing: { ...HOUSING, sumber_air_minum: 'air_hujan' } });

    const text = JSON.stringify(detectMismatches(p3keFamily({ desil_kesejahteraan: 9 }), p3keMembers(), result, VISIT_DATE));

    for (const member of [...p3keMembers(), ...result.members]) {
      expect(text).not.toContain(member.nik);
      expect(text).not.toContain(member.tanggal_lahir!);
    }
    expect(text).not.toContain(HEAD.nama);
  });
});

describe('compareMembers', () => {
  it('when members are shuffled, then the comparison is the same', () => {
    const field = fieldResult().members;
    const changed = [{ ...field[0]!, nik: '6471010504880007' }, ...field.slice(1)];

    expect(compareMembers(p3keMembers(), [...changed].reverse())).toEqual(compareMembers([...p3keMembers()].reverse(), changed));
  });

  it('when P3KE lacks sex or birth date for an unmatched member, then it cannot be paired as changed', () => {
    const members = p3keMembers();
    members[0] = { ...members[0]!, nik: '6471010504880007', tanggal_lahir: null };

    expect(compareMembers(members, fieldResult().members)).toMatchObject({ matchedByNik: 3, changedNik: 0, missing: 1, extra: 1 });
  });
});

describe('needsEscalation', () => {
  const m = (severity: number): Mismatch => ({ type: 'housing_changed', severity, detail: {} });

  it('when there are no mismatches, then no escalation', () => {
    expect(needsEscalation([])).toBe(false);
  });

  it('when one mismatch reaches the max-severity trigger (4), then escalate', () => {
    expect(needsEscalation([m(4)])).toBe(true);
  });

  it('when small mismatches add up to the sum trigger (6), then escalate', () => {
    expect(needsEscalation([m(3), m(3)])).toBe(true);
    expect(needsEscalation([m(3), m(2)])).toBe(false);
  });

  it('when a trigger is switched off with null, then only the other one counts', () => {
    expect(needsEscalation([m(5)], { maxSeverityAtLeast: null, severitySumAtLeast: 6 })).toBe(false);
    expect(needsEscalation([m(2), m(2), m(2)], { maxSeverityAtLeast: 4, severitySumAtLeast: null })).toBe(false);
  });

  it('when scores are asked for, then max and sum are given', () => {
    expect(severityScore([m(1), m(4), m(2)])).toEqual({ max: 4, sum: 7 });
  });

  it.each([
    [1, 'low'],
    [2, 'low'],
    [3, 'medium'],
    [4, 'high'],
    [5, 'high'],
  ])('when severity is %i, then the level is %s', (severity, level) => {
    expect(severityLevel(severity)).toBe(level);
  });
});
