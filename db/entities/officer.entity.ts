import { defineEntity, type InferEntity } from '@mikro-orm/core';

export const OFFICER_ROLES = ['field_verifier', 'supervisor'] as const;
export type OfficerRole = (typeof OFFICER_ROLES)[number];

/** The field roster: who verifies which desa, how many families a day, and whether they can take work now. */
export const OfficerSchema = defineEntity({
  name: 'Officer',
  tableName: 'officer',
  properties: (p) => ({
    id: p.string().primary(),
    name: p.text(),
    role: p.string().length(32),
    /** Kecamatan (6 digits) a supervisor answers for; for verifiers, the kecamatan of their desa. */
    kecamatanCode: p.string().length(6),
    /** Desa codes (10 digits) a field verifier covers. */
    desaCoverage: p.json<string[]>(),
    dailyCapacity: p.integer(),
    available: p.boolean().default(true),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  }),
});
export type Officer = InferEntity<typeof OfficerSchema>;
