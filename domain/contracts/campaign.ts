/**
 * The campaign workflow's boundary: its input, progress query and report. Types only plus Temporal message
 * definitions, so workflow code can import it; the zod schema for the configuration is in campaign-config.schema.ts.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';

export const CAMPAIGN_PHASES = [
  'registered',
  'ingest',
  'checks',
  'assignment',
  'field',
  'escalation',
  'planning',
  'approval',
  'closeout',
  'completed',
  'cancelled',
  'failed',
] as const;
export type CampaignPhase = (typeof CAMPAIGN_PHASES)[number];

export const CAMPAIGN_STATUSES = ['running', 'completed', 'cancelled', 'failed'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

/** Durations are seconds, so tests can run a campaign's timers in seconds and production in days. */
export interface CampaignTimers {
  packageDeadlineSeconds: number;
  reminderEverySeconds: number;
  escalationTimeoutSeconds: number;
  approvalDeadlineSeconds: number;
}

export interface CampaignConfig {
  name: string;
  /** Kecamatan (6 digits) or desa (10 digits) codes; the campaign area. */
  regionCodes: string[];
  desilMin: number;
  desilMax: number;
  ingestPageSize: number;
  timers: CampaignTimers;
  /** A family whose mismatches reach either bound becomes an escalation case (null switches a bound off). */
  escalationThreshold: { maxSeverityAtLeast: number | null; severitySumAtLeast: number | null };
  /** Deadline misses after which a package is handed to another officer, before it closes with families unvisited. */
  maxReassignments: number;
  /** How many times a family may be sent back to the field by a re-visit decision. */
  maxRevisitRounds: number;
  budgetRupiah: number;
  maxFamiliesPerPackage: number;
}

export interface CampaignInput {
  campaignId: string;
  config: CampaignConfig;
  /** User id of the program manager who started it (four-eyes: may not approve its plan). */
  startedBy: string;
}

export interface CampaignCounts {
  fetched: number;
  stored: number;
  quarantined: number;
  flagged: number;
  assigned: number;
  verified: number;
  mismatched: number;
  escalated: number;
  decided: number;
  revisited: number;
  proposed: number;
  approved: number;
}

export const emptyCounts = (): CampaignCounts => ({
  fetched: 0,
  stored: 0,
  quarantined: 0,
  flagged: 0,
  assigned: 0,
  verified: 0,
  mismatched: 0,
  escalated: 0,
  decided: 0,
  revisited: 0,
  proposed: 0,
  approved: 0,
});

export interface CampaignProgress {
  campaignId: string;
  phase: CampaignPhase;
  status: CampaignStatus;
  counts: CampaignCounts;
  snapshotId: string | null;
  /** One line a person can read: what the campaign is doing or waiting for. */
  detail: string;
  /** Families still waiting for a field result, and escalation cases waiting for a decision (refreshed while in the field). */
  openTasks: number;
  openEscalations: number;
}

export const campaignProgressQuery = defineQuery<CampaignProgress>('campaignProgress');

export const PLAN_DECISIONS = ['approve', 'approve_partial', 'reject'] as const;
export type PlanDecision = (typeof PLAN_DECISIONS)[number];

/** A program manager's decision on the intervention plan (a Workflow Update on the campaign). */
export interface PlanDecisionInput {
  decision: PlanDecision;
  /** For approve_partial: the programmes approved (the rest is not). */
  programmes?: string[];
  reason: string;
  decidedBy: string;
  role: string;
}

export interface PlanDecisionResult {
  planId: string;
  status: 'approved' | 'partially_approved' | 'rejected';
  approvedItems: number;
  approvedRupiah: number;
}

export const decidePlanUpdate = defineUpdate<PlanDecisionResult, [PlanDecisionInput]>('decidePlan');

/**
 * Why the campaign's plan-decision validator refuses a decision, as ApplicationFailure types: the API gives each
 * its own HTTP status, and its snake_case form is the error code (`plan_not_waiting`, `four_eyes`, ...).
 */
export const PLAN_DECISION_REJECTIONS = {
  /** No plan waits for approval (not proposed yet, already decided, or expired). */
  notWaiting: 'PlanNotWaiting',
  /** The person who started the campaign (and so proposed the plan) may not decide it. */
  fourEyes: 'FourEyes',
  /** Only a program manager decides a plan. */
  wrongRole: 'ForbiddenRole',
  /** The decision itself is not valid: unknown decision, missing reason, unknown programmes. */
  malformed: 'InvalidDecision',
} as const;
export type PlanDecisionRejection = (typeof PLAN_DECISION_REJECTIONS)[keyof typeof PLAN_DECISION_REJECTIONS];

export interface CampaignReport {
  campaignId: string;
  status: CampaignStatus;
  snapshotId: string | null;
  counts: CampaignCounts;
  quarantineByReason: Record<string, number>;
  flagsByCode: Record<string, number>;
  mismatchesByType: Record<string, number>;
  interventionsByProgram: Record<string, { families: number; items: number; costRupiah: number; approved: number; approvedRupiah: number }>;
  planStatus: string | null;
  feedbackFiles: string[];
}
