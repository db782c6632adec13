import { z } from 'zod';
import { isoDateTime, requestIdSchema } from './common';

const totals = {
  families: z.number(),
  items: z.number(),
  costRupiah: z.number(),
  fundedItems: z.number(),
  fundedRupiah: z.number(),
  approvedItems: z.number(),
  approvedRupiah: z.number(),
};

export const planResponse = z.object({
  plan: z.object({
    planId: z.string(),
    campaignId: z.string(),
    status: z.string().describe('proposed, approved, partially_approved, rejected or expired'),
    rulesVersion: z.string(),
    proposedBy: z.string(),
    budgetRupiah: z.number(),
    fundedRupiah: z.number(),
    deferredRupiah: z.number(),
    approvedRupiah: z.number(),
    approvedProgrammes: z.array(z.string()).nullable(),
    decidedBy: z.string().nullable(),
    reason: z.string().nullable(),
    proposedAt: isoDateTime,
    decidedAt: isoDateTime.nullable(),
  }),
  totals: z.object(totals),
  byProgramme: z.array(z.object({ programme: z.string(), ...totals })),
  byDesa: z.array(z.object({ desaCode: z.string(), ...totals })),
});

const reason = z.string().max(1000);
const decisionId = requestIdSchema.optional().describe('makes a resent decision answer once');

export const planDecisionBody = z.discriminatedUnion('decision', [
  z.strictObject({ decision: z.literal('approve'), reason: reason.default(''), decisionId }),
  z.strictObject({
    decision: z.literal('approve_partial'),
    programmes: z.array(z.string().min(1).max(32)).min(1).max(30).describe('the programmes approved; the rest is not'),
    reason: reason.default(''),
    decisionId,
  }),
  z.strictObject({ decision: z.literal('reject'), reason: reason.trim().min(3), decisionId }),
]);

export const planDecisionResponse = z.object({
  planId: z.string(),
  status: z.enum(['approved', 'partially_approved', 'rejected']),
  approvedItems: z.number(),
  approvedRupiah: z.number(),
});
