import {
  DEFAULT_DESIL_PROXY_PARAMS,
  HOUSING_INDICATORS,
  desilInconsistent,
  impliedDesil,
  type HousingIndicators,
} from '../../domain/desil-proxy';
import { HOUSING } from './fixtures';

const POOREST: HousingIndicators = {
  jenis_atap: 'jerami_ijuk_rumbia',
  jenis_dinding: 'bambu',
  jenis_lantai: 'tanah',
  sumber_penerangan: 'bukan_listrik',
  bahan_bakar_memasak: 'kayu_bakar',
  sumber_air_minum: 'air_permukaan',
  fasilitas_bab: 'tidak_ada',
  kepemilikan_rumah: 'bebas_sewa',
  memiliki_simpanan: false,
};

const WELL_OFF: HousingIndicators = {
  jenis_atap: 'beton',
  jenis_dinding: 'tembok',
  jenis_lantai: 'keramik_marmer',
  sumber_penerangan: 'listrik_pln_meteran',
  bahan_bakar_memasak: 'gas_elpiji',
  sumber_air_minum: 'air_kemasan',
  fasilitas_bab: 'sendiri_septic_tank',
  kepemilikan_rumah: 'milik_sendiri',
  memiliki_simpanan: true,
};

describe('impliedDesil', () => {
  it('when the house is the poorest on every indicator, then desil 1', () => {
    expect(impliedDesil(POOREST)).toMatchObject({ desil: 1, knownIndicators: 9, version: 'desil-proxy-2026.1' });
  });

  it('when the house is concrete with metered PLN, LPG, bottled water, septic tank and savings, then desil 10', () => {
    expect(impliedDesil(WELL_OFF)).toMatchObject({ desil: 10 });
  });

  it('when the house is wooden with a cement floor, PLN, LPG, a bore well and a septic tank, then score 63 and desil 4', () => {
    expect(impliedDesil(HOUSING)).toMatchObject({ score: 63, desil: 4 });
  });

  it('when fewer indicators than the minimum are known, then no desil is implied', () => {
    const fourKnown: HousingIndicators = { ...POOREST, jenis_atap: null, jenis_dinding: null, jenis_lantai: null, sumber_penerangan: null, memiliki_simpanan: null };

    expect(impliedDesil(fourKnown)).toBeNull();
  });

  it('when some indicators are unknown, then the score averages the known ones only', () => {
    const result = impliedDesil({ ...WELL_OFF, memiliki_simpanan: null, kepemilikan_rumah: null });

    expect(result).toMatchObject({ knownIndicators: 7 });
    expect(result!.score).toBeGreaterThan(90);
  });

  it('when weights and cut-offs are passed, then they are used instead of the defaults', () => {
    // Arrange: only savings count, and any score of 50 or more is desil 10
    const weights = Object.fromEntries(HOUSING_INDICATORS.map((k) => [k, k === 'memiliki_simpanan' ? 1 : 0])) as Record<
      (typeof HOUSING_INDICATORS)[number],
      number
    >;
    const params = { ...DEFAULT_DESIL_PROXY_PARAMS, weights, desilCutoffs: [50, 50, 50, 50, 50, 50, 50, 50, 50] };

    // Act / Assert
    expect(impliedDesil({ ...POOREST, memiliki_simpanan: true }, params)).toMatchObject({ score: 100, desil: 10 });
    expect(impliedDesil({ ...WELL_OFF, memiliki_simpanan: false }, params)).toMatchObject({ score: 0, desil: 1 });
  });

  describe('monotonic', () => {
    const baselines: [string, HousingIndicators][] = [
      ['poorest', POOREST],
      ['fixture', HOUSING],
      ['well-off', WELL_OFF],
    ];

    it.each(baselines)('when any one indicator of the %s house improves, then the implied desil never falls', (_name, base) => {
      // Arrange: for each indicator, its values ordered by the ladder, poorest first
      for (const indicator of HOUSING_INDICATORS) {
        const ladder = DEFAULT_DESIL_PROXY_PARAMS.ladders[indicator] as Record<string, number>;
        const values = Object.keys(ladder).sort((a, b) => ladder[a]! - ladder[b]!);

        // Act
        const desils = values.map((value) => {
          const typed = indicator === 'memiliki_simpanan' ? value === 'true' : value;
          return impliedDesil({ ...base, [indicator]: typed } as HousingIndicators)!.desil;
        });

        // Assert
        desils.forEach((desil, i) => expect(desil).toBeGreaterThanOrEqual(desils[i - 1] ?? 1));
      }
    });
  });
});

describe('desilInconsistent', () => {
  it('when a desil-1 family lives in a well-off house, then it is inconsistent', () => {
    expect(desilInconsistent(1, WELL_OFF)).toBe(true);
  });

  it('when a desil-10 record meets the poorest house, then it is inconsistent too (either direction)', () => {
    expect(desilInconsistent(10, POOREST)).toBe(true);
  });

  it('when the implied desil is within the tolerance, then it is consistent', () => {
    expect(desilInconsistent(2, HOUSING, 2)).toBe(false); // implied 4
    expect(desilInconsistent(2, HOUSING, 1)).toBe(true);
  });

  it('when too few indicators are known, then it is not inconsistent', () => {
    const unknown = Object.fromEntries(HOUSING_INDICATORS.map((k) => [k, null])) as unknown as HousingIndicators;

    expect(desilInconsistent(1, unknown)).toBe(false);
  });
});
