/**
 * ApplicationFailure types raised by activities and workflows. Permanent ones are thrown nonRetryable, so that
 * a bad input fails fast instead of being retried for hours.
 */
export const FAILURE_TYPES = {
  /** Input that can never succeed (unknown campaign, invalid configuration). Permanent. */
  invalidInput: 'VerivaliInvalidInput',
  /** The P3KE service refused the request for good (401/403/404/400). Permanent. */
  p3kePermanent: 'VerivaliP3kePermanent',
  /** Records fetched and records accounted for differ: something would be lost. Permanent, needs a person. */
  reconciliationFailed: 'VerivaliReconciliationFailed',
  /**
   * A submission id (the update id) already recorded for another family or package: a client reusing its ids.
   * Permanent (thrown nonRetryable); the API's code for it is the same, `submission_id_reused`.
   */
  submissionIdReused: 'SubmissionIdReused',
  /** A fault injected by a test or the fault configuration. Retryable like any transient failure. */
  injectedFault: 'VerivaliInjectedFault',
} as const;
export type FailureType = (typeof FAILURE_TYPES)[keyof typeof FAILURE_TYPES];

export const NON_RETRYABLE_FAILURES: readonly FailureType[] = [
  FAILURE_TYPES.invalidInput,
  FAILURE_TYPES.p3kePermanent,
  FAILURE_TYPES.reconciliationFailed,
];
