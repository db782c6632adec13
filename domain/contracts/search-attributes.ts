/**
 * Custom search attributes, registered at dev-server start and upserted by the workflows so admins can filter in
 * the Web UI. They are NOT encrypted: ids, phases, region codes and officer ids only, never personal data.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const SA_CAMPAIGN_ID = defineSearchAttributeKey('VerivaliCampaignId', SearchAttributeType.KEYWORD);
export const SA_PHASE = defineSearchAttributeKey('VerivaliPhase', SearchAttributeType.KEYWORD);
export const SA_REGION = defineSearchAttributeKey('VerivaliRegion', SearchAttributeType.KEYWORD);
export const SA_OFFICER_ID = defineSearchAttributeKey('VerivaliOfficerId', SearchAttributeType.KEYWORD);
export const SA_KIND = defineSearchAttributeKey('VerivaliKind', SearchAttributeType.KEYWORD);

export const ALL_SEARCH_ATTRIBUTES = [SA_CAMPAIGN_ID, SA_PHASE, SA_REGION, SA_OFFICER_ID, SA_KIND] as const;

/** The value of VerivaliKind for each workflow type. */
export const WORKFLOW_KINDS = {
  campaign: 'campaign',
  desa: 'desa',
  workPackage: 'work-package',
  escalationCase: 'escalation-case',
  approval: 'approval',
} as const;
export type WorkflowKind = (typeof WORKFLOW_KINDS)[keyof typeof WORKFLOW_KINDS];
