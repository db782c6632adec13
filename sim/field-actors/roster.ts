/**
 * The demo roster: synthetic field verifiers and kecamatan supervisors for a campaign area, and the two program
 * managers of the four-eyes rule. Deterministic for a seed, so a demo and its tests see the same people.
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import type { OfficerRole } from '../../db/entities/officer.entity';
import type { JenisKelamin } from '../../domain/p3ke/value-lists';
import { loadIknArea, type Desa, type Kecamatan } from '../../domain/regions';
import { personName } from '../p3ke-api/names';
import { createRng, hashString } from '../p3ke-api/prng';

export interface RosterOfficer {
  id: string;
  name: string;
  role: OfficerRole;
  kecamatanCode: string;
  desaCoverage: string[];
  dailyCapacity: number;
  available: boolean;
}

export interface RosterOptions {
  seed?: number;
  /** Share of desa with a second verifier (the rest have one). */
  secondVerifierShare?: number;
  /** Share of verifiers who also cover the next desa of their kecamatan. */
  neighbourCoverageShare?: number;
}

export const ROSTER_DEFAULTS = { seed: 20240601, secondVerifierShare: 0.4, neighbourCoverageShare: 0.2 } as const;
export const DAILY_CAPACITY = { min: 15, max: 30 } as const;

export const verifierId = (desaCode: string, n: number): string => `ver-${desaCode}-${n}`;
export const supervisorId = (kecamatanCode: string): string => `sup-${kecamatanCode}`;

/** The program managers: one starts campaigns (and so may not approve their plans), the other approves. */
export function demoUsers() {
  return {
    starter: { id: 'pm-starter', role: 'program_manager', name: 'Manajer Program (pemulai kampanye)' },
    approver: { id: 'pm-approver', role: 'program_manager', name: 'Manajer Program (pemberi persetujuan)' },
  } as const;
}

/** 1–2 verifiers per desa, sometimes covering a neighbouring desa of the same kecamatan; one supervisor per kecamatan. */
export function demoRoster(
  area: { kecamatan: readonly Kecamatan[]; desa: readonly Desa[] } = loadIknArea(),
  options: RosterOptions = {},
): RosterOfficer[] {
  const o = { ...ROSTER_DEFAULTS, ...options };
  const officers: RosterOfficer[] = [];
  const kecamatanCodes = [...new Set([...area.kecamatan.map((k) => k.code), ...area.desa.map((d) => d.kecamatanCode)])].sort();
  for (const kecamatanCode of kecamatanCodes) {
    // One generator per kecamatan: adding a kecamatan to the area leaves the others' people unchanged.
    const rng = createRng(hashString(`${o.seed}:${kecamatanCode}`));
    const desa = area.desa.filter((d) => d.kecamatanCode === kecamatanCode).map((d) => d.code).sort();
    const sex = (): JenisKelamin => (rng.chance(0.5) ? 'L' : 'P');
    officers.push({ id: supervisorId(kecamatanCode), name: personName(rng, sex()), role: 'supervisor', kecamatanCode, desaCoverage: [], dailyCapacity: 0, available: true });
    desa.forEach((desaCode, i) => {
      const count = rng.chance(o.secondVerifierShare) ? 2 : 1;
      for (let n = 1; n <= count; n++) {
        const neighbour = desa[i + 1] ?? desa[i - 1];
        const coverage = neighbour !== undefined && rng.chance(o.neighbourCoverageShare) ? [desaCode, neighbour] : [desaCode];
        officers.push({
          id: verifierId(desaCode, n),
          name: personName(rng, sex()),
          role: 'field_verifier',
          kecamatanCode,
          desaCoverage: coverage,
          dailyCapacity: rng.int(DAILY_CAPACITY.min, DAILY_CAPACITY.max),
          available: true,
        });
      }
    });
  }
  return officers;
}

/**
 * Writes the roster in one statement. Idempotent: a row that already holds these values is left untouched
 * (updated_at included), so importing the same roster twice changes nothing. Returns the rows written.
 */
export async function upsertOfficers(orm: MikroORM, officers: readonly RosterOfficer[]): Promise<number> {
  if (officers.length === 0) return 0;
  const rows = officers.map((o) => ({
    id: o.id,
    name: o.name,
    role: o.role,
    kecamatan_code: o.kecamatanCode,
    desa_coverage: o.desaCoverage,
    daily_capacity: o.dailyCapacity,
    available: o.available,
  }));
  const result = await orm.em.fork().getConnection().execute<{ affectedRows: number }>(
    `insert into officer (id, name, role, kecamatan_code, desa_coverage, daily_capacity, available, updated_at)
     select r.id, r.name, r.role, r.kecamatan_code, r.desa_coverage, r.daily_capacity, r.available, now()
     from json_populate_recordset(null::officer, ?::json) r
     on conflict (id) do update set
       name = excluded.name, role = excluded.role, kecamatan_code = excluded.kecamatan_code,
       desa_coverage = excluded.desa_coverage, daily_capacity = excluded.daily_capacity,
       available = excluded.available, updated_at = excluded.updated_at
     where (officer.name, officer.role, officer.kecamatan_code, officer.desa_coverage, officer.daily_capacity, officer.available)
       is distinct from (excluded.name, excluded.role, excluded.kecamatan_code, excluded.desa_coverage, excluded.daily_capacity, excluded.available)`,
    [JSON.stringify(rows)],
    'run',
  );
  return result.affectedRows;
}
