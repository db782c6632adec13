/**
 * API users: created by an admin command (scripts/create-user.ts, and the tests), found by the hash of their token.
 * The token is returned once, at creation or rotation, and never stored.
 */
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { API_ROLES, ApiUserSchema, type ApiRole, type ApiUser } from '../../../db/entities/api-user.entity';
import { OfficerSchema } from '../../../db/entities/officer.entity';
import { recordAudit } from '../../../db/repositories/audit-repository';
import { preparedRows, preparedStatement } from '../../../db/prepared-sql';
import type { AreaScope } from './area-scope';
import { generateToken, hashToken, looksLikeToken } from './tokens';

export interface AuthUser {
  id: string;
  name: string;
  role: ApiRole;
  scope: AreaScope;
}

export const newUserSchema = z
  .strictObject({
    id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{1,63}$/, 'a user id is 2–64 letters, digits and . _ : -'),
    name: z.string().trim().min(1).max(120),
    role: z.enum(API_ROLES),
    allAreas: z.boolean().default(false),
    kecamatanCodes: z.array(z.string().regex(/^\d{6}$/, 'a kecamatan code has 6 digits')).max(200).default([]),
    desaCodes: z.array(z.string().regex(/^\d{10}$/, 'a desa code has 10 digits')).max(2000).default([]),
  })
  .refine((u) => !(u.role === 'officer' && u.allAreas), { message: 'an officer works on their own packages, not the whole area', path: ['allAreas'] })
  .refine((u) => !['supervisor', 'program_manager'].includes(u.role) || u.allAreas || u.kecamatanCodes.length + u.desaCodes.length > 0, {
    message: 'a supervisor or program manager needs an area: the whole area, or kecamatan or desa codes',
    path: ['kecamatanCodes'],
  })
  // Admins watch every workflow in the Temporal Web UI: their scope is the whole area.
  .transform((u) => (u.role === 'admin' ? { ...u, allAreas: true } : u));
export type NewApiUser = z.input<typeof newUserSchema>;

export class UserSetupError extends Error {
  override name = 'UserSetupError';
}

const toAuthUser = (u: ApiUser): AuthUser => ({
  id: u.id,
  name: u.name,
  role: u.role as ApiRole,
  scope: { allAreas: u.allAreas, kecamatanCodes: u.kecamatanCodes, desaCodes: u.desaCodes },
});

/** Creates the user and returns its token (the only time it is visible). `by` is the admin who ran the command. */
export async function createApiUser(orm: MikroORM, input: NewApiUser, by = 'admin-cli'): Promise<{ user: AuthUser; token: string }> {
  const parsed = newUserSchema.safeParse(input);
  if (!parsed.success) {
    throw new UserSetupError(parsed.error.issues.map((i) => `${i.path.join('.') || 'user'}: ${i.message}`).join('; '));
  }
  const u = parsed.data;
  const token = generateToken();
  const user = await orm.em.fork().transactional(async (em) => {
    if (await em.findOne(ApiUserSchema, { id: u.id })) throw new UserSetupError(`user ${u.id} already exists (use --rotate for a new token)`);
    if (u.role === 'officer' && !(await em.findOne(OfficerSchema, { id: u.id }))) {
      throw new UserSetupError(`officer ${u.id} is not in the roster: an officer user's id is their officer id`);
    }
    const row = em.create(ApiUserSchema, { ...u, tokenHash: hashToken(token), disabled: false });
    recordAudit(em, { actor: by, actorRole: 'admin', action: 'api.user.create', entity: 'api_user', entityId: u.id, after: { role: u.role, allAreas: u.allAreas, kecamatanCodes: u.kecamatanCodes, desaCodes: u.desaCodes } });
    return row;
  });
  return { user: toAuthUser(user), token };
}

/** A new token for an existing user; the old one stops working at once. */
export async function rotateApiToken(orm: MikroORM, id: string, by = 'admin-cli'): Promise<string> {
  const token = generateToken();
  await orm.em.fork().transactional(async (em) => {
    const user = await em.findOne(ApiUserSchema, { id });
    if (!user) throw new UserSetupError(`user ${id} does not exist`);
    user.tokenHash = hashToken(token);
    recordAudit(em, { actor: by, actorRole: 'admin', action: 'api.user.rotate_token', entity: 'api_user', entityId: id });
  });
  return token;
}

interface TokenUserRow {
  id: string;
  name: string;
  role: string;
  all_areas: boolean;
  kecamatan_codes: string[];
  desa_codes: string[];
}

/** Prepared once per connection (db/prepared-sql.ts): every authenticated request runs it. */
const TOKEN_USER = preparedStatement(
  'api-token-user',
  'select id, name, role, all_areas, kecamatan_codes, desa_codes from api_user where token_hash = ? and disabled = false',
);

/**
 * The enabled user holding this token, or null. Read on every request (a disabled user is refused at once, so no
 * cache), and as one plain statement rather than em.findOne: the entity manager's query building and hydration
 * were the larger part of the lookup's CPU on every authenticated request (bench/field-result-round-trip.ts).
 */
export async function findUserByToken(em: EntityManager, token: string): Promise<AuthUser | null> {
  if (!looksLikeToken(token)) return null;
  const [row] = await preparedRows<TokenUserRow>(em, TOKEN_USER, [hashToken(token)]);
  return row
    ? { id: row.id, name: row.name, role: row.role as ApiRole, scope: { allAreas: row.all_areas, kecamatanCodes: row.kecamatan_codes, desaCodes: row.desa_codes } }
    : null;
}
