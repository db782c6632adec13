/**
 * The fast record check (domain/p3ke/record-fast-check.ts) against zod, the authority: over the simulator's records
 * (good ones and every planted defect) and over systematic mutations of every field, whatever the fast check
 * vouches for zod accepts with the same output, and whatever zod rejects the fast check leaves to zod. Then the
 * ingest's page validation with the fast check equals a validation with zod alone, reasons included.
 */
import type { z } from 'zod';
import { compileFastRecordCheck } from '../../domain/p3ke/record-fast-check';
import { P3keFamilyRecordSchema, P3keIndividualRecordSchema, summarizeIssues } from '../../domain/p3ke/records';
import { QUARANTINE_REASONS, validatePage } from '../../activities/ingest/validate-page';
import { DEFECT_KINDS } from '../../sim/p3ke-api/defects';
import { createPopulation } from '../../sim/p3ke-api/population';
import { serveFamily } from '../../sim/p3ke-api/served-records';

type Row = Record<string, unknown>;

const LISTINGS = [
  { kind: 'families' as const, schema: P3keFamilyRecordSchema, idKey: 'id_keluarga_p3ke' },
  { kind: 'individuals' as const, schema: P3keIndividualRecordSchema, idKey: 'id_individu' },
];

/** Served records of a population where a third of the records carry a planted defect, of every kind. */
function servedRecords(): { families: Row[]; individuals: Row[] } {
  const pop = createPopulation({ seed: 7, families: 1500, defectRate: 0.35, defectKinds: DEFECT_KINDS, asOf: '2025-07-01' });
  const families: Row[] = [];
  const individuals: Row[] = [];
  for (let i = 0; i < pop.size; i += 1) {
    const served = serveFamily(pop, i);
    if (served.family) families.push(served.family);
    individuals.push(...served.individuals);
  }
  return { families, individuals };
}

/** Values that break, or nearly break, one field of some type: wrong types, edges of ranges, formats, lengths. */
const WRONG_VALUES: unknown[] = [
  undefined, null, true, false, 0, 1, 10, 11, -1, 1.5, 3.0000001, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, '',
  '3', 'L', 'P', 'l', 'x', 'anak', 'Anak', 'kepala_keluarga ', 'kawin', 'sd', 'petani', 'milik_sendiri', 'genteng',
  'tembok', 'semen', 'leding', 'sendiri_septic_tank', 'gas_elpiji', 'listrik_pln_meteran', '6409042001', '640904200',
  '64090420011', '640904200a', ' 6409042001', '6409042001\n', '٦٤٠٩٠٤٢٠٠١', '2024-02-29', '2023-02-29', '2024-02-30',
  '2024-13-01', '2024-00-10', '2024-1-01', '2024-01-01T00:00:00Z', '20240101', '0000-01-01', '9999-12-31', 45123, [],
  {}, ['a'], { a: 1 }, 'Ya',
];

/** Each record with one field changed to each wrong value, or removed, plus extra keys and non-objects. */
function mutations(records: readonly Row[], schema: z.ZodObject): unknown[] {
  const keys = Object.keys(schema.shape);
  const out: unknown[] = [null, undefined, 'record', 42, [], [records[0]], true];
  records.slice(0, 12).forEach((record, n) => {
    const key = keys[n % keys.length] as string;
    for (const other of keys) {
      for (const value of WRONG_VALUES) out.push({ ...record, [other]: value });
      const { [other]: _dropped, ...without } = record;
      out.push(without);
    }
    out.push({ ...record, extra_column: 'added by the service' });
    out.push({ ...record, [key]: record[key], __proto__: { injected: true } });
    out.push(Object.assign(Object.create(null) as Row, record));
  });
  return out;
}

/** The record with its keys in one order, so two equal records serialise alike. */
const sortedKeys = (record: Row): Row => Object.fromEntries(Object.keys(record).sort().map((k) => [k, record[k]]));

