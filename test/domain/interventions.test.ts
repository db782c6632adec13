import {
  DEFAULT_INTERVENTION_PARAMS,
  proposeInterventions,
  type InterventionProgramme,
  type VerifiedFamily,
} from '../../domain/interventions';
import type { StuntingMemberFacts } from '../../domain/stunting';
import { fieldResult, HOUSING, MEMBERS, SPOUSE, VISIT_DATE } from './fixtures';

const NOT_ENROLLED = { ...fieldResult().programmes!, pkh: false };

/** The fixture family (couple, toddler of 16 months, school child of 7) at desil 2, enrolled nowhere, not at risk. */
function family(overrides: Partial<VerifiedFamily> = {}): VerifiedFamily {
  return {
    familyId: 'F-0001',
    desaCode: '6409042001',
    desil: 2,
    housing: { ...HOUSING },
    members: MEMBERS.map((m) => ({ ...m })),
    enrolment: { ...NOT_ENROLLED },
    stuntingAtRisk: false,
    ...overrides,
  };
}

const person = (tanggal_lahir: string, extra: Partial<StuntingMemberFacts> = {}): StuntingMemberFacts => ({
  jenis_kelamin: 'L',
  tanggal_lahir,
  hubungan_dengan_kepala_keluarga: 'anak',
  hamil: false,
  ...extra,
});

const programmesOf = (f: VerifiedFamily): InterventionProgramme[] => proposeInterventions(f, VISIT_DATE).map((p) => p.programme);
const proposal = (f: VerifiedFamily, programme: InterventionProgramme) =>
  proposeInterventions(f, VISIT_DATE).find((p) => p.programme === programme);

