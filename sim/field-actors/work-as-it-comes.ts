/**
 * How the simulated people take up their work: they look at their inbox or queue every `pollMs` and start what
 * is new as soon as one of them is free, as people do. Before, they read the inbox, worked through all of it,
 * and only then looked again, so a package opened a moment after the read waited for the slowest package of the
 * batch (up to 16 s in a 500-family benchmark campaign): the simulated people's delay, counted as the service's.
 */
import { pause } from './pacing';

export interface WorkAsItComesInput<T> {
  /** What is waiting now; an item still being worked on, or already waiting for a lane, is not taken twice. */
  poll: () => Promise<readonly T[]>;
  key: (item: T) => string;
  /** Items of the same group are worked one after another (one person, one thing at a time); default: no groups. */
  group?: (item: T) => string;
  /** Items worked at once. */
  concurrency: number;
  work: (item: T) => Promise<void>;
  pollMs: number;
  /** Asked before each poll; true ends the loop (the campaign closed). */
  finished?: () => Promise<boolean>;
  signal?: AbortSignal;
}

/** Runs until `finished` says so or the signal is aborted, then waits for the items in hand. A failing item fails it. */
export async function workAsItComes<T>(input: WorkAsItComesInput<T>): Promise<void> {
  /** What the latest poll found that nobody is working on yet, in the poll's order. */
  let waiting: T[] = [];
  const busyKeys = new Set<string>();
  const busyGroups = new Set<string>();
  const running = new Set<Promise<void>>();
  let failure: { err: unknown } | null = null;
  const groupOf = (item: T): string | null => (input.group ? input.group(item) : null);

  // Called after each poll and whenever a lane frees up: the next waiting item starts at once, not at the next poll.
  const startWhatFits = (): void => {
    for (let i = 0; i < waiting.length && running.size < input.concurrency && failure === null && !input.signal?.aborted; ) {
      const item = waiting[i] as T;
      const group = groupOf(item);
      if (group !== null && busyGroups.has(group)) {
        i += 1;
        continue;
      }
      waiting.splice(i, 1);
      const key = input.key(item);
      busyKeys.add(key);
      if (group !== null) busyGroups.add(group);
      const lane: Promise<void> = input
        .work(item)
        .catch((err: unknown) => {
          failure ??= { err };
        })
        .finally(() => {
          busyKeys.delete(key);
          if (group !== null) busyGroups.delete(group);
          running.delete(lane);
          startWhatFits();
        });
      running.add(lane);
    }
  };

  while (!input.signal?.aborted && failure === null) {
    if (input.finished && (await input.finished())) break;
    const seen = new Set<string>();
    waiting = (await input.poll()).filter((item) => {
      const key = input.key(item);
      if (busyKeys.has(key) || seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    startWhatFits();
    await pause(input.pollMs, input.signal);
  }
  await Promise.all(running);
  if (failure !== null) throw (failure as { err: unknown }).err;
}
