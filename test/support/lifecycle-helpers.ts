/**
 * Small helpers for lifecycle tests on the real stack: a roster row, waiting for the database projection to reach
 * a state, and a minimal valid field result for outcomes that need no household facts.
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import type { FieldResult } from '../../domain/field-result';
import type { VisitOutcome } from '../../domain/p3ke/value-lists';

export interface TestOfficer {
  id: string;
  role: 'field_verifier' | 'supervisor';
  kecamatanCode: string;
  desaCoverage: string[];
  dailyCapacity?: number;
}

export async function insertOfficers(orm: MikroORM, officers: TestOfficer[]): Promise<void> {
  const rows = officers.map((o) => ({
    id: o.id,
    name: `Petugas ${o.id}`,
    role: o.role,
    kecamatan_code: o.kecamatanCode,
    desa_coverage: o.desaCoverage,
    daily_capacity: o.dailyCapacity ?? 20,
    available: true,
    updated_at: new Date().toISOString(),
  }));
  await orm.em
    .fork()
    .getConnection()
    .execute(
      `insert into officer select * from json_populate_recordset(null::officer, ?::json)
       on conflict (id) do update set available = true, desa_coverage = excluded.desa_coverage`,
      [JSON.stringify(rows)],
    );
}

export async function waitUntil<T>(probe: () => Promise<T | undefined | null | false>, timeoutMs = 60_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export const rows = <T>(orm: MikroORM, sql: string, params: unknown[] = []): Promise<T[]> => orm.em.fork().getConnection().execute<T[]>(sql, params);

/** A visit that found nobody to interview: valid without members, housing or programmes. */
export function visitWithoutHousehold(familyId: string, outcome: Exclude<VisitOutcome, 'verified'>, visitedAt = new Date().toISOString()): FieldResult {
  return {
    familyId,
    outcome,
    members: [],
    housing: null,
    programmes: null,
    stunting: null,
    gps: { lat: -0.98, lon: 116.7 },
    photos: [{ kind: 'house_front', ref: `upload:${familyId}/house_front` }],
    note: 'rumah kosong saat kunjungan',
    visitedAt,
  };
}
