/**
 * Calls into Temporal on behalf of a request, and what their failures mean over HTTP. A validator's rejection is
 * an ApplicationFailure with a type (WORK_PACKAGE_REJECTIONS, CASE_REJECTIONS, ...): it becomes a 4xx with that
 * type in snake_case as the code, never a 500. Its message is relayed: validators name rules and ids, not values.
 */
import type { Client } from '@temporalio/client';
import { isGrpcServiceError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import { updateRejectionType } from '../../sim/field-actors/actions';
import { ApiError } from './errors';

export type RejectionStatuses = Readonly<Record<string, number>>;

/** How long the API waits for Temporal on a read (queries, describe) before answering without it. */
export const QUERY_DEADLINE_MS = 3_000;

export const snakeCase = (type: string): string => type.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();

function failureMessage(err: WorkflowUpdateFailedError): string {
  for (let cause: unknown = err.cause; cause instanceof Error; cause = cause.cause) {
    if (cause instanceof ApplicationFailure && cause.type) return cause.message;
  }
  return 'the update failed';
}

/** The HTTP meaning of a failed update, start, signal or query. */
export function temporalError(err: unknown, statuses: RejectionStatuses, subject: string): unknown {
  if (err instanceof ApiError) return err;
  if (err instanceof WorkflowNotFoundError) return new ApiError(409, 'not_running', `${subject} is not running (closed or not started yet)`);
  const type = updateRejectionType(err);
  if (type !== null && err instanceof WorkflowUpdateFailedError) {
    return new ApiError(statuses[type] ?? (type === 'UpdateFailed' ? 502 : 409), snakeCase(type), failureMessage(err));
  }
  if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError || (isGrpcServiceError(err) && [4, 14].includes(err.code))) {
    return new ApiError(503, 'temporal_unavailable', 'Temporal did not answer in time; send the same request again');
  }
  return err;
}

export async function callTemporal<T>(send: () => Promise<T>, statuses: RejectionStatuses, subject: string): Promise<T> {
  try {
    return await send();
  } catch (err) {
    throw temporalError(err, statuses, subject);
  }
}

/** A read that must not hold the request for long (a query needs a worker; none may be polling). */
export function withReadDeadline<T>(client: Client, fn: () => Promise<T>, ms = QUERY_DEADLINE_MS): Promise<T> {
  return client.withDeadline(Date.now() + ms, fn);
}
