/**
 * Simulated officers the benchmarks need: the demo roster in the database, API users (tokens) for the
 * verifiers, and a field result for each family of a package, built as sim/field-actors builds it.
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import { createApiUser } from '../../client/api/auth/users';
import { loadIknArea } from '../../domain/regions';
import type { FieldResult } from '../../domain/field-result';
import { makeFieldResult } from '../../sim/field-actors/field-result-maker';
import { familiesToVisit } from '../../sim/field-actors/package-reader';
import { witaIso } from '../../sim/field-actors/pacing';
import { demoRoster, upsertOfficers } from '../../sim/field-actors/roster';

export const BENCH_SEED = 20240501;

/** The demo roster (1–2 verifiers per desa, a supervisor per kecamatan), idempotent. */
export async function seedRoster(orm: MikroORM): Promise<void> {
  await upsertOfficers(orm, demoRoster(loadIknArea()));
}

export async function officerToken(orm: MikroORM, officerId: string): Promise<string> {
  return (await createApiUser(orm, { id: officerId, name: `Bench officer ${officerId}`, role: 'officer' }, 'bench')).token;
}

/** The results an officer will send for the open families of a package (built before any timing starts). */
export async function resultsForPackage(orm: MikroORM, campaignId: string, packageId: string, round: number): Promise<FieldResult[]> {
  const families = await familiesToVisit(orm, campaignId, packageId);
  const visitedAt = witaIso(Date.now() - 10 * 60_000);
  return families
    .filter((f) => f.status === 'open')
    .map((f) => makeFieldResult({ seed: BENCH_SEED, family: f.family, members: f.members, visitedAt, visit: round }));
}
