/**
 * zod schema for a campaign configuration, applied at every boundary that starts a campaign (API, CLI, demo).
 * Not imported by workflow code: schemas at module level would load into every workflow sandbox.
 */
import { z } from 'zod';
import { CAMPAIGN_ID_PATTERN } from './workflow-ids';
import type { CampaignConfig } from './campaign';

const seconds = z.number().int().positive().max(60 * 60 * 24 * 365);

export const campaignConfigSchema = z
  .object({
    name: z.string().trim().min(3).max(120),
    regionCodes: z
      .array(z.string().regex(/^(\d{6}|\d{10})$/, 'a region code is a kecamatan (6 digits) or desa (10 digits) code'))
      .min(1)
      .max(200),
    desilMin: z.number().int().min(1).max(10),
    desilMax: z.number().int().min(1).max(10),
    ingestPageSize: z.number().int().min(10).max(5000).default(1000),
    timers: z
      .object({
        packageDeadlineSeconds: seconds.default(14 * 24 * 3600),
        reminderEverySeconds: seconds.default(2 * 24 * 3600),
        escalationTimeoutSeconds: seconds.default(3 * 24 * 3600),
        approvalDeadlineSeconds: seconds.default(7 * 24 * 3600),
      })
      .prefault({}),
    escalationThreshold: z
      .object({
        maxSeverityAtLeast: z.number().int().min(1).max(5).nullable().default(4),
        severitySumAtLeast: z.number().int().min(1).max(100).nullable().default(6),
      })
      .prefault({}),
    maxReassignments: z.number().int().min(0).max(10).default(2),
    maxRevisitRounds: z.number().int().min(0).max(5).default(2),
    budgetRupiah: z.number().int().min(0).max(1e15).default(50_000_000_000),
    maxFamiliesPerPackage: z.number().int().min(1).max(500).default(100),
  })
  .refine((c) => c.desilMin <= c.desilMax, { message: 'desilMin must not exceed desilMax', path: ['desilMin'] }) satisfies z.ZodType<CampaignConfig, unknown>;

export type CampaignConfigInput = z.input<typeof campaignConfigSchema>;

export const campaignIdSchema = z
  .string()
  .regex(CAMPAIGN_ID_PATTERN, 'a campaign id is 3–63 lower-case letters, digits and dashes, starting with a letter or digit');
