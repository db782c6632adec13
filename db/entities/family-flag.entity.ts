import { defineEntity, type InferEntity } from '@mikro-orm/core';

/** A finding of the pre-verification checks on one family (or one of its members), written set-based by SQL. */
export const FamilyFlagSchema = defineEntity({
  name: 'FamilyFlag',
  tableName: 'family_flag',
  properties: (p) => ({
    campaignId: p.string().primary(),
    familyId: p.string().primary(),
    code: p.string().length(48).primary(),
    /** The member concerned, or '' for a flag about the family as a whole. */
    individualId: p.string().primary().default(''),
    severity: p.smallint(),
    reason: p.text(),
  }),
  indexes: [{ properties: ['campaignId', 'code'] }],
});
export type FamilyFlag = InferEntity<typeof FamilyFlagSchema>;
