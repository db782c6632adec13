import { z } from 'zod';
import { CAMPAIGN_PHASES, CAMPAIGN_STATUSES } from '../../../domain/contracts/campaign';
import { campaignConfigSchema, campaignIdSchema } from '../../../domain/contracts/campaign-config.schema';
import { isoDateTime, limitQuery } from './common';

export const startCampaignBody = z.strictObject({
  id: campaignIdSchema.optional().describe('chosen by the caller, or generated'),
  config: campaignConfigSchema,
});

export const startCampaignResponse = z.object({
  campaignId: z.string(),
  workflowId: z.string(),
  runId: z.string(),
  startedBy: z.string(),
});

export const campaignSummary = z
  .object({
    id: z.string(),
    name: z.string(),
    status: z.string(),
    phase: z.string(),
    regionCodes: z.array(z.string()),
    desilMin: z.number().nullable(),
    desilMax: z.number().nullable(),
    createdBy: z.string(),
    createdAt: isoDateTime,
    updatedAt: isoDateTime,
    completedAt: isoDateTime.nullable(),
    snapshotId: z.string().nullable(),
    counts: z.record(z.string(), z.number()),
  })
  .meta({ id: 'CampaignSummary' });

export const listCampaignsQuery = z.strictObject({
  status: z.enum(CAMPAIGN_STATUSES).optional(),
  limit: limitQuery(500, 100),
});

export const campaignProgress = z.object({
  campaignId: z.string(),
  phase: z.enum(CAMPAIGN_PHASES),
  status: z.enum(CAMPAIGN_STATUSES),
  counts: z.record(z.string(), z.number()),
  snapshotId: z.string().nullable(),
  detail: z.string(),
});

export const campaignDetail = z.object({
  campaign: campaignSummary.extend({ config: z.record(z.string(), z.unknown()) }).nullable().describe('null until the workflow registered it'),
  progress: campaignProgress.nullable().describe('live, from the workflow, while it runs'),
  progressUnavailable: z.string().optional().describe('why there is no live progress for a running campaign'),
});

export const cancelResponse = z.object({ campaignId: z.string(), status: z.literal('cancel_requested') });

/** report.json as the close-out writes it: the CampaignReport plus breakdowns. */
export const reportResponse = z
  .looseObject({
    campaignId: z.string(),
    status: z.string(),
    counts: z.record(z.string(), z.number()),
    feedbackFiles: z.array(z.string()),
  })
  .meta({ id: 'CampaignReport' });
