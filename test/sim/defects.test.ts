import { P3keFamilyRecordSchema, P3keIndividualRecordSchema, summarizeIssues } from '../../domain/p3ke/records';
import type { RunningP3keSimulator } from '../../sim/p3ke-api/server';
import type { SnapshotManifest } from '../../sim/p3ke-api/snapshots';
import { call, createSnapshot, IKN_DESA, nikAgrees, readListing, readNik, startSim } from './sim-test-helpers';

type Row = Record<string, unknown>;
type Counts = { families: number; individuals: number };

/** Finds every planted defect in the served records by looking at the records alone, as the ingest would. */
function detectDefects(families: Row[], individuals: Row[]) {
  const found: Record<string, Counts> = {};
  const bump = (kind: string, level: keyof Counts) => ((found[kind] ??= { families: 0, individuals: 0 })[level] += 1);
  const familyIds = new Set(families.map((f) => f.id_keluarga_p3ke));
  const familiesOfNik = new Map<string, Set<unknown>>();

  const check = (row: Row, level: keyof Counts) => {
    const parsed = (level === 'families' ? P3keFamilyRecordSchema : P3keIndividualRecordSchema).safeParse(row);
    if (!parsed.success) {
      bump(summarizeIssues(parsed.error).includes(': missing') ? 'missing_required_field' : 'wrong_type', level);
      return;
    }
    const nik = row.nik as string;
    if (level === 'individuals') {
      if (!familyIds.has(row.id_keluarga_p3ke)) bump('family_missing', level);
      if (!familiesOfNik.has(nik)) familiesOfNik.set(nik, new Set());
      familiesOfNik.get(nik)?.add(row.id_keluarga_p3ke);
    }
    if (level === 'families' && !IKN_DESA.has(row.kode_kemendagri as string)) bump('region_outside_area', level);
    if (readNik(nik) === null) bump('nik_invalid_structure', level);
    else if (!nikAgrees(nik, row.jenis_kelamin, row.tanggal_lahir)) bump('nik_contradicts_record', level);
  };
  families.forEach((f) => check(f, 'families'));
  individuals.forEach((p) => check(p, 'individuals'));
  for (const holders of familiesOfNik.values()) {
    for (let extra = 1; extra < holders.size; extra++) bump('nik_in_two_families', 'individuals');
  }
  return found;
}

describe('planted defects', () => {
  let sim: RunningP3keSimulator;
  beforeAll(async () => {
    sim = await startSim({ families: 3000, defectRate: 0.15, seed: 5 });
  });
  afterAll(() => sim.close());

  it('when every served record is checked, then the defects found equal the manifest, kind by kind', async () => {
    const snapshotId = await createSnapshot(sim);
    const families = await readListing(sim, snapshotId, 'families', 700);
    const individuals = await readListing(sim, snapshotId, 'individuals', 700);
    const manifest = (await call(sim, 'GET', `/_sim/snapshots/${snapshotId}/manifest`)).json as unknown as SnapshotManifest;

    expect(families.items).toHaveLength(manifest.totals.families);
    expect(individuals.items).toHaveLength(manifest.totals.individuals);
    const found = detectDefects(families.items, individuals.items);
    for (const [kind, expected] of Object.entries(manifest.defects)) {
      expect({ kind, ...(found[kind] ?? { families: 0, individuals: 0 }) }).toEqual({ kind, ...expected });
      expect(expected.families + expected.individuals).toBeGreaterThan(0);
    }
    const familiesInIndividuals = new Set(individuals.items.map((p) => p.id_keluarga_p3ke));
    expect(familiesInIndividuals.size).toBe(families.items.length + manifest.withheldFamilies);
    const failing = manifest.defects.missing_required_field.families + manifest.defects.wrong_type.families;
    expect(manifest.schemaFailures.families).toBe(failing);
  });

  it('when only a kecamatan and a desil band are asked for, then its out-of-area and orphan defects are still served', async () => {
    const snapshotId = await createSnapshot(sim, { regionCodes: ['640904'], desilMin: 1, desilMax: 4 });
    const families = await readListing(sim, snapshotId, 'families');
    const individuals = await readListing(sim, snapshotId, 'individuals');
    const manifest = (await call(sim, 'GET', `/_sim/snapshots/${snapshotId}/manifest`)).json as unknown as SnapshotManifest;
    const found = detectDefects(families.items, individuals.items);
    expect(found.region_outside_area?.families ?? 0).toBe(manifest.defects.region_outside_area.families);
    expect(found.family_missing?.individuals ?? 0).toBe(manifest.defects.family_missing.individuals);
    expect(manifest.defects.region_outside_area.families).toBeGreaterThan(0);
    const located = families.items.filter((f) => IKN_DESA.has(f.kode_kemendagri as string));
    expect(located.every((f) => (f.kode_kemendagri as string).startsWith('640904'))).toBe(true);
    expect(families.items.every((f) => f.kecamatan === 'Sepaku')).toBe(true);
  });

  it('when the defect rate is 0, then no defect of any kind is found or counted', async () => {
    const clean = await startSim({ families: 800, defectRate: 0 });
    try {
      const snapshotId = await createSnapshot(clean);
      const found = detectDefects((await readListing(clean, snapshotId, 'families')).items, (await readListing(clean, snapshotId, 'individuals')).items);
      expect(found).toEqual({});
      const manifest = clean.manifest(snapshotId);
      expect(Object.values(manifest?.defects ?? {}).every((c) => c.families === 0 && c.individuals === 0)).toBe(true);
    } finally {
      await clean.close();
    }
  });

  it('when a record fails its schema, then the reason names fields and codes but no values', async () => {
    const snapshotId = await createSnapshot(sim);
    const { items } = await readListing(sim, snapshotId, 'individuals');
    const reasons = items
      .map((p) => P3keIndividualRecordSchema.safeParse(p))
      .flatMap((r, k) => (r.success ? [] : [{ reason: summarizeIssues(r.error), row: items[k] as Row }]));
    expect(reasons.length).toBeGreaterThan(0);
    for (const { reason, row } of reasons) {
      expect(reason).toMatch(/^[a-z_]+: (missing|invalid_type)$/);
      for (const value of [row.nik, row.nama, row.tanggal_lahir]) if (value !== undefined) expect(reason).not.toContain(String(value));
    }
  });
});
