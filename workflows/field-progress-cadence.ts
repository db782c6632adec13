/**
 * When the campaign refreshes the field progress counts its progress query shows (a countVerification activity,
 * about ten history events each time). The cadence follows the field work's own time scale, not the reminders:
 * the shortest wait is a twentieth of the package deadline, and the wait grows with the time already spent in the
 * field phase (a sixteenth of it). So the number of refreshes depends only on how many package deadlines the field
 * phase lasts (16 + 16 ln(field time / (0.8 deadline)) at most: about 42 for a phase four deadlines long, whatever
 * the reminder pace), and a campaign with long timers sees no refresh fire in its first minutes.
 */

/** The wait never drops below this, whatever the deadline (a timer of a few hundred milliseconds is noise). */
export const FIELD_REFRESH_FLOOR_SECONDS = 1;
/** The shortest wait is the package deadline divided by this. */
export const FIELD_REFRESHES_PER_DEADLINE = 20;
/** Later, the wait is the elapsed field time divided by this: the counts are at most that share of it old. */
export const FIELD_REFRESH_GROWTH = 16;

/** Seconds to wait before the next refresh, `elapsedSeconds` into the field phase. */
export function nextFieldRefreshSeconds(elapsedSeconds: number, packageDeadlineSeconds: number): number {
  return Math.max(FIELD_REFRESH_FLOOR_SECONDS, packageDeadlineSeconds / FIELD_REFRESHES_PER_DEADLINE, Math.max(0, elapsedSeconds) / FIELD_REFRESH_GROWTH);
}

/**
 * How many refreshes the cadence makes in a field phase of `fieldSeconds` (not counting the one when the phase
 * ends): the bound the tests and docs/PERFORMANCE.md quote.
 */
export function fieldRefreshesWithin(fieldSeconds: number, packageDeadlineSeconds: number): number {
  let at = 0;
  let n = 0;
  for (;;) {
    at += nextFieldRefreshSeconds(at, packageDeadlineSeconds);
    if (at >= fieldSeconds) return n;
    n += 1;
  }
}
