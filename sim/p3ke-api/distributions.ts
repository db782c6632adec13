/**
 * Distributions of the synthetic population. Values are plausible for P3KE in the IKN area (DOMAIN.md sections
 * 2 and 5: P3KE covers roughly the poorest 40 %, stunting around 30 %, thousands of households on unsafe water),
 * tuned by eye, not fitted to data. Every categorical value comes from value-lists.ts.
 */
import {
  BAHAN_BAKAR_MEMASAK,
  FASILITAS_BAB,
  JENIS_ATAP,
  JENIS_DINDING,
  JENIS_LANTAI,
  KEPEMILIKAN_RUMAH,
  PEKERJAAN,
  PENDIDIKAN,
  SUMBER_AIR_MINUM,
  SUMBER_PENERANGAN,
  type Pekerjaan,
  type ProgramFlag,
} from '../../domain/p3ke/value-lists';
import type { Rng } from './prng';

/** Desil 1..10: most families in desil 1-4, a thin tail above (P3KE is built from the poorest 40 %). */
export const DESIL_WEIGHTS = [0.3, 0.24, 0.18, 0.13, 0.07, 0.04, 0.02, 0.01, 0.005, 0.005] as const;

/** Household size 1..9, mean about 3.3. */
export const HOUSEHOLD_SIZE_WEIGHTS = [0.12, 0.22, 0.25, 0.21, 0.1, 0.05, 0.03, 0.01, 0.01] as const;

/** Share of NIKs registered outside the IKN kecamatan: most residents of the area are newcomers. */
export const NIK_PREFIX_OUTSIDE_SHARE = 0.7;
export const PADAN_DUKCAPIL_SHARE = 0.93;

/**
 * A categorical draw whose weights move from `poorest` (desil 1) to `richest` (desil 10) linearly, so housing
 * and utilities are correlated with desil without a full model.
 */
function byDesil<T>(rng: Rng, values: readonly T[], poorest: readonly number[], richest: readonly number[], desil: number): T {
  const t = (desil - 1) / 9;
  const weights = values.map((_, i) => (1 - t) * (poorest[i] ?? 0) + t * (richest[i] ?? 0));
  return rng.weighted(values, weights);
}

/** A further per-family "fortune" so that two families of the same desil do not look identical. */
export function housing(rng: Rng, desil: number) {
  const d = Math.min(10, Math.max(1, desil + (rng.next() - 0.5) * 2));
  return {
    kepemilikan_rumah: byDesil(rng, KEPEMILIKAN_RUMAH, [0.62, 0.1, 0.22, 0.01, 0.05], [0.8, 0.12, 0.05, 0.02, 0.01], d),
    jenis_atap: byDesil(rng, JENIS_ATAP, [0.01, 0.05, 0.6, 0.08, 0.14, 0.04, 0.08], [0.15, 0.35, 0.45, 0.05, 0, 0, 0], d),
    jenis_dinding: byDesil(rng, JENIS_DINDING, [0.15, 0.05, 0.58, 0.1, 0.07, 0.05], [0.7, 0.02, 0.28, 0, 0, 0], d),
    jenis_lantai: byDesil(rng, JENIS_LANTAI, [0.05, 0.03, 0.25, 0.5, 0.07, 0.1], [0.45, 0.15, 0.25, 0.15, 0, 0], d),
    sumber_penerangan: byDesil(rng, SUMBER_PENERANGAN, [0.55, 0.25, 0.1, 0.1], [0.95, 0.05, 0, 0], d),
    bahan_bakar_memasak: byDesil(rng, BAHAN_BAKAR_MEMASAK, [0.01, 0.6, 0.04, 0.33, 0.01, 0.01], [0.05, 0.92, 0.01, 0.02, 0, 0], d),
    // Safe sources first: bottled, refill, piped, bore well, protected well; then the unsafe ones.
    sumber_air_minum: byDesil(
      rng,
      SUMBER_AIR_MINUM,
      [0.02, 0.18, 0.12, 0.1, 0.14, 0.13, 0.04, 0.06, 0.09, 0.12],
      [0.2, 0.35, 0.3, 0.08, 0.05, 0.01, 0.01, 0, 0, 0],
      d,
    ),
    fasilitas_bab: byDesil(rng, FASILITAS_BAB, [0.45, 0.24, 0.12, 0.07, 0.12], [0.92, 0.05, 0.02, 0.01, 0], d),
    memiliki_simpanan: rng.chance(0.08 + 0.07 * (desil - 1)),
  };
}

