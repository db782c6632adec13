/**
 * Snapshots: one consistent, filtered version of the population that a campaign reads page by page.
 * The id is a hash of everything that decides the content (population options and the request), so asking for
 * the same snapshot again returns the same id and the same records, on this or any other simulator instance.
 */
import { createHash } from 'node:crypto';
import type { P3keRecordKind, P3keSnapshotRequest } from '../../domain/p3ke/records';
import { DEFECT_KINDS, HEAD_NIK_KINDS, SCHEMA_FAILING_KINDS, type DefectKind } from './defects';
import type { Population } from './population';
import { serveFamily } from './served-records';

export interface DefectCount {
  families: number;
  individuals: number;
}

export interface SnapshotManifest {
  snapshotId: string;
  totals: DefectCount;
  /** Records served that carry each planted defect (at most one per record). */
  defects: Record<DefectKind, DefectCount>;
  /** Families left out of the families listing by `family_missing`; their individuals are served. */
  withheldFamilies: number;
  /** Records that must fail the wire schema (missing_required_field + wrong_type). */
  schemaFailures: DefectCount;
}

export interface Snapshot {
  id: string;
  request: P3keSnapshotRequest;
  createdAt: string;
  /** Population indices of the families served, in listing order. */
  families: Int32Array;
  /** Population indices of every selected family, withheld ones included, whose individuals are served. */
  memberFamilies: Int32Array;
  /** memberStarts[k] = listing position of the first individual of memberFamilies[k]; one extra entry = total. */
  memberStarts: Int32Array;
  manifest: SnapshotManifest;
}

export function normaliseRequest(request: P3keSnapshotRequest): P3keSnapshotRequest {
  return { regionCodes: [...new Set(request.regionCodes)].sort(), desilMin: request.desilMin, desilMax: request.desilMax };
}

export function snapshotIdFor(pop: Population, request: P3keSnapshotRequest): string {
  const { seed, families, defectRate, defectKinds, asOf } = pop.options;
  const identity = JSON.stringify({
    v: 1,
    population: { seed, families, defectRate, defectKinds: [...defectKinds].sort(), asOf, area: pop.ctx.area.map((d) => d.code) },
    request: normaliseRequest(request),
  });
  return `snp_${createHash('sha256').update(identity).digest('hex').slice(0, 24)}`;
}

const emptyCounts = (): Record<DefectKind, DefectCount> =>
  Object.fromEntries(DEFECT_KINDS.map((kind) => [kind, { families: 0, individuals: 0 }])) as Record<DefectKind, DefectCount>;

/** Selection follows where the family lives (its desa in the population), not its possibly wrong kode_kemendagri. */
export function buildSnapshot(pop: Population, request: P3keSnapshotRequest, now: Date): Snapshot {
  const spec = normaliseRequest(request);
  const id = snapshotIdFor(pop, spec);
  const served: number[] = [];
  const selected: number[] = [];
  const starts: number[] = [0];
  const defects = emptyCounts();
  let withheld = 0;
  let individuals = 0;
  const wantedDesa = new Set(pop.ctx.area.filter((d) => spec.regionCodes.some((prefix) => d.code.startsWith(prefix))).map((d) => d.code));

  for (let i = 0; i < pop.size; i++) {
    const desil = pop.desilOf(i);
    if (desil < spec.desilMin || desil > spec.desilMax || !wantedDesa.has(pop.desaOf(i).code)) continue;

    selected.push(i);
    const members = pop.memberCount(i);
    individuals += members;
    starts.push(individuals);
    const kind = pop.familyDefect(i);
    if (kind === 'family_missing') {
      withheld++;
      defects.family_missing.individuals += members;
      continue;
    }
    served.push(i);
    if (kind === 'nik_in_two_families') defects.nik_in_two_families.individuals++;
    else if (kind !== null) defects[kind].families++;
    if (kind !== null && HEAD_NIK_KINDS.includes(kind)) defects[kind].individuals++;
    const drawnMembers = kind === 'nik_in_two_families' ? members - 1 : members;
    for (let m = 1; m < drawnMembers; m++) {
      const individualKind = pop.individualDefect(i, m);
      if (individualKind !== null) defects[individualKind].individuals++;
    }
  }

  const schemaFailures = { families: 0, individuals: 0 };
  for (const kind of SCHEMA_FAILING_KINDS) {
    schemaFailures.families += defects[kind].families;
    schemaFailures.individuals += defects[kind].individuals;
  }
  return {
    id,
    request: spec,
    createdAt: now.toISOString(),
    families: Int32Array.from(served),
    memberFamilies: Int32Array.from(selected),
    memberStarts: Int32Array.from(starts),
    manifest: { snapshotId: id, totals: { families: served.length, individuals }, defects, withheldFamilies: withheld, schemaFailures },
  };
}

export function listingTotal(snapshot: Snapshot, kind: P3keRecordKind): number {
  return kind === 'families' ? snapshot.families.length : snapshot.manifest.totals.individuals;
}

/** The largest k with memberStarts[k] <= position. */
function familyAtPosition(starts: Int32Array, position: number): number {
  let low = 0;
  let high = starts.length - 2;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((starts[mid] ?? 0) <= position) low = mid;
    else high = mid - 1;
  }
  return low;
}

export function readPage(pop: Population, snapshot: Snapshot, kind: P3keRecordKind, startAt: number, pageSize: number): unknown[] {
  const end = Math.min(listingTotal(snapshot, kind), startAt + pageSize);
  const items: unknown[] = [];
  if (startAt >= end) return items;
  if (kind === 'families') {
    for (let p = startAt; p < end; p++) items.push(serveFamily(pop, snapshot.families[p] ?? -1).family);
    return items;
  }
  let k = familyAtPosition(snapshot.memberStarts, startAt);
  let position = snapshot.memberStarts[k] ?? 0;
  while (position < end) {
    const { individuals } = serveFamily(pop, snapshot.memberFamilies[k] ?? -1);
    for (const record of individuals) {
      if (position >= startAt && position < end) items.push(record);
      position++;
    }
    k++;
  }
  return items;
}
