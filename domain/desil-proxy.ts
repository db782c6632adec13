/**
 * A transparent proxy for the desil implied by housing and asset indicators.
 *
 * STAND-IN: BPS ranks families into desil by proxy-means testing (PMT) on 39 variables with weights estimated
 * per kabupaten/kota; the model is not public (DOMAIN.md section 2). This proxy does not reproduce it. It only
 * answers "does this house look like the desil recorded for it?", so that a desil-1 family in a concrete house
 * with metered PLN electricity, LPG, bottled water and a septic tank is sent for a second look. Every ladder,
 * weight and cut-off is a parameter with a default; results record DESIL_PROXY_VERSION.
 *
 * Score: each known indicator's value is placed on a 0-100 ladder (0 = the poorest condition), the ladders are
 * averaged with integer weights, and the score (0-100) is banded into desil 1-10 by ascending cut-offs. The
 * score never falls when any indicator improves, so the implied desil is monotonic in every indicator.
 */
import type {
  BahanBakarMemasak,
  FasilitasBab,
  JenisAtap,
  JenisDinding,
  JenisLantai,
  KepemilikanRumah,
  SumberAirMinum,
  SumberPenerangan,
} from './p3ke/value-lists';
import { DESIL_MAX, DESIL_MIN } from './p3ke/value-lists';

export const DESIL_PROXY_VERSION = 'desil-proxy-2026.1';

/** Named as the P3KE columns, so a P3KE row and a field result's housing both fit without mapping. */
export interface HousingIndicators {
  jenis_atap: JenisAtap | null;
  jenis_dinding: JenisDinding | null;
  jenis_lantai: JenisLantai | null;
  sumber_penerangan: SumberPenerangan | null;
  bahan_bakar_memasak: BahanBakarMemasak | null;
  sumber_air_minum: SumberAirMinum | null;
  fasilitas_bab: FasilitasBab | null;
  kepemilikan_rumah: KepemilikanRumah | null;
  memiliki_simpanan: boolean | null;
}
export type HousingIndicator = keyof HousingIndicators;

export const HOUSING_INDICATORS = [
  'jenis_atap',
  'jenis_dinding',
  'jenis_lantai',
  'sumber_penerangan',
  'bahan_bakar_memasak',
  'sumber_air_minum',
  'fasilitas_bab',
  'kepemilikan_rumah',
  'memiliki_simpanan',
] as const satisfies readonly HousingIndicator[];

/** 0-100 per value, 0 = poorest. `Record` over each list so a new list value fails to compile until placed. */
export interface DesilProxyLadders {
  jenis_atap: Record<JenisAtap, number>;
  jenis_dinding: Record<JenisDinding, number>;
  jenis_lantai: Record<JenisLantai, number>;
  sumber_penerangan: Record<SumberPenerangan, number>;
  bahan_bakar_memasak: Record<BahanBakarMemasak, number>;
  sumber_air_minum: Record<SumberAirMinum, number>;
  fasilitas_bab: Record<FasilitasBab, number>;
  kepemilikan_rumah: Record<KepemilikanRumah, number>;
  memiliki_simpanan: Record<'true' | 'false', number>;
}

export interface DesilProxyParams {
  ladders: DesilProxyLadders;
  /** Non-negative integers; heavier where the indicator separates poor from non-poor best (assumption). */
  weights: Record<HousingIndicator, number>;
  /** Nine ascending scores; a score at or above cut-off k (1-based) implies at least desil k+1. */
  desilCutoffs: readonly number[];
  /** Fewer known indicators than this and no desil is implied: too little evidence. */
  minKnownIndicators: number;
}

