/**
 * What a workflow history says about cost and headroom: event counts, pending children and activities at their
 * peak, the largest payload (as the server stores it: encrypted), and when an activity completed. Pure over the
 * history object the client returns, so it is unit-tested without a server.
 */
import type { temporal } from '@temporalio/proto';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

export interface HistoryStats {
  events: number;
  peakPendingChildren: number;
  peakPendingActivities: number;
  largestPayloadBytes: number;
  activitiesScheduled: number;
  childrenStarted: number;
  updatesAccepted: number;
}

/** Events that close a child workflow (or its start), each naming the initiating event. */
export const CHILD_CLOSED = [
  'startChildWorkflowExecutionFailedEventAttributes',
  'childWorkflowExecutionCompletedEventAttributes',
  'childWorkflowExecutionFailedEventAttributes',
  'childWorkflowExecutionCanceledEventAttributes',
  'childWorkflowExecutionTimedOutEventAttributes',
  'childWorkflowExecutionTerminatedEventAttributes',
] as const;
/** Events that close an activity, each naming its scheduling event. */
export const ACTIVITY_CLOSED = [
  'activityTaskCompletedEventAttributes',
  'activityTaskFailedEventAttributes',
  'activityTaskTimedOutEventAttributes',
  'activityTaskCanceledEventAttributes',
] as const;

const has = (e: HistoryEvent, key: keyof HistoryEvent): boolean => e[key] !== null && e[key] !== undefined;

/** Size of every Payload (metadata values + data) reachable from a value; Payloads are the objects with both. */
export function payloadSizes(value: unknown, sizes: number[] = []): number[] {
  if (value === null || typeof value !== 'object' || value instanceof Uint8Array) return sizes;
  if (Array.isArray(value)) {
    for (const v of value) payloadSizes(v, sizes);
    return sizes;
  }
  const o = value as Record<string, unknown>;
  if (o.data instanceof Uint8Array && o.metadata !== null && typeof o.metadata === 'object') {
    const meta = Object.entries(o.metadata as Record<string, unknown>).reduce((n, [k, v]) => n + k.length + (v instanceof Uint8Array ? v.length : 0), 0);
    sizes.push(o.data.length + meta);
    return sizes;
  }
  for (const v of Object.values(o)) payloadSizes(v, sizes);
  return sizes;
}

export function historyStats(events: readonly HistoryEvent[]): HistoryStats {
  let children = 0;
  let activities = 0;
  const stats: HistoryStats = { events: events.length, peakPendingChildren: 0, peakPendingActivities: 0, largestPayloadBytes: 0, activitiesScheduled: 0, childrenStarted: 0, updatesAccepted: 0 };
  for (const e of events) {
    if (has(e, 'startChildWorkflowExecutionInitiatedEventAttributes')) {
      children += 1;
      stats.childrenStarted += 1;
    }
    if (CHILD_CLOSED.some((k) => has(e, k))) children -= 1;
    if (has(e, 'activityTaskScheduledEventAttributes')) {
      activities += 1;
      stats.activitiesScheduled += 1;
    }
    if (ACTIVITY_CLOSED.some((k) => has(e, k))) activities -= 1;
    if (has(e, 'workflowExecutionUpdateAcceptedEventAttributes')) stats.updatesAccepted += 1;
    stats.peakPendingChildren = Math.max(stats.peakPendingChildren, children);
    stats.peakPendingActivities = Math.max(stats.peakPendingActivities, activities);
    for (const size of payloadSizes(e)) stats.largestPayloadBytes = Math.max(stats.largestPayloadBytes, size);
  }
  return stats;
}

export function eventTimeMs(e: HistoryEvent): number {
  const t = e.eventTime;
  if (!t) throw new Error(`history event ${String(e.eventId)} has no time`);
  return Number(t.seconds ?? 0) * 1000 + Math.floor((t.nanos ?? 0) / 1e6);
}

/** When the (first) activity of this type completed, in epoch ms; null if it has not. */
export function activityCompletedAtMs(events: readonly HistoryEvent[], activityType: string): number | null {
  const scheduled = events.find((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === activityType);
  if (!scheduled) return null;
  const id = Number(scheduled.eventId);
  const completed = events.find((e) => e.activityTaskCompletedEventAttributes && Number(e.activityTaskCompletedEventAttributes.scheduledEventId) === id);
  return completed ? eventTimeMs(completed) : null;
}
