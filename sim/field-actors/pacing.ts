/** Waiting for the simulated people, stoppable by an AbortSignal, and the phones' clock (WITA). */

/** Resolves after `ms`, or at once when the signal is aborted (never rejects). */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** The local time of East Kalimantan (WITA, UTC+8) as an ISO date-time with offset, as a phone records it. */
export function witaIso(ms: number): string {
  const local = new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19);
  return `${local}+08:00`;
}
