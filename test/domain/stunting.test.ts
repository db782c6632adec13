import { assessStuntingRisk, type StuntingFamilyFacts, type StuntingMemberFacts } from '../../domain/stunting';

const REFERENCE = '2026-03-10';

const member = (overrides: Partial<StuntingMemberFacts>): StuntingMemberFacts => ({
  jenis_kelamin: 'L',
  tanggal_lahir: '1980-01-01',
  hubungan_dengan_kepala_keluarga: 'famili_lain',
  hamil: false,
  ...overrides,
});
const husband = (born = '1985-05-05') => member({ hubungan_dengan_kepala_keluarga: 'kepala_keluarga', tanggal_lahir: born });
const wife = (born = '1995-05-05', hamil = false) =>
  member({ hubungan_dengan_kepala_keluarga: 'istri_suami', jenis_kelamin: 'P', tanggal_lahir: born, hamil });
const child = (born: string) => member({ hubungan_dengan_kepala_keluarga: 'anak', tanggal_lahir: born });

/** Safe water and a septic tank: only "4 terlalu" can make these families at risk. */
const family = (members: StuntingMemberFacts[], overrides: Partial<StuntingFamilyFacts> = {}): StuntingFamilyFacts => ({
  members,
  sumber_air_minum: 'leding',
  fasilitas_bab: 'sendiri_septic_tank',
  ...overrides,
});

describe('assessStuntingRisk: target family', () => {
  it('when a couple has a wife aged 30 and nothing else, then the family is a target but not at risk', () => {
    const result = assessStuntingRisk(family([husband(), wife('1996-01-01')]), REFERENCE);

    expect(result.targetReasons).toEqual(['couple_childbearing_age']);
    expect(result.riskFactors).toEqual([]);
    expect(result.atRisk).toBe(false);
  });

  it.each([
    ['2011-03-10', true], // 15 today
    ['2011-03-11', false], // 14
    ['1976-03-11', true], // 49
    ['1976-03-10', false], // 50 today
  ])('when the wife was born %s, then couple_childbearing_age is %s (15-49 inclusive)', (born, expected) => {
    const result = assessStuntingRisk(family([husband(), wife(born)]), REFERENCE);

    expect(result.targetReasons.includes('couple_childbearing_age')).toBe(expected);
  });

  it('when a woman of childbearing age lives without a husband in the family, then there is no couple', () => {
    const head = member({ hubungan_dengan_kepala_keluarga: 'kepala_keluarga', jenis_kelamin: 'P', tanggal_lahir: '1995-01-01' });

    expect(assessStuntingRisk(family([head]), REFERENCE).targetReasons).toEqual([]);
  });

  it('when any member is pregnant, then pregnant_woman (whatever her relationship)', () => {
    const daughter = member({ hubungan_dengan_kepala_keluarga: 'anak', jenis_kelamin: 'P', tanggal_lahir: '2000-01-01', hamil: true });

    expect(assessStuntingRisk(family([daughter]), REFERENCE).targetReasons).toEqual(['pregnant_woman']);
  });

  it.each([
    ['2026-03-10', 'child_0_23_months'], // born today
    ['2024-03-11', 'child_0_23_months'], // 23 months
    ['2024-03-10', 'child_24_59_months'], // 24 months
    ['2021-03-11', 'child_24_59_months'], // 59 months
  ])('when a child was born %s, then %s', (born, reason) => {
    expect(assessStuntingRisk(family([member({ hubungan_dengan_kepala_keluarga: 'cucu', tanggal_lahir: born })]), REFERENCE).targetReasons).toEqual([reason]);
  });

  it('when the only child is 60 months old, then the family is not a target', () => {
    expect(assessStuntingRisk(family([child('2021-03-10')]), REFERENCE).targetReasons).toEqual([]);
  });

  it('when a birth date is after the reference date or malformed, then that member is left out and counted', () => {
    const result = assessStuntingRisk(family([child('2026-04-01'), child('2026-02-30'), member({ tanggal_lahir: null })]), REFERENCE);

    expect(result.targetReasons).toEqual([]);
    expect(result.membersWithoutUsableBirthDate).toBe(3);
  });
});

