/**
 * How many attempts Temporal needed for each execution of one activity type, across every workflow of a campaign
 * (read from their histories): the proof that a fault hit that step and Temporal's retry carried it through.
 */
import type { Client } from '@temporalio/client';
import { SA_CAMPAIGN_ID } from '../../domain/contracts/search-attributes';

/** The marker name the SDK's core gives a finished local activity (its details.data is plain JSON, not a codec payload). */
const LOCAL_ACTIVITY_MARKER = 'core_local_activity';

/**
 * Without an activity type: every activity of the campaign. Local activities (the field-result Update records
 * with one) leave no started event: their attempt number is read from the marker core writes when they finish.
 */
export async function activityAttempts(client: Client, campaignId: string, activityType?: string): Promise<number[]> {
  const attempts: number[] = [];
  for await (const wf of client.workflow.list({ query: `${SA_CAMPAIGN_ID.name} = '${campaignId}'` })) {
    const history = await client.workflow.getHandle(wf.workflowId, wf.runId).fetchHistory();
    const events = history.events ?? [];
    const scheduled = new Set(
      events.filter((e) => e.activityTaskScheduledEventAttributes && (activityType === undefined || e.activityTaskScheduledEventAttributes.activityType?.name === activityType)).map((e) => Number(e.eventId)),
    );
    for (const e of events) {
      const started = e.activityTaskStartedEventAttributes;
      // The started event is written once, when the attempt that ended the activity began: it carries that attempt's number.
      if (started && scheduled.has(Number(started.scheduledEventId))) attempts.push(started.attempt ?? 1);
      const marker = e.markerRecordedEventAttributes;
      if (marker && marker.markerName === LOCAL_ACTIVITY_MARKER) {
        const data = marker.details?.data?.payloads?.[0]?.data;
        const parsed = data ? (JSON.parse(Buffer.from(data).toString('utf8')) as { attempt?: number; activity_type?: string }) : {};
        if (activityType === undefined || parsed.activity_type === activityType) attempts.push(parsed.attempt ?? 1);
      }
    }
  }
  return attempts;
}
