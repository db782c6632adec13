/**
 * The audit log's action names for what people do through the API. Here, not in client/api, because the field
 * result's recording activity writes its `api.field_result.submit` row itself (in the transaction that records the
 * result), and activities depend on domain/, never on the API.
 */
export const API_AUDIT_ACTIONS = {
  campaignStart: 'api.campaign.start',
  campaignCancel: 'api.campaign.cancel',
  fieldResultSubmit: 'api.field_result.submit',
  /** A result the API recorded and its package then refused, taken back (client/api/record-field-result.ts). */
  fieldResultWithdraw: 'api.field_result.withdraw',
  packageHandIn: 'api.package.hand_in',
  caseDecide: 'api.case.decide',
  planDecide: 'api.plan.decide',
  officerUnavailable: 'api.officer.unavailable',
  subjectExport: 'api.subject.export',
  readPersonalData: 'read.personal_data',
} as const;
