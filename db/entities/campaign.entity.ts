import { defineEntity, type InferEntity } from '@mikro-orm/core';

/** One verification campaign: the mirror in PostgreSQL of the campaign workflow's state, read by the API. */
export const CampaignSchema = defineEntity({
  name: 'Campaign',
  tableName: 'campaign',
  properties: (p) => ({
    id: p.string().primary(),
    name: p.string(),
    status: p.string().length(32),
    phase: p.string().length(32),
    config: p.json<Record<string, unknown>>(),
    snapshotId: p.string().nullable(),
    createdBy: p.string(),
    counts: p.json<Record<string, number>>(),
    /** How many times the registration activity ran; kept so retries are visible, not hidden. */
    registrationAttempts: p.integer().default(0),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
    completedAt: p.datetime().nullable(),
  }),
});
export type Campaign = InferEntity<typeof CampaignSchema>;
