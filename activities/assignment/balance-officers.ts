/**
 * Splits a campaign's families into work packages and gives each package an officer. Pure, so the balancing rule
 * is tested without a database: families go highest priority first, in packages of at most `maxFamilies` per desa,
 * and each package goes to the available verifier covering that desa whose load (families already given ÷ daily
 * capacity) is lowest; ties go to the lower officer id so the plan is the same on every run.
 */
export interface FamilyToAssign {
  familyId: string;
  desaCode: string;
  priority: number;
}

export interface OfficerCapacity {
  id: string;
  desaCoverage: readonly string[];
  kecamatanCode: string;
  dailyCapacity: number;
}

export interface PlannedPackage {
  desaCode: string;
  seq: number;
  officerId: string;
  families: FamilyToAssign[];
}

export class NoOfficerForDesaError extends Error {
  constructor(readonly desaCode: string) {
    super(`no available field verifier covers desa ${desaCode} or its kecamatan: import a roster that covers it`);
  }
}

export function planPackages(
  families: readonly FamilyToAssign[],
  officers: readonly OfficerCapacity[],
  maxFamilies: number,
  startSeq: (desaCode: string) => number = () => 1,
  initialLoad: ReadonlyMap<string, number> = new Map(),
): PlannedPackage[] {
  const byDesa = new Map<string, FamilyToAssign[]>();
  for (const f of families) {
    const list = byDesa.get(f.desaCode) ?? [];
    list.push(f);
    byDesa.set(f.desaCode, list);
  }
  const load = new Map(initialLoad);
  const packages: PlannedPackage[] = [];
  for (const desaCode of [...byDesa.keys()].sort()) {
    const list = (byDesa.get(desaCode) ?? []).sort((a, b) => b.priority - a.priority || (a.familyId < b.familyId ? -1 : 1));
    const candidates = candidatesFor(desaCode, officers);
    if (candidates.length === 0) throw new NoOfficerForDesaError(desaCode);
    let seq = startSeq(desaCode);
    for (let i = 0; i < list.length; i += maxFamilies) {
      const chunk = list.slice(i, i + maxFamilies);
      const officer = leastLoaded(candidates, load);
      load.set(officer.id, (load.get(officer.id) ?? 0) + chunk.length);
      packages.push({ desaCode, seq, officerId: officer.id, families: chunk });
      seq += 1;
    }
  }
  return packages;
}

/** Verifiers covering the desa; failing that, any verifier of the same kecamatan (a neighbour can walk over). */
export function candidatesFor(desaCode: string, officers: readonly OfficerCapacity[]): OfficerCapacity[] {
  const covering = officers.filter((o) => o.desaCoverage.includes(desaCode));
  if (covering.length > 0) return covering;
  return officers.filter((o) => o.kecamatanCode === desaCode.slice(0, 6));
}

export function leastLoaded(candidates: readonly OfficerCapacity[], load: ReadonlyMap<string, number>): OfficerCapacity {
  let best = candidates[0];
  if (!best) throw new Error('leastLoaded needs at least one candidate');
  const ratio = (o: OfficerCapacity): number => (load.get(o.id) ?? 0) / Math.max(1, o.dailyCapacity);
  for (const o of candidates) {
    if (ratio(o) < ratio(best) || (ratio(o) === ratio(best) && o.id < best.id)) best = o;
  }
  return best;
}