export const DEFAULT_DESIL_PROXY_PARAMS: Readonly<DesilProxyParams> = {
  ladders: {
    jenis_atap: { beton: 100, genteng: 80, seng: 60, asbes: 50, kayu_sirap: 40, bambu: 15, jerami_ijuk_rumbia: 0 },
    jenis_dinding: { tembok: 100, plesteran_anyaman_bambu: 50, kayu_papan: 45, anyaman_bambu: 15, bambu: 10, lainnya: 20 },
    jenis_lantai: { keramik_marmer: 100, ubin_tegel: 80, semen: 60, kayu_papan: 40, bambu: 15, tanah: 0 },
    sumber_penerangan: { listrik_pln_meteran: 100, listrik_pln_tanpa_meteran: 50, listrik_non_pln: 30, bukan_listrik: 0 },
    // Not cooking at all says little either way: placed mid-ladder.
    bahan_bakar_memasak: { listrik: 100, gas_elpiji: 80, minyak_tanah: 40, arang: 15, kayu_bakar: 10, tidak_memasak: 40 },
    sumber_air_minum: {
      air_kemasan: 100,
      leding: 85,
      air_isi_ulang: 75,
      sumur_bor: 65,
      sumur_terlindung: 55,
      mata_air_terlindung: 45,
      sumur_tak_terlindung: 20,
      mata_air_tak_terlindung: 15,
      air_hujan: 10,
      air_permukaan: 0,
    },
    fasilitas_bab: { sendiri_septic_tank: 100, sendiri_tanpa_septic_tank: 50, bersama: 35, umum: 20, tidak_ada: 0 },
    kepemilikan_rumah: { milik_sendiri: 100, dinas: 80, sewa: 60, bebas_sewa: 20, lainnya: 20 },
    memiliki_simpanan: { true: 100, false: 0 },
  },
  // Metered PLN and LPG are near-universal, even among poor families, and house ownership is common among the
  // rural poor: weak evidence, weight 1. Walls, floors, the latrine and savings separate better: weight 2.
  weights: {
    jenis_atap: 1,
    jenis_dinding: 2,
    jenis_lantai: 2,
    sumber_penerangan: 1,
    bahan_bakar_memasak: 1,
    sumber_air_minum: 1,
    fasilitas_bab: 2,
    kepemilikan_rumah: 1,
    memiliki_simpanan: 2,
  },
  // Set so that a wooden house with a cement floor, metered PLN, LPG, a bore well and a septic tank (score ~63)
  // implies desil 4, a bamboo hut without electricity or latrine desil 1, and a brick house with tiled floor,
  // bottled water and savings desil 10.
  desilCutoffs: [30, 45, 60, 70, 78, 85, 90, 94, 97],
  minKnownIndicators: 5,
};

export interface DesilEstimate {
  desil: number; // DESIL_MIN..DESIL_MAX
  score: number; // integer 0-100
  knownIndicators: number;
  version: typeof DESIL_PROXY_VERSION;
}

/** The proxy score (0-100, integer) and the desil it implies; null when too few indicators are known. */
export function impliedDesil(
  indicators: HousingIndicators,
  params: DesilProxyParams = DEFAULT_DESIL_PROXY_PARAMS,
): DesilEstimate | null {
  let weighted = 0;
  let totalWeight = 0;
  let known = 0;
  for (const name of HOUSING_INDICATORS) {
    const rung = ladderValue(name, indicators, params.ladders);
    if (rung === null) continue;
    known += 1;
    weighted += rung * params.weights[name];
    totalWeight += params.weights[name];
  }
  if (known < params.minKnownIndicators || totalWeight === 0) return null;
  const score = Math.round(weighted / totalWeight);
  const desil = Math.min(DESIL_MAX, DESIL_MIN + params.desilCutoffs.filter((cutoff) => score >= cutoff).length);
  return { desil, score, knownIndicators: known, version: DESIL_PROXY_VERSION };
}

/**
 * True when the desil implied by the indicators is more than `tolerance` desil away from the recorded one, in
 * either direction (a better-off house suggests an inclusion error, a worse-off one a ranking that is out of
 * date). Unknown (too few indicators) is not an inconsistency.
 */
export function desilInconsistent(
  recordedDesil: number,
  indicators: HousingIndicators,
  tolerance = 2,
  params: DesilProxyParams = DEFAULT_DESIL_PROXY_PARAMS,
): boolean {
  const estimate = impliedDesil(indicators, params);
  return estimate !== null && Math.abs(estimate.desil - recordedDesil) > tolerance;
}

function ladderValue(name: HousingIndicator, indicators: HousingIndicators, ladders: DesilProxyLadders): number | null {
  const value = indicators[name];
  if (value === null || value === undefined) return null;
  // Each ladder is keyed by its own list, so the lookup is sound; the index type just cannot say so per key.
  const ladder = ladders[name] as Record<string, number>;
  return ladder[String(value)] ?? null;
}
