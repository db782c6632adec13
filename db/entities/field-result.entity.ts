import { defineEntity, type InferEntity } from '@mikro-orm/core';

/**
 * Every version of every field result. A correction is a new version, never an overwrite; the submission id the
 * client chose is unique, so a retried submission finds its first write instead of making a second, and the same
 * id sent for another family or package is refused (activities/field), never taken for a resend.
 */
export const FieldResultSchema = defineEntity({
  name: 'FieldResult',
  tableName: 'field_result',
  properties: (p) => ({
    campaignId: p.string().primary(),
    familyId: p.string().primary(),
    version: p.integer().primary(),
    submissionId: p.string().unique(),
    packageId: p.string(),
    officerId: p.string(),
    outcome: p.string().length(16),
    /** The validated result as submitted (personal data). */
    payload: p.json<Record<string, unknown>>(),
    rulesVersion: p.string().length(32),
    submittedAt: p.datetime(),
  }),
});
export type FieldResultRow = InferEntity<typeof FieldResultSchema>;

/** Mismatches between one result version and the P3KE record: codes, severities and counts only. */
export const MismatchSchema = defineEntity({
  name: 'Mismatch',
  tableName: 'mismatch',
  properties: (p) => ({
    campaignId: p.string().primary(),
    familyId: p.string().primary(),
    version: p.integer().primary(),
    type: p.string().length(48).primary(),
    severity: p.smallint(),
    detail: p.json<Record<string, unknown>>(),
    desaCode: p.string().length(10),
  }),
  indexes: [{ properties: ['campaignId', 'type'] }],
});
export type MismatchRow = InferEntity<typeof MismatchSchema>;
