/**
 * The escalation case boundary: one family whose field result and P3KE record disagree too much, decided by the
 * kecamatan supervisor or, after a timeout, by a program manager.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';

export const CASE_DECISIONS = ['accept_field', 'keep_p3ke', 'revisit'] as const;
export type CaseDecision = (typeof CASE_DECISIONS)[number];

/** Who decides, in the order a case climbs when nobody answers in time. */
export const ESCALATION_CHAIN = ['supervisor', 'program_manager'] as const;
export type EscalationRole = (typeof ESCALATION_CHAIN)[number];

export interface EscalationCaseInput {
  campaignId: string;
  familyId: string;
  packageId: string;
  kecamatanCode: string;
  desaCode: string;
  fieldResultVersion: number;
  mismatchTypes: string[];
  severitySum: number;
  escalationTimeoutSeconds: number;
  reminderEverySeconds: number;
}

export interface CaseDecisionInput {
  decision: CaseDecision;
  reason: string;
  decidedBy: string;
  role: string;
}

export interface CaseDecisionResult {
  familyId: string;
  decision: CaseDecision;
  decidedBy: string;
  level: EscalationRole;
}

export interface EscalationCaseStatus {
  familyId: string;
  level: EscalationRole;
  open: boolean;
  decision: CaseDecision | null;
  /** Reminder periods the case has waited through at its current level and before (counted, not audited). */
  reminders: number;
}

export const decideCaseUpdate = defineUpdate<CaseDecisionResult, [CaseDecisionInput]>('decideCase');
export const escalationCaseStatusQuery = defineQuery<EscalationCaseStatus>('escalationCaseStatus');

export const CASE_REJECTIONS = {
  closed: 'CaseClosed',
  wrongRole: 'WrongRole',
  malformed: 'MalformedDecision',
} as const;
