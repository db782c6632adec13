/**
 * The synthetic P3KE population: `families` families over the area's desa, each a pure function of
 * (options, index). Only a compact skeleton is held in typed arrays (desa, desil, household size, planted
 * defect, NIK serials); records are built on demand, page by page.
 */
import { loadIknArea, loadNationalRegions, type Desa } from '../../domain/regions';
import { isoToDay } from './calendar';
import { DEFECT_KINDS, drawFamilyDefect, drawIndividualDefect, STREAM, type DefectConfig, type DefectKind } from './defects';
import { DESIL_WEIGHTS, HOUSEHOLD_SIZE_WEIGHTS } from './distributions';
import type { PrefixChoice } from './household';
import { createRng, hashInts, unitFromInts } from './prng';
import { drawMembers, type BuildContext } from './records-builder';

export interface PopulationOptions {
  seed: number;
  families: number;
  /** Share of records carrying a planted defect, 0..1. */
  defectRate: number;
  defectKinds: readonly DefectKind[];
  /** The date ages are measured against (YYYY-MM-DD); fixed, so data does not drift with the wall clock. */
  asOf: string;
  /** The desa the population lives in; defaults to the IKN area. */
  area?: readonly Desa[];
}

export interface Population {
  readonly options: PopulationOptions;
  readonly ctx: BuildContext;
  readonly defects: DefectConfig;
  readonly size: number;
  desaOf(family: number): Desa;
  desilOf(family: number): number;
  /** Individual records served for the family, including a planted duplicate person. */
  memberCount(family: number): number;
  familyDefect(family: number): DefectKind | null;
  /** For member >= 1 of the household as drawn (not the planted duplicate). */
  individualDefect(family: number, member: number): DefectKind | null;
  /** The family whose head is copied into `family` by the nik_in_two_families defect. */
  partnerOf(family: number): number;
}

const NO_DEFECT = -1;
const DUPLICATE = DEFECT_KINDS.indexOf('nik_in_two_families');
const WITHHELD = DEFECT_KINDS.indexOf('family_missing');

export function createPopulation(options: PopulationOptions): Population {
  const area = options.area ?? loadIknArea().desa;
  if (area.length === 0) throw new Error('the population needs at least one desa');
  const { seed, families } = options;
  const defects: DefectConfig = { seed, defectRate: options.defectRate, enabledKinds: options.defectKinds };

  // NIK prefixes: the area's kecamatan first, then every other kecamatan in Indonesia.
  const areaKecamatan = [...new Set(area.map((d) => d.kecamatanCode))];
  const inArea = new Set(areaKecamatan);
  const prefixes = [...areaKecamatan, ...loadNationalRegions().kecamatanRows.map((k) => k.code).filter((c) => !inArea.has(c))];
  const choices: PrefixChoice[] = area.map((d) => ({ local: areaKecamatan.indexOf(d.kecamatanCode), ikn: areaKecamatan.length, total: prefixes.length }));

  // Desa differ in size; the weights are part of the seed's world.
  const desaWeights = area.map((_, k) => 0.4 + 1.6 * unitFromInts(seed, STREAM.skeleton, -1, k));
  const desaIdx = new Uint16Array(families);
  const desil = new Uint8Array(families);
  const householdSize = new Uint8Array(families);
  const defect = new Int8Array(families);
  for (let i = 0; i < families; i++) {
    const rng = createRng(hashInts(seed, STREAM.skeleton, i));
    desaIdx[i] = rng.weightedIndex(desaWeights);
    desil[i] = rng.weightedIndex(DESIL_WEIGHTS) + 1;
    householdSize[i] = rng.weightedIndex(HOUSEHOLD_SIZE_WEIGHTS) + 1;
    const kind = drawFamilyDefect(defects, i);
    defect[i] = kind === null ? NO_DEFECT : DEFECT_KINDS.indexOf(kind);
  }
  const partner = resolvePartners(desaIdx, desil, defect, options.defectKinds);

  const personOffset = new Int32Array(families + 1);
  for (let i = 0; i < families; i++) personOffset[i + 1] = (personOffset[i] ?? 0) + (householdSize[i] ?? 0);
  const serials = new Uint16Array(personOffset[families] ?? 0);

  const at = <T extends Uint8Array | Uint16Array | Int8Array | Int32Array>(array: T, i: number): number => {
    const value = array[i];
    if (value === undefined) throw new Error('family index out of range');
    return value;
  };
  const ctx: BuildContext = {
    seed,
    asOfDay: isoToDay(options.asOf),
    area,
    prefixes,
    prefixChoice: (d) => choices[d] ?? { local: 0, ikn: areaKecamatan.length, total: prefixes.length },
    desaIdx: (i) => at(desaIdx, i),
    desil: (i) => at(desil, i),
    householdSize: (i) => at(householdSize, i),
    serial: (i, m) => at(serials, at(personOffset, i) + m),
  };
  assignSerials(ctx, families, personOffset, serials);

  return {
    options,
    ctx,
    defects,
    size: families,
    desaOf: (i) => area[at(desaIdx, i)] as Desa,
    desilOf: (i) => at(desil, i),
    memberCount: (i) => at(householdSize, i) + (at(defect, i) === DUPLICATE ? 1 : 0),
    familyDefect: (i) => DEFECT_KINDS[at(defect, i)] ?? null,
    individualDefect: (i, m) => (at(defect, i) === WITHHELD ? null : drawIndividualDefect(defects, i, m)),
    partnerOf: (i) => at(partner, i),
  };
}

/**
 * A planted duplicate copies the head of a clean family in the same desa and desil, so any snapshot that holds
 * the copy also holds the original. Where no such family exists the defect becomes an invalid NIK instead.
 */
function resolvePartners(desaIdx: Uint16Array, desil: Uint8Array, defect: Int8Array, enabled: readonly DefectKind[]): Int32Array {
  const partner = new Int32Array(defect.length).fill(-1);
  const bucket = (i: number) => (desaIdx[i] ?? 0) * 16 + (desil[i] ?? 0);
  const lastClean = new Map<number, number>();
  const waiting: number[] = [];
  for (let i = 0; i < defect.length; i++) {
    if (defect[i] === NO_DEFECT) lastClean.set(bucket(i), i);
    else if (defect[i] === DUPLICATE) {
      const found = lastClean.get(bucket(i));
      if (found === undefined) waiting.push(i);
      else partner[i] = found;
    }
  }
  const firstClean = new Map<number, number>();
  for (let i = defect.length - 1; i >= 0; i--) if (defect[i] === NO_DEFECT) firstClean.set(bucket(i), i);
  const fallback = enabled.includes('nik_invalid_structure') ? DEFECT_KINDS.indexOf('nik_invalid_structure') : NO_DEFECT;
  for (const i of waiting) {
    const found = firstClean.get(bucket(i));
    if (found === undefined) defect[i] = fallback;
    else partner[i] = found;
  }
  return partner;
}

/** Serial = rank among people with the same NIK prefix and birth date, from 0001, in population order. */
function assignSerials(ctx: BuildContext, families: number, personOffset: Int32Array, serials: Uint16Array): void {
  const seen = new Map<number, number>();
  for (let i = 0; i < families; i++) {
    const base = personOffset[i] ?? 0;
    drawMembers(ctx, i).forEach((member, m) => {
      // Birth days fall within about +-40,000 days of 1970, so this key is unique per (prefix, date).
      const key = member.prefixIdx * 100_000 + member.birthDay + 50_000;
      const rank = (seen.get(key) ?? 0) + 1;
      seen.set(key, rank);
      serials[base + m] = rank;
    });
  }
}
