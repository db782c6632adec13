/** Housing indicators a visit finds changed since P3KE: a different value of the same list, or a flipped flag. */
import { HOUSING_INDICATORS, type HousingIndicator } from '../../domain/desil-proxy';
import type { FieldHousing } from '../../domain/field-result';
import {
  BAHAN_BAKAR_MEMASAK,
  FASILITAS_BAB,
  JENIS_ATAP,
  JENIS_DINDING,
  JENIS_LANTAI,
  KEPEMILIKAN_RUMAH,
  SUMBER_AIR_MINUM,
  SUMBER_PENERANGAN,
} from '../../domain/p3ke/value-lists';
import type { Rng } from '../p3ke-api/prng';

const VALUES: Record<Exclude<HousingIndicator, 'memiliki_simpanan'>, readonly string[]> = {
  jenis_atap: JENIS_ATAP,
  jenis_dinding: JENIS_DINDING,
  jenis_lantai: JENIS_LANTAI,
  sumber_penerangan: SUMBER_PENERANGAN,
  bahan_bakar_memasak: BAHAN_BAKAR_MEMASAK,
  sumber_air_minum: SUMBER_AIR_MINUM,
  fasilitas_bab: FASILITAS_BAB,
  kepemilikan_rumah: KEPEMILIKAN_RUMAH,
};

/** `count` distinct indicators, each set to another value than before. */
export function changeHousing(housing: FieldHousing, rng: Rng, count: number): FieldHousing {
  const pool: HousingIndicator[] = [...HOUSING_INDICATORS];
  const next: Record<string, string | boolean> = { ...housing };
  for (let i = 0; i < count && pool.length > 0; i++) {
    const indicator = pool.splice(rng.int(0, pool.length - 1), 1)[0] as HousingIndicator;
    if (indicator === 'memiliki_simpanan') next.memiliki_simpanan = !housing.memiliki_simpanan;
    else next[indicator] = rng.pick(VALUES[indicator].filter((v) => v !== housing[indicator]));
  }
  return next as FieldHousing;
}

/** Names the indicators that differ (codes only, no values about the family). */
export function housingNote(before: FieldHousing, after: FieldHousing): string {
  const changed = HOUSING_INDICATORS.filter((name) => before[name] !== after[name]);
  return changed.length === 0 ? '' : `Berubah: ${changed.join(', ')}.`;
}
