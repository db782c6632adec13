/**
 * A faster yes for the P3KE record schemas (records.ts), which stay the authority. Running zod over 260,000 records
 * is a fifth of the ingest worker's CPU; most records are valid, and saying so needs only a typeof, a Set lookup or
 * one of the schema's own regexes per field. The check is compiled from the zod schema itself (its fields, their
 * types and checks), so the two cannot drift apart, and a schema using anything this file does not understand
 * fails at start-up instead of being checked differently.
 *
 * It answers "zod accepts this record, and here is what zod would return" or "not sure": it never rejects. A
 * record it is not sure about goes to zod, which decides and words the quarantine reason, so what is quarantined,
 * and why, is exactly what zod alone gives (test/activities/ingest-fast-record-check.test.ts runs both over good
 * and bad records).
 */
import type { z } from 'zod';

/**
 * The checks of a schema, grouped by the type of field, each group a loop with its test written out: one call
 * site per type instead of one closure per field (about 1 µs a record against zod's 5 in a micro-benchmark).
 */
interface CompiledChecks {
  booleans: string[];
  enums: { key: string; values: ReadonlySet<string> }[];
  strings: { key: string; minLength: number; patterns: RegExp[] }[];
  numbers: { key: string; integer: boolean; min: number; minInclusive: boolean; max: number; maxInclusive: boolean }[];
}

/** The parts of zod's schema definitions read here (zod/v4/core `_zod.def`); anything else is refused. */
interface CheckDef {
  check?: string;
  minimum?: number;
  format?: string;
  pattern?: RegExp;
  value?: number;
  inclusive?: boolean;
}
interface FieldDef {
  type: string;
  coerce?: boolean;
  format?: string;
  pattern?: RegExp;
  entries?: Record<string, unknown>;
  checks?: { _zod: { def: CheckDef } }[];
}

const defOf = (schema: unknown): FieldDef => (schema as { _zod: { def: FieldDef } })._zod.def;

function unsupported(key: string, what: string): never {
  throw new Error(`record-fast-check: ${key} uses ${what}, which the fast check does not understand; extend it or let zod check alone`);
}

function addString(checks: CompiledChecks, key: string, def: FieldDef): void {
  let minLength = 0;
  const patterns: RegExp[] = [];
  // A string format (z.iso.date()) is itself a check carrying its pattern.
  if (def.format !== undefined) {
    if (!(def.pattern instanceof RegExp)) unsupported(key, `string format ${def.format} without a pattern`);
    patterns.push(def.pattern);
  }
  for (const { _zod } of def.checks ?? []) {
    const c = _zod.def;
    if (c.check === 'min_length' && typeof c.minimum === 'number') minLength = Math.max(minLength, c.minimum);
    else if (c.check === 'string_format' && c.format === 'regex' && c.pattern instanceof RegExp) patterns.push(c.pattern);
    else unsupported(key, `string check ${String(c.check)}`);
  }
  if (patterns.some((p) => p.global || p.sticky)) unsupported(key, 'a global or sticky regex');
  checks.strings.push({ key, minLength, patterns });
}

function addNumber(checks: CompiledChecks, key: string, def: FieldDef): void {
  const check = { key, integer: false, min: -Infinity, minInclusive: true, max: Infinity, maxInclusive: true };
  for (const { _zod } of def.checks ?? []) {
    const c = _zod.def;
    if (c.check === 'number_format' && c.format === 'safeint') check.integer = true;
    else if (c.check === 'greater_than' && typeof c.value === 'number') [check.min, check.minInclusive] = [c.value, c.inclusive === true];
    else if (c.check === 'less_than' && typeof c.value === 'number') [check.max, check.maxInclusive] = [c.value, c.inclusive === true];
    else unsupported(key, `number check ${String(c.check)}`);
  }
  checks.numbers.push(check);
}

function addField(checks: CompiledChecks, key: string, schema: unknown): void {
  const def = defOf(schema);
  if (def.coerce) unsupported(key, 'coercion');
  switch (def.type) {
    case 'string':
      return addString(checks, key, def);
    case 'number':
      return addNumber(checks, key, def);
    case 'boolean':
      if ((def.checks ?? []).length > 0) unsupported(key, 'boolean checks');
      checks.booleans.push(key);
      return;
    case 'enum': {
      if ((def.checks ?? []).length > 0) unsupported(key, 'enum checks');
      const values = Object.values(def.entries ?? {});
      if (values.some((v) => typeof v !== 'string')) unsupported(key, 'a non-string enum');
      checks.enums.push({ key, values: new Set(values as string[]) });
      return;
    }
    default:
      return unsupported(key, `a field of type ${def.type}`);
  }
}

function passes(c: CompiledChecks, record: Record<string, unknown>): boolean {
  for (const key of c.booleans) if (typeof record[key] !== 'boolean') return false;
  for (const { key, values } of c.enums) {
    const v = record[key];
    if (typeof v !== 'string' || !values.has(v)) return false;
  }
  for (const { key, minLength, patterns } of c.strings) {
    const v = record[key];
    if (typeof v !== 'string' || v.length < minLength) return false;
    for (const p of patterns) if (!p.test(v)) return false;
  }
  for (const n of c.numbers) {
    const v = record[n.key];
    if (typeof v !== 'number' || !Number.isFinite(v) || (n.integer && !Number.isSafeInteger(v))) return false;
    if (n.minInclusive ? v < n.min : v <= n.min) return false;
    if (n.maxInclusive ? v > n.max : v >= n.max) return false;
  }
  return true;
}

/**
 * Compiles the fast check of an object schema of plain fields. The returned function gives zod's output for a
 * record it can vouch for (the record itself when it has no other keys, since zod's output would equal it, else a
 * copy without the keys zod strips), and null for any record zod must look at.
 */
export function compileFastRecordCheck<T extends Record<string, unknown>>(schema: z.ZodObject): (raw: unknown) => T | null {
  const def = (schema as unknown as { _zod: { def: { type: string; shape: Record<string, unknown>; catchall?: unknown; checks?: unknown[] } } })._zod.def;
  if (def.type !== 'object' || def.catchall !== undefined || (def.checks ?? []).length > 0) unsupported('(record)', 'object refinements or a catchall');
  const keys = Object.keys(def.shape);
  const checks: CompiledChecks = { booleans: [], enums: [], strings: [], numbers: [] };
  for (const key of keys) addField(checks, key, def.shape[key]);
  return (raw) => {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
    const record = raw as Record<string, unknown>;
    if (!passes(checks, record)) return null;
    // Every key of the schema holds a valid value (none is undefined): as many own keys means no other key.
    if (Object.keys(record).length === keys.length) return record as T;
    const stripped: Record<string, unknown> = {};
    for (const key of keys) stripped[key] = record[key];
    return stripped as T;
  };
}
