/** The dashboard's aggregates: counts and rupiah by type, desa code, desil and programme; no personal data. */
import { z } from 'zod';
import { CAMPAIGN_PHASES } from '../../../domain/contracts/campaign';
import { isoDateTime } from './common';

const counts = z.record(z.string(), z.number());

export const dashboardResponse = z
  .object({
    campaignId: z.string(),
    name: z.string(),
    status: z.string(),
    phase: z.string().describe('as mirrored in the campaign table; GET /campaigns/:id has the live one'),
    phases: z.array(z.enum(CAMPAIGN_PHASES)).describe('every phase in order, for a progress-by-phase view'),
    generatedAt: isoDateTime,
    progress: z.object({
      families: z.number().describe('families stored for the campaign'),
      assigned: z.number().describe('families in a work package'),
      visited: z.number().describe('families with at least one field result'),
      packages: counts.describe('work packages by status'),
      cases: counts.describe('escalation cases by status'),
    }),
    mismatchesByType: z.array(z.object({ type: z.string(), families: z.number() })).describe("families per mismatch type, on each family's latest result"),
    mismatchesByDesa: z.array(z.object({ desaCode: z.string(), desaName: z.string(), families: z.number() })).describe('families with at least one mismatch, per desa'),
    desilShift: z.object({
      settledFamilies: z.number(),
      higher: z.number().describe('settled families whose verified desil is above their P3KE desil'),
      lower: z.number(),
      unchanged: z.number(),
      byDesil: z.array(z.object({ desil: z.number(), before: z.number().describe('by P3KE desil'), after: z.number().describe('by verified desil') })),
    }),
    interventions: z.object({
      planStatus: z.string().nullable().describe('null until the plan is proposed'),
      programmes: z.array(
        z.object({ programme: z.string(), families: z.number(), items: z.number(), costRupiah: z.number(), approvedItems: z.number(), approvedRupiah: z.number() }),
      ),
    }),
  })
  .meta({ id: 'CampaignDashboard' });