describe('proposeInterventions', () => {
  it('when the fixture family is desil 2 in a sound house, then PKH, Sembako, PBI-JKN, PIP and Prakerja are proposed', () => {
    // Act
    const proposals = proposeInterventions(family(), VISIT_DATE);

    // Assert
    expect(proposals.map((p) => [p.programme, p.quantity, p.costRupiah, p.priority])).toEqual([
      ['pkh', 2, 4_000_000, 80],
      ['sembako', 1, 2_400_000, 75],
      ['pbi_jkn', 4, 2_016_000, 80],
      ['pip_kip', 1, 1_000_000, 70],
      ['prakerja', 1, 4_200_000, 60],
    ]);
    expect(proposals[0]).toMatchObject({ familyId: 'F-0001', desaCode: '6409042001', reasons: ['young_child', 'school_age_child'], rulesVersion: 'interventions-2026.1' });
  });

  describe('PKH', () => {
    it('when already enrolled in PKH, then PKH is not proposed again', () => {
      expect(programmesOf(family({ enrolment: { ...NOT_ENROLLED, pkh: true } }))).not.toContain('pkh');
    });

    it('when no member is a PKH component (a couple in their 30s), then no PKH', () => {
      expect(programmesOf(family({ members: MEMBERS.slice(0, 2) }))).not.toContain('pkh');
    });

    it('when a member is 60 or older, then the elderly component counts', () => {
      expect(proposal(family({ members: [person('1960-01-01', { hubungan_dengan_kepala_keluarga: 'orang_tua' })] }), 'pkh')).toMatchObject({ quantity: 1, reasons: ['elderly'] });
    });

    it('when the family has more than 4 components, then the quantity is capped at 4', () => {
      const members = [{ ...SPOUSE, hamil: true }, person('2022-01-01'), person('2023-01-01'), person('2015-01-01'), person('2012-01-01')];

      expect(proposal(family({ members }), 'pkh')).toMatchObject({ quantity: 4, reasons: ['pregnant_woman', 'young_child', 'school_age_child'] });
    });

    it('when the desil is 5, then no PKH (desil 1-4)', () => {
      expect(programmesOf(family({ desil: 5 }))).not.toContain('pkh');
    });
  });

  it('when the family reports Sembako/BPNT, or is desil 5, then no Sembako', () => {
    expect(programmesOf(family({ enrolment: { ...NOT_ENROLLED, sembako_bpnt: true } }))).not.toContain('sembako');
    expect(programmesOf(family({ desil: 5 }))).not.toContain('sembako');
  });

  it('when the desil is 5, then PBI-JKN is still proposed (desil 1-5); at 6 it is not', () => {
    expect(programmesOf(family({ desil: 5 }))).toContain('pbi_jkn');
    expect(programmesOf(family({ desil: 6 }))).not.toContain('pbi_jkn');
  });

  it('when the desil is 7 and the house is sound, then nothing is proposed', () => {
    expect(programmesOf(family({ desil: 7 }))).toEqual([]);
  });

  it('when the only child is 22, or PIP is already received, then no PIP/KIP', () => {
    expect(programmesOf(family({ members: [...MEMBERS.slice(0, 2), person('2004-01-01')] }))).not.toContain('pip_kip');
    expect(programmesOf(family({ enrolment: { ...NOT_ENROLLED, pip_kip: true } }))).not.toContain('pip_kip');
  });

  describe('BSPS/RTLH', () => {
    const poorHouse = { ...HOUSING, jenis_dinding: 'anyaman_bambu', jenis_lantai: 'tanah' } as const;

    it('when an owned house has a bamboo wall and an earthen floor, then RTLH with the poor components as reasons', () => {
      expect(proposal(family({ housing: poorHouse }), 'bsps_rtlh')).toMatchObject({ quantity: 1, costRupiah: 20_000_000, reasons: ['poor_wall', 'poor_floor'] });
    });

    it('when the same house is rented, then no RTLH (BSPS builds on own land)', () => {
      expect(programmesOf(family({ housing: { ...poorHouse, kepemilikan_rumah: 'sewa' } }))).not.toContain('bsps_rtlh');
    });

    it('when only one component is poor, then no RTLH', () => {
      expect(programmesOf(family({ housing: { ...HOUSING, jenis_lantai: 'tanah' } }))).not.toContain('bsps_rtlh');
    });
  });

  it.each([
    ['sanitation', { fasilitas_bab: 'tidak_ada' }, 'unsafe_sanitation'],
    ['clean_water', { sumber_air_minum: 'sumur_tak_terlindung' }, 'unsafe_drinking_water'],
    ['electricity_connection', { sumber_penerangan: 'listrik_pln_tanpa_meteran' }, 'no_metered_pln'],
  ] as const)('when the house lacks it, then %s is proposed', (programme, housing, reason) => {
    expect(proposal(family({ housing: { ...HOUSING, ...housing } }), programme)).toMatchObject({ quantity: 1, reasons: [reason] });
  });

  it('when the house is sound, then none of sanitation, clean water or electricity is proposed', () => {
    expect(programmesOf(family())).not.toEqual(expect.arrayContaining(['sanitation']));
    expect(programmesOf(family()).filter((p) => ['sanitation', 'clean_water', 'electricity_connection'].includes(p))).toEqual([]);
  });

  describe('stunting convergence', () => {
    const pregnantFamily = (overrides: Partial<VerifiedFamily> = {}) =>
      family({ members: [MEMBERS[0]!, { ...SPOUSE, hamil: true }, MEMBERS[2]!, MEMBERS[3]!], stuntingAtRisk: true, ...overrides });

    it('when an at-risk family has a pregnant woman and a toddler, then PMT for both, iron tablets and BKB', () => {
      const proposals = proposeInterventions(pregnantFamily(), VISIT_DATE);

      expect(proposals.find((p) => p.programme === 'stunting_pmt')).toMatchObject({ quantity: 2, reasons: ['stunting_risk', 'requires_health_screening'] });
      expect(proposals.find((p) => p.programme === 'stunting_iron_tablets')).toMatchObject({ quantity: 1, costRupiah: 50_000 });
      expect(proposals.find((p) => p.programme === 'stunting_bkb')).toMatchObject({ quantity: 1 });
    });

    it('when the family is at risk, then stunting-sensitive programmes get the bonus and others do not', () => {
      const atRisk = pregnantFamily({ housing: { ...HOUSING, fasilitas_bab: 'tidak_ada' } });

      expect(proposal(atRisk, 'stunting_pmt')!.priority).toBe(50 + 45 + 20);
      expect(proposal(atRisk, 'sanitation')!.priority).toBe(40 + 45 + 20);
      expect(proposal(atRisk, 'sembako')!.priority).toBe(30 + 45);
    });

    it('when the family is not at risk, then no PMT or BKB, but a pregnant woman still gets iron tablets', () => {
      expect(programmesOf(pregnantFamily({ stuntingAtRisk: false })).filter((p) => p.startsWith('stunting'))).toEqual(['stunting_iron_tablets']);
    });

    it('when an at-risk family is desil 9, then stunting support is still proposed (health need, any desil)', () => {
      expect(programmesOf(pregnantFamily({ desil: 9 }))).toEqual(['stunting_pmt', 'stunting_iron_tablets', 'stunting_bkb']);
    });

    it('when the only child is 4 months old and nobody is pregnant, then no PMT (exclusive breastfeeding age) but BKB', () => {
      const members = [MEMBERS[0]!, SPOUSE, person('2025-11-01')];

      expect(programmesOf(family({ members, stuntingAtRisk: true })).filter((p) => p.startsWith('stunting'))).toEqual(['stunting_bkb']);
    });
  });

  it('when Prakerja allows 2 per family, then two working-age adults are proposed; enrolled or desil 5 gives none', () => {
    const params = { ...DEFAULT_INTERVENTION_PARAMS, prakerjaMaxPerFamily: 2 };

    expect(proposeInterventions(family(), VISIT_DATE, params).find((p) => p.programme === 'prakerja')).toMatchObject({ quantity: 2, costRupiah: 8_400_000 });
    expect(programmesOf(family({ enrolment: { ...NOT_ENROLLED, prakerja: true } }))).not.toContain('prakerja');
    expect(programmesOf(family({ desil: 5 }))).not.toContain('prakerja');
  });

  it('when the desil is 3-6 and nobody has KUR, then KUR/UMi is proposed; at desil 2 or 7, or already borrowing, it is not', () => {
    expect(programmesOf(family({ desil: 3 }))).toContain('kur_umi');
    expect(programmesOf(family({ desil: 6 }))).toContain('kur_umi');
    expect(programmesOf(family({ desil: 2 }))).not.toContain('kur_umi');
    expect(programmesOf(family({ desil: 7 }))).not.toContain('kur_umi');
    expect(programmesOf(family({ desil: 3, enrolment: { ...NOT_ENROLLED, kur: true } }))).not.toContain('kur_umi');
  });

  it('when a lower desil family is compared with a higher one, then every shared programme has a higher priority', () => {
    const poorer = proposeInterventions(family({ desil: 1 }), VISIT_DATE);
    const richer = proposeInterventions(family({ desil: 4 }), VISIT_DATE);
    const shared = richer.filter((p) => poorer.some((q) => q.programme === p.programme));

    expect(shared.length).toBeGreaterThan(3);
    for (const p of shared) expect(poorer.find((q) => q.programme === p.programme)!.priority).toBeGreaterThan(p.priority);
  });

  it('when unit costs are configured, then costs follow them as integers', () => {
    const params = { ...DEFAULT_INTERVENTION_PARAMS, unitCostRupiah: { ...DEFAULT_INTERVENTION_PARAMS.unitCostRupiah, pbi_jkn: 600_000 } };

    expect(proposeInterventions(family(), VISIT_DATE, params).find((p) => p.programme === 'pbi_jkn')!.costRupiah).toBe(2_400_000);
  });

  it.each([0, 11, 2.5])('when the desil is %p, then it throws a RangeError', (desil) => {
    expect(() => proposeInterventions(family({ desil }), VISIT_DATE)).toThrow(RangeError);
  });

  it('when the reference date is malformed, then it throws a RangeError', () => {
    expect(() => proposeInterventions(family(), '2026-02-30')).toThrow(RangeError);
  });

  it('when a member has no usable birth date, then they count for PBI-JKN but for no age-based need', () => {
    const members = [...MEMBERS.slice(0, 2), person('2027-01-01'), { ...person('2020-01-01'), tanggal_lahir: null }];

    expect(proposal(family({ members }), 'pbi_jkn')).toMatchObject({ quantity: 4 });
    expect(programmesOf(family({ members }))).not.toContain('pkh');
  });
});
