/** Workflow ids that read as paths in the Web UI: campaign/<id>, package/<campaign>/<desa>/<n>, case/<campaign>/<family>. */
export const campaignWorkflowId = (campaignId: string): string => `campaign/${campaignId}`;

/** The per-desa coordinator between a campaign and its work packages. */
export const desaWorkflowId = (campaignId: string, desaCode: string): string => `desa/${campaignId}/${desaCode}`;

export const workPackageWorkflowId = (campaignId: string, desaCode: string, n: number): string =>
  `package/${campaignId}/${desaCode}/${n}`;

export const escalationCaseWorkflowId = (campaignId: string, familyId: string): string => `case/${campaignId}/${familyId}`;

/** Campaign ids appear in workflow ids and search attributes: a conservative alphabet keeps both readable. */
export const CAMPAIGN_ID_PATTERN = /^[a-z0-9][a-z0-9-]{2,62}$/;
