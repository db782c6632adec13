/**
 * The demo's API users, one per kind of person, so whoever runs the tour can act as each through the API, the CLI,
 * the officer page and the dashboard: the two program managers of the four-eyes rule, the supervisor of the first
 * kecamatan, the first verifier of the roster, and an admin (codec endpoint, audit log). Idempotent across runs:
 * a user that exists keeps its id and role and gets a fresh token (tokens are stored only as hashes, so an old one
 * cannot be shown again).
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import { ApiUserSchema, type ApiRole } from '../../db/entities/api-user.entity';
import { createApiUser, rotateApiToken, type NewApiUser } from '../../client/api/auth/users';
import { demoUsers, type RosterOfficer } from '../../sim/field-actors/roster';

export interface DemoUserToken {
  id: string;
  role: ApiRole;
  /** What this user is for, in the printed list. */
  purpose: string;
  token: string;
}

const BY = 'demo';

/** The users for this roster; throws when the roster has no supervisor or no verifier to stand for. */
export function demoApiUsers(roster: readonly RosterOfficer[]): (NewApiUser & { purpose: string })[] {
  const pm = demoUsers();
  const supervisor = roster.find((o) => o.role === 'supervisor');
  const verifier = roster.find((o) => o.role === 'field_verifier');
  if (!supervisor || !verifier) throw new Error('the demo roster needs a supervisor and a field verifier');
  return [
    { id: pm.starter.id, name: pm.starter.name, role: 'program_manager', allAreas: true, purpose: 'starts the campaigns (may not approve their plans)' },
    { id: pm.approver.id, name: pm.approver.name, role: 'program_manager', allAreas: true, purpose: 'approves or rejects plans; the dashboard' },
    { id: supervisor.id, name: supervisor.name, role: 'supervisor', kecamatanCodes: [supervisor.kecamatanCode], purpose: `escalations of kecamatan ${supervisor.kecamatanCode}` },
    { id: verifier.id, name: verifier.name, role: 'officer', purpose: `field verifier of desa ${verifier.desaCoverage.join(', ')}; the officer page` },
    { id: 'admin-demo', name: 'Admin (demo)', role: 'admin', purpose: 'Web UI codec sign-in, audit log, officers' },
  ];
}

/** Creates the users that are missing and rotates the others' tokens; returns every token. */
export async function ensureDemoUsers(orm: MikroORM, roster: readonly RosterOfficer[]): Promise<DemoUserToken[]> {
  const tokens: DemoUserToken[] = [];
  for (const { purpose, ...user } of demoApiUsers(roster)) {
    const exists = await orm.em.fork().findOne(ApiUserSchema, { id: user.id });
    const token = exists ? await rotateApiToken(orm, user.id, BY) : (await createApiUser(orm, user, BY)).token;
    tokens.push({ id: user.id, role: user.role, purpose, token });
  }
  return tokens;
}
