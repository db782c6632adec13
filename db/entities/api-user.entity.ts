import { defineEntity, type InferEntity } from '@mikro-orm/core';

/** Who may call the HTTP API (client/api/README.md, "Auth model"). */
export const API_ROLES = ['program_manager', 'supervisor', 'officer', 'admin'] as const;
export type ApiRole = (typeof API_ROLES)[number];

/**
 * A user of the HTTP API. An officer's id is their officer.id in the roster, so the packages assigned to that
 * officer are theirs. Only the SHA-256 of the bearer token is stored: the token is 32 random bytes, so a fast hash
 * is enough (there is no low-entropy secret to stretch) and a lookup by hash is one index probe.
 */
export const ApiUserSchema = defineEntity({
  name: 'ApiUser',
  tableName: 'api_user',
  properties: (p) => ({
    id: p.string().primary(),
    name: p.text(),
    role: p.string().length(32),
    /** The whole area (every kecamatan and desa): program managers and admins, never officers. */
    allAreas: p.boolean().default(false),
    /** Kecamatan (6 digits) in scope: a supervisor's kecamatan decides which cases they see. */
    kecamatanCodes: p.json<string[]>(),
    /** Desa (10 digits) in scope, beside whole kecamatan. */
    desaCodes: p.json<string[]>(),
    /** Hex SHA-256 of the bearer token; the token itself is shown once and never stored. */
    tokenHash: p.string().length(64).unique(),
    createdAt: p.datetime().onCreate(() => new Date()),
    disabled: p.boolean().default(false),
  }),
});
export type ApiUser = InferEntity<typeof ApiUserSchema>;
