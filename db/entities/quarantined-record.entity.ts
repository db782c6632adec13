import { defineEntity, type InferEntity } from '@mikro-orm/core';

/**
 * A fetched record that could not be stored, with the reason. Keyed by its position in the snapshot so that
 * re-running a page quarantines nothing twice; together with the stored rows it accounts for every record fetched.
 */
export const QuarantinedRecordSchema = defineEntity({
  name: 'QuarantinedRecord',
  tableName: 'quarantined_record',
  properties: (p) => ({
    campaignId: p.string().primary(),
    kind: p.string().length(16).primary(),
    sourcePosition: p.integer().primary(),
    /** The record's own id when it had a readable one. */
    sourceId: p.string().nullable(),
    reasonCode: p.string().length(48),
    reason: p.text(),
    /** The record as received, for the data steward who corrects it. Personal data: never logged. */
    raw: p.json<unknown>(),
    quarantinedAt: p.datetime().onCreate(() => new Date()),
  }),
});
export type QuarantinedRecord = InferEntity<typeof QuarantinedRecordSchema>;
