/** Waiting and bounded parallelism for the simulated people, both stoppable by an AbortSignal. */

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

/** Runs `work` over the items with at most `concurrency` in flight; stops taking new items once aborted. */
export async function forEachLimited<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>, signal?: AbortSignal): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length && !signal?.aborted) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, lane));
}

/** The local time of East Kalimantan (WITA, UTC+8) as an ISO date-time with offset, as a phone records it. */
export function witaIso(ms: number): string {
  const local = new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19);
  return `${local}+08:00`;
}
