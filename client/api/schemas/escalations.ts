import { z } from 'zod';
import { CASE_DECISIONS } from '../../../domain/contracts/escalation-case';
import { campaignIdSchema } from '../../../domain/contracts/campaign-config.schema';
import { isoDateTime, limitQuery, requestIdSchema } from './common';

export const listCasesQuery = z.strictObject({
  status: z.enum(['open', 'decided', 'all']).default('open'),
  campaignId: campaignIdSchema.optional(),
  limit: limitQuery(1000, 200),
});

export const caseView = z
  .object({
    campaignId: z.string(),
    familyId: z.string(),
    packageId: z.string(),
    kecamatanCode: z.string(),
    desaCode: z.string(),
    fieldResultVersion: z.number(),
    mismatchTypes: z.array(z.string()),
    severitySum: z.number(),
    level: z.string().describe('who the case waits for: supervisor, then program_manager after the escalation timeout'),
    status: z.string(),
    decision: z.string().nullable(),
    decidedBy: z.string().nullable(),
    decidedRole: z.string().nullable(),
    reason: z.string().nullable(),
    openedAt: isoDateTime,
    escalatedAt: isoDateTime.nullable(),
    decidedAt: isoDateTime.nullable(),
    path: z.string().describe('where to POST the decision'),
  })
  .meta({ id: 'EscalationCase' });

export const caseParams = z.strictObject({
  campaignId: campaignIdSchema,
  familyId: z.string().min(1).max(64),
});

export const caseDecisionBody = z.strictObject({
  decision: z.enum(CASE_DECISIONS),
  reason: z.string().trim().min(3).max(1000),
  decisionId: requestIdSchema.optional().describe('makes a resent decision answer once'),
});

export const caseDecisionResponse = z.object({
  familyId: z.string(),
  decision: z.enum(CASE_DECISIONS),
  decidedBy: z.string(),
  level: z.string(),
});
