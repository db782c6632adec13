/**
 * Fault injection points inside activities. Production passes no injector; tests and the fault configuration use
 * one to fail an activity at a named point (for example after its database write, before it reports success) and
 * prove that Temporal's retry lands on an idempotent write.
 */
import { ApplicationFailure } from '@temporalio/common';
import { FAILURE_TYPES } from '../domain/contracts/errors';

export interface FaultInjector {
  /** Throws a retryable failure when a fault is planned at this point for this attempt. */
  check(point: string, attempt: number): void;
}

/** Fails each named point on its first `times` attempts, then lets it pass. */
export function failFirstAttempts(plan: Record<string, number>): FaultInjector & { fired: Record<string, number> } {
  const fired: Record<string, number> = {};
  return {
    fired,
    check(point, attempt) {
      const times = plan[point] ?? 0;
      if (attempt <= times) {
        fired[point] = (fired[point] ?? 0) + 1;
        throw ApplicationFailure.retryable(`injected fault at ${point} (attempt ${attempt})`, FAILURE_TYPES.injectedFault);
      }
    },
  };
}

export const noFaults: FaultInjector = { check: () => undefined };