/** Enrolment probability per programme by desil 1..10 (targeting is imperfect, so richer desil keep a little). */
const PROGRAMME_RATES: Record<ProgramFlag, readonly number[]> = {
  pkh: [0.45, 0.36, 0.24, 0.14, 0.07, 0.04, 0.03, 0.02, 0.02, 0.02],
  sembako: [0.62, 0.5, 0.36, 0.22, 0.12, 0.06, 0.04, 0.03, 0.02, 0.02],
  bpnt: [0.3, 0.24, 0.17, 0.1, 0.06, 0.03, 0.02, 0.02, 0.01, 0.01],
  bst: [0.25, 0.2, 0.15, 0.1, 0.06, 0.04, 0.03, 0.02, 0.02, 0.02],
  bpum: [0.04, 0.05, 0.06, 0.06, 0.05, 0.04, 0.03, 0.02, 0.02, 0.02],
};

export function programmes(rng: Rng, desil: number, headWork: Pekerjaan) {
  const rate = (flag: ProgramFlag) => PROGRAMME_RATES[flag][desil - 1] ?? 0;
  // BPUM is micro-business cash aid, so traders and the self-employed get it far more often.
  const business = headWork === 'pedagang' || headWork === 'wiraswasta' ? 4 : 1;
  return {
    penerima_bpnt: rng.chance(rate('bpnt')),
    penerima_bpum: rng.chance(Math.min(0.6, rate('bpum') * business)),
    penerima_bst: rng.chance(rate('bst')),
    penerima_pkh: rng.chance(rate('pkh')),
    penerima_sembako: rng.chance(rate('sembako')),
  };
}

export function adultEducation(rng: Rng, desil: number, age: number) {
  // Older people went to school when fewer could: shift the weights down with age.
  const older = age >= 50 ? 2 : 0;
  return byDesil(rng, PENDIDIKAN, [0.14 + older * 0.1, 0.42, 0.2, 0.2, 0.03, 0.01], [0.02, 0.2, 0.22, 0.4, 0.08, 0.08], desil);
}

/** Highest level already completed by a child of this age. */
export function childEducation(age: number): (typeof PENDIDIKAN)[number] {
  if (age < 13) return 'tidak_sekolah';
  if (age < 16) return 'sd';
  if (age < 19) return 'smp';
  return 'sma';
}

const WORKING: readonly Pekerjaan[] = PEKERJAAN.filter(
  (p) => !['tidak_bekerja', 'pelajar', 'mengurus_rumah_tangga', 'lainnya'].includes(p),
);

export function occupation(rng: Rng, desil: number, age: number, role: 'head' | 'spouse' | 'other'): Pekerjaan {
  if (age < 7) return 'tidak_bekerja';
  if (age < 15) return 'pelajar';
  if (age < 19) return rng.chance(0.8) ? 'pelajar' : 'buruh';
  if (age >= 65 && rng.chance(0.6)) return 'tidak_bekerja';
  if (role === 'spouse' && rng.chance(0.6)) return 'mengurus_rumah_tangga';
  if (role === 'other' && rng.chance(0.3)) return 'tidak_bekerja';
  // Weights over WORKING: petani, nelayan, buruh, pedagang, wiraswasta, pegawai_swasta, pns_tni_polri.
  return byDesil(rng, WORKING, [0.34, 0.08, 0.38, 0.1, 0.07, 0.03, 0], [0.1, 0.02, 0.15, 0.2, 0.2, 0.25, 0.08], desil);
}
