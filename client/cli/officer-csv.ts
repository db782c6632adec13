/**
 * The officer roster as CSV: `id,name,role,kecamatan_code,desa_coverage,daily_capacity,available`, desa coverage
 * semicolon-separated. Parsed and validated row by row; any bad row fails the whole file (nothing is imported).
 */
import { z } from 'zod';
import { OFFICER_ROLES } from '../../db/entities/officer.entity';
import type { RosterOfficer } from '../../sim/field-actors/roster';

export const ROSTER_COLUMNS = ['id', 'name', 'role', 'kecamatan_code', 'desa_coverage', 'daily_capacity', 'available'] as const;

export class RosterCsvError extends Error {
  override name = 'RosterCsvError';
}

const officerRow = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{1,63}$/, 'an officer id is 2–64 letters, digits and . _ : -'),
    name: z.string().trim().min(1, 'a name is required').max(120),
    role: z.enum(OFFICER_ROLES, { message: `a role is one of ${OFFICER_ROLES.join(', ')}` }),
    kecamatan_code: z.string().regex(/^\d{6}$/, 'a kecamatan code has 6 digits'),
    desa_coverage: z
      .string()
      .transform((v) => v.split(';').map((d) => d.trim()).filter((d) => d.length > 0))
      .pipe(z.array(z.string().regex(/^\d{10}$/, 'a desa code has 10 digits'))),
    daily_capacity: z.string().regex(/^\d+$/, 'daily capacity is a whole number').transform(Number).pipe(z.number().int().min(0).max(500)),
    available: z.enum(['true', 'false', 'yes', 'no', '1', '0'], { message: 'available is true or false' }).transform((v) => ['true', 'yes', '1'].includes(v)),
  })
  .refine((r) => r.role !== 'field_verifier' || r.desa_coverage.length > 0, { message: 'a field verifier covers at least one desa', path: ['desa_coverage'] })
  // Checks of the whole row run even when a field failed (zod 4): look only at well-formed codes, so one mistake is reported once.
  .refine((r) => r.desa_coverage.every((d) => !/^\d{10}$/.test(d) || !/^\d{6}$/.test(r.kecamatan_code) || d.startsWith(r.kecamatan_code)), { message: 'every desa code lies in the kecamatan', path: ['desa_coverage'] });

/** One CSV line into fields: commas separate, double quotes quote (a doubled quote is a quote). */
export function splitCsvLine(line: string): string[] | null {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line.charAt(i);
    if (quoted) {
      if (ch === '"' && line.charAt(i + 1) === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field.length === 0) quoted = true;
    else if (ch === ',') {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  if (quoted) return null;
  fields.push(field);
  return fields;
}

/** The whole file or a RosterCsvError naming the first bad line (1-based, the header is line 1). */
export function parseRosterCsv(text: string, fileName = 'roster'): RosterOfficer[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = splitCsvLine(lines[0] ?? '')?.map((h) => h.trim().toLowerCase());
  if (header?.join(',') !== ROSTER_COLUMNS.join(',')) {
    throw new RosterCsvError(`${fileName} line 1: the header must be ${ROSTER_COLUMNS.join(',')}`);
  }
  const officers: RosterOfficer[] = [];
  const seen = new Set<string>();
  lines.slice(1).forEach((line, index) => {
    const lineNo = index + 2;
    if (line.trim() === '') return;
    const fields = splitCsvLine(line);
    if (!fields) throw new RosterCsvError(`${fileName} line ${lineNo}: unterminated quote`);
    if (fields.length !== ROSTER_COLUMNS.length) throw new RosterCsvError(`${fileName} line ${lineNo}: ${fields.length} fields, expected ${ROSTER_COLUMNS.length}`);
    const raw = Object.fromEntries(ROSTER_COLUMNS.map((c, i) => [c, (fields[i] ?? '').trim()]));
    const parsed = officerRow.safeParse(raw);
    if (!parsed.success) {
      throw new RosterCsvError(`${fileName} line ${lineNo}: ${parsed.error.issues.map((i) => `${String(i.path[0] ?? 'row')}: ${i.message}`).join('; ')}`);
    }
    const r = parsed.data;
    if (seen.has(r.id)) throw new RosterCsvError(`${fileName} line ${lineNo}: officer ${r.id} appears twice`);
    seen.add(r.id);
    officers.push({ id: r.id, name: r.name, role: r.role, kecamatanCode: r.kecamatan_code, desaCoverage: r.desa_coverage, dailyCapacity: r.daily_capacity, available: r.available });
  });
  return officers;
}