describe('fast record check against zod', () => {
  const served = servedRecords();

  it.each(LISTINGS)('when $kind records are good or carry planted defects, then the fast check vouches only for what zod accepts, with the same output', ({ kind, schema }) => {
    const fast = compileFastRecordCheck<Row>(schema);
    let vouched = 0;
    let zodAccepted = 0;
    for (const raw of served[kind]) {
      const byZod = schema.safeParse(raw);
      const byFast = fast(raw);
      if (byZod.success) zodAccepted += 1;
      if (byFast === null) continue;
      vouched += 1;
      expect(byZod.success).toBe(true);
      expect(byFast).toEqual(byZod.data);
    }
    // The planted schema defects are there, and the fast check is worth having: it vouches for every valid record.
    expect(zodAccepted).toBeLessThan(served[kind].length);
    expect(vouched).toBe(zodAccepted);
  });

  it.each(LISTINGS)('when $kind records are mutated field by field, then every record zod rejects is left to zod, and what is vouched for zod accepts alike', ({ kind, schema }) => {
    const fast = compileFastRecordCheck<Row>(schema);
    const records = mutations(served[kind], schema);
    let rejected = 0;
    const disagreements: unknown[] = [];
    for (const raw of records) {
      const byZod = schema.safeParse(raw);
      const byFast = fast(raw);
      if (!byZod.success) {
        rejected += 1;
        if (byFast !== null) disagreements.push({ raw, zod: 'rejects', fast: 'vouches' });
      } else if (byFast !== null && JSON.stringify(sortedKeys(byFast)) !== JSON.stringify(sortedKeys(byZod.data))) {
        disagreements.push({ raw, zod: byZod.data, fast: byFast });
      }
    }
    expect(disagreements).toEqual([]);
    expect(rejected).toBeGreaterThan(records.length / 2);
  });

  it.each(LISTINGS)('when a page of $kind is validated, then it stores and quarantines exactly what zod alone would, for the same reasons', ({ kind, schema, idKey }) => {
    const items = [...served[kind].slice(0, 800), ...mutations(served[kind], schema).slice(0, 3000), served[kind][0]];
    const page = validatePage(kind, items, 100);
    // The same page by zod alone, as validate-page did before the fast check.
    const seen = new Set<string>();
    const expected = { valid: [] as unknown[], quarantined: [] as unknown[] };
    items.forEach((raw, index) => {
      const position = 100 + index;
      const parsed = schema.safeParse(raw);
      if (!parsed.success) {
        expected.quarantined.push({ position, reasonCode: QUARANTINE_REASONS.schema, reason: summarizeIssues(parsed.error) });
        return;
      }
      const id = (parsed.data as Row)[idKey] as string;
      if (seen.has(id)) {
        expected.quarantined.push({ position, reasonCode: QUARANTINE_REASONS.duplicateId, reason: `${idKey} repeats an earlier record` });
        return;
      }
      seen.add(id);
      expected.valid.push({ position, id, record: parsed.data });
    });
    expect(page.valid).toEqual(expected.valid);
    expect(page.quarantined.map(({ position, reasonCode, reason }) => ({ position, reasonCode, reason }))).toEqual(expected.quarantined);
    expect(page.quarantined.length).toBeGreaterThan(1000);
  });

  it('when a schema uses a check the fast check does not know, then compiling it fails instead of checking less', async () => {
    const { z: zod } = await import('zod');
    expect(() => compileFastRecordCheck(zod.object({ id: zod.string().email() }))).toThrow(/does not understand/);
    expect(() => compileFastRecordCheck(zod.object({ id: zod.string().max(3) }))).toThrow(/does not understand/);
    expect(() => compileFastRecordCheck(zod.object({ n: zod.number().multipleOf(2) }))).toThrow(/does not understand/);
    expect(() => compileFastRecordCheck(zod.object({ n: zod.string().optional() }))).toThrow(/does not understand/);
    expect(() => compileFastRecordCheck(zod.object({ n: zod.coerce.number() }))).toThrow(/does not understand/);
    expect(() => compileFastRecordCheck(zod.object({ n: zod.string() }).refine(() => true))).toThrow(/does not understand/);
  });
});
