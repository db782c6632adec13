/**
 * The work package boundary: one officer's bounded list of families in one desa, and the human-task messages on
 * it. Types and message definitions only (workflow code imports this).
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { FieldResult } from '../field-result';
import type { CampaignTimers } from './campaign';

export interface WorkPackageRef {
  packageId: string;
  desaCode: string;
  seq: number;
  round: number;
  officerId: string;
  familyIds: string[];
}

export interface WorkPackageInput extends WorkPackageRef {
  campaignId: string;
  kecamatanCode: string;
  timers: CampaignTimers;
  escalationThreshold: { maxSeverityAtLeast: number | null; severitySumAtLeast: number | null };
  maxReassignments: number;
  /** Carried across continue-as-new: results recorded so far and how often the package changed hands. */
  carried?: { results: Record<string, SubmittedSummary>; reassignments: number; deadlineAt: string };
}

/** What the package keeps of each family's latest result: enough to decide escalation, no personal data. */
export interface SubmittedSummary {
  version: number;
  outcome: string;
  mismatchTypes: string[];
  severitySum: number;
  maxSeverity: number;
  escalate: boolean;
}

export interface FieldResultSubmission {
  officerId: string;
  result: FieldResult;
  /**
   * Set by the API, which recorded the result before sending it (client/api/record-field-result.ts): the
   * version it wrote and the mismatches it found. The package then only validates and keeps it. Without it (a
   * client talking to Temporal directly, such as the simulated officers) the package records it itself.
   */
  recorded?: RecordedVersion;
}

/** A version of a family's result already in the database, as its recorder reports it. */
export interface RecordedVersion {
  version: number;
  mismatches: { type: string; severity: number }[];
}

export interface FieldResultReceipt {
  familyId: string;
  version: number;
  mismatchTypes: string[];
  escalate: boolean;
}

export interface HandInInput {
  officerId: string;
}

export interface WorkPackageStatus {
  packageId: string;
  officerId: string;
  open: boolean;
  deadlineAt: string;
  total: number;
  submitted: number;
  reassignments: number;
  /** Reminder periods the package has waited through with results missing (counted, not audited). */
  reminders: number;
}

export interface WorkPackageOutcome {
  packageId: string;
  verified: number;
  submitted: number;
  unvisited: string[];
  mismatched: number;
  escalated: number;
  decided: number;
  revisit: string[];
}

export const submitFieldResultUpdate = defineUpdate<FieldResultReceipt, [FieldResultSubmission]>('submitFieldResult');
export const handInPackageUpdate = defineUpdate<WorkPackageStatus, [HandInInput]>('handInPackage');
/** Sent when an officer is marked unavailable: the package moves to another officer at once. */
export const officerUnavailableSignal = defineSignal<[{ officerId: string }]>('officerUnavailable');
export const workPackageStatusQuery = defineQuery<WorkPackageStatus>('workPackageStatus');

/** Rejection reasons of the package's update validators, as ApplicationFailure types the API maps to 4xx. */
export const WORK_PACKAGE_REJECTIONS = {
  wrongOfficer: 'WrongOfficer',
  familyNotInPackage: 'FamilyNotInPackage',
  malformed: 'MalformedFieldResult',
  closed: 'PackageClosed',
  pastDeadline: 'PastDeadline',
  notComplete: 'PackageNotComplete',
  /** A hand-in that is not an object with an officerId (not from the API, which always sends one). */
  malformedHandIn: 'MalformedHandIn',
} as const;
