/** Reading recorded workflow histories in tests: which activities were scheduled, which patch markers recorded. */
import type { temporal } from '@temporalio/proto';

type History = temporal.api.history.v1.IHistory;

/** The marker name the SDK core gives patched() markers. */
const PATCH_MARKER = 'core_patch';

/** Activity types in the order the workflow scheduled them. */
export function scheduledActivities(history: History): string[] {
  return (history.events ?? []).flatMap((e) => {
    const name = e.activityTaskScheduledEventAttributes?.activityType?.name;
    return name ? [name] : [];
  });
}

/**
 * Patch ids of the patched() markers in a history. The marker's `patch-data` payload is written by the SDK core
 * (plain JSON, never through the payload codec): `{ "id": …, "deprecated": … }`. A history fetched through the
 * client holds payload bytes as base64 text; one decoded from a .binpb file holds them as bytes.
 */
export function patchMarkers(history: History): string[] {
  return (history.events ?? []).flatMap((e) => {
    const marker = e.markerRecordedEventAttributes;
    if (marker?.markerName !== PATCH_MARKER) return [];
    const data: unknown = marker.details?.['patch-data']?.payloads?.[0]?.data;
    const text = typeof data === 'string' ? Buffer.from(data, 'base64').toString('utf8') : data instanceof Uint8Array ? Buffer.from(data).toString('utf8') : null;
    const id = text === null ? undefined : (JSON.parse(text) as { id?: unknown }).id;
    if (typeof id !== 'string') throw new Error(`a patch marker without a readable id: ${JSON.stringify(marker.details)}`);
    return [id];
  });
}
