import { defineEntity, type InferEntity } from '@mikro-orm/core';

/**
 * Who did what, when, to which record, with the state before and after: every human decision and every read of a
 * family's personal data by a person (UU PDP's record of processing).
 */
export const AuditLogSchema = defineEntity({
  name: 'AuditLog',
  tableName: 'audit_log',
  properties: (p) => ({
    id: p.bigint('number').primary().autoincrement(),
    at: p.datetime().onCreate(() => new Date()),
    actor: p.string(),
    actorRole: p.string().length(32),
    action: p.string().length(64),
    entity: p.string().length(48),
    entityId: p.string(),
    campaignId: p.string().nullable().index(),
    before: p.json<unknown>().nullable(),
    after: p.json<unknown>().nullable(),
  }),
});
export type AuditLogRow = InferEntity<typeof AuditLogSchema>;