describe('assessStuntingRisk: risk factors', () => {
  const target = () => [husband(), wife('1996-01-01')];

  it('when the target family drinks from an unprotected well, then unsafe_drinking_water and at risk', () => {
    const result = assessStuntingRisk(family(target(), { sumber_air_minum: 'sumur_tak_terlindung' }), REFERENCE);

    expect(result.riskFactors).toEqual(['unsafe_drinking_water']);
    expect(result.atRisk).toBe(true);
  });

  it.each(['air_kemasan', 'air_isi_ulang', 'leding', 'sumur_bor', 'sumur_terlindung'] as const)(
    'when the water source is %s, then it is safe',
    (source) => {
      expect(assessStuntingRisk(family(target(), { sumber_air_minum: source }), REFERENCE).riskFactors).toEqual([]);
    },
  );

  it.each(['sendiri_tanpa_septic_tank', 'bersama', 'umum', 'tidak_ada'] as const)(
    'when the toilet is %s, then unsafe_sanitation',
    (toilet) => {
      expect(assessStuntingRisk(family(target(), { fasilitas_bab: toilet }), REFERENCE).riskFactors).toEqual(['unsafe_sanitation']);
    },
  );

  it('when water and toilet are unknown, then neither is counted as a risk factor', () => {
    const result = assessStuntingRisk(family(target(), { sumber_air_minum: null, fasilitas_bab: null }), REFERENCE);

    expect(result.riskFactors).toEqual([]);
  });

  it.each([
    ['2006-03-11', true], // 19
    ['2006-03-10', false], // 20 today
  ])('when the wife was born %s, then mother_too_young is %s', (born, expected) => {
    const result = assessStuntingRisk(family([husband(), wife(born)]), REFERENCE);

    expect(result.riskFactors.includes('mother_too_young')).toBe(expected);
  });

  it.each([
    ['1991-03-11', false], // 34
    ['1991-03-10', true], // 35
    ['1985-03-11', true], // 40
    ['1985-03-10', false], // 41
  ])('when the wife was born %s, then mother_too_old is %s (35-40 inclusive)', (born, expected) => {
    const result = assessStuntingRisk(family([husband(), wife(born)]), REFERENCE);

    expect(result.riskFactors.includes('mother_too_old')).toBe(expected);
  });

  it('when a pregnant daughter is 17, then mother_too_young and at risk', () => {
    const daughter = member({ hubungan_dengan_kepala_keluarga: 'anak', jenis_kelamin: 'P', tanggal_lahir: '2008-06-01', hamil: true });

    const result = assessStuntingRisk(family([daughter]), REFERENCE);

    expect(result).toMatchObject({ atRisk: true, targetReasons: ['pregnant_woman'], riskFactors: ['mother_too_young'] });
  });

  it('when the two youngest children are 23 months apart, then births_too_close', () => {
    const result = assessStuntingRisk(family([...target(), child('2023-01-15'), child('2024-12-16')]), REFERENCE);

    expect(result.riskFactors).toEqual(['births_too_close']);
    expect(result.atRisk).toBe(true);
  });

  it('when the two youngest children are 24 months apart, then not too close', () => {
    expect(assessStuntingRisk(family([...target(), child('2022-12-16'), child('2024-12-16')]), REFERENCE).riskFactors).toEqual([]);
  });

  it('when the only close births are twins, then they count as one birth', () => {
    expect(assessStuntingRisk(family([...target(), child('2024-12-16'), child('2024-12-16')]), REFERENCE).riskFactors).toEqual([]);
  });

  it('when the family has 4 children, then too_many_children; with 3 it does not', () => {
    const kids = ['2010-01-01', '2013-01-01', '2016-01-01', '2019-01-01'].map(child);

    expect(assessStuntingRisk(family([...target(), ...kids]), REFERENCE).riskFactors).toEqual(['too_many_children']);
    expect(assessStuntingRisk(family([...target(), ...kids.slice(1)]), REFERENCE).riskFactors).toEqual([]);
  });

  it('when a family has risk factors but no target, then it is not at risk', () => {
    const elderly = [husband('1950-01-01'), wife('1955-01-01')];

    const result = assessStuntingRisk(family(elderly, { sumber_air_minum: 'air_permukaan', fasilitas_bab: 'tidak_ada' }), REFERENCE);

    expect(result).toMatchObject({ atRisk: false, targetReasons: [], riskFactors: ['unsafe_drinking_water', 'unsafe_sanitation'] });
  });

  it('when parameters are changed, then the rule follows them (e.g. terlalu tua from 35 with no upper bound)', () => {
    const result = assessStuntingRisk(family([husband(), wife('1980-01-01', true)]), REFERENCE, { motherTooOldToAge: 49 });

    expect(result.riskFactors).toEqual(['mother_too_old']);
  });

  it('when the result is produced, then it records the rules version', () => {
    expect(assessStuntingRisk(family([]), REFERENCE).rulesVersion).toBe('stunting-2026.1');
  });
});
