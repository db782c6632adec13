import { defineEntity, type InferEntity } from '@mikro-orm/core';

/** The intervention plan of a campaign, proposed by the rules and decided by a program manager (four-eyes). */
export const InterventionPlanSchema = defineEntity({
  name: 'InterventionPlan',
  tableName: 'intervention_plan',
  properties: (p) => ({
    id: p.string().primary(),
    campaignId: p.string().index(),
    status: p.string().length(24),
    rulesVersion: p.string().length(32),
    proposedBy: p.string(),
    budgetRupiah: p.bigint('number'),
    fundedRupiah: p.bigint('number'),
    deferredRupiah: p.bigint('number'),
    approvedRupiah: p.bigint('number').default(0),
    approvedProgrammes: p.json<string[]>().nullable(),
    decidedBy: p.string().nullable(),
    reason: p.text().nullable(),
    proposedAt: p.datetime(),
    decidedAt: p.datetime().nullable(),
  }),
});
export type InterventionPlanRow = InferEntity<typeof InterventionPlanSchema>;

export const InterventionItemSchema = defineEntity({
  name: 'InterventionItem',
  tableName: 'intervention_item',
  properties: (p) => ({
    planId: p.string().primary(),
    familyId: p.string().primary(),
    programme: p.string().length(32).primary(),
    desaCode: p.string().length(10),
    quantity: p.integer(),
    unitCostRupiah: p.bigint('number'),
    costRupiah: p.bigint('number'),
    priority: p.integer(),
    rank: p.integer(),
    status: p.string().length(16),
    approved: p.boolean().default(false),
    reasons: p.json<string[]>(),
  }),
});
export type InterventionItemRow = InferEntity<typeof InterventionItemSchema>;
