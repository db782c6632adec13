import { defineEntity, type InferEntity } from '@mikro-orm/core';

/** The supervisor's queue: a projection of the escalation case workflows, with the decision once made. */
export const EscalationCaseSchema = defineEntity({
  name: 'EscalationCase',
  tableName: 'escalation_case',
  properties: (p) => ({
    campaignId: p.string().primary(),
    familyId: p.string().primary(),
    packageId: p.string(),
    kecamatanCode: p.string().length(6).index(),
    desaCode: p.string().length(10),
    fieldResultVersion: p.integer(),
    mismatchTypes: p.json<string[]>(),
    severitySum: p.integer(),
    level: p.string().length(32),
    status: p.string().length(16),
    decision: p.string().length(16).nullable(),
    decidedBy: p.string().nullable(),
    decidedRole: p.string().nullable(),
    reason: p.text().nullable(),
    openedAt: p.datetime(),
    escalatedAt: p.datetime().nullable(),
    decidedAt: p.datetime().nullable(),
  }),
});
export type EscalationCase = InferEntity<typeof EscalationCaseSchema>;
