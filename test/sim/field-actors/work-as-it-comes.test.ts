/**
 * How the simulated people take up work (sim/field-actors/work-as-it-comes.ts): what shows up in the inbox while
 * others are being worked on starts as soon as someone is free, never twice at once, one at a time per group.
 */
import { workAsItComes } from '../../../sim/field-actors/work-as-it-comes';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('workAsItComes', () => {
  it('when an item shows up while a slow one is worked on, then it starts at the next look, not after the slow one', async () => {
    const inbox = new Set(['slow']);
    const startedAt = new Map<string, number>();
    const finishedAt = new Map<string, number>();
    const t0 = Date.now();
    const stop = new AbortController();
    setTimeout(() => inbox.add('quick'), 30);
    await workAsItComes({
      poll: async () => [...inbox],
      key: (x) => x,
      concurrency: 4,
      pollMs: 10,
      signal: stop.signal,
      work: async (x) => {
        startedAt.set(x, Date.now() - t0);
        await sleep(x === 'slow' ? 400 : 5);
        finishedAt.set(x, Date.now() - t0);
        inbox.delete(x);
        if (inbox.size === 0) stop.abort();
      },
    });
    expect(startedAt.get('quick')).toBeLessThan(200);
    expect(finishedAt.get('quick')).toBeLessThan(finishedAt.get('slow') as number);
  });

  it('when items stay in the inbox while worked on, then none is worked twice at once and at most `concurrency` run', async () => {
    const inbox = ['a', 'b', 'c', 'd', 'e'];
    const running = new Set<string>();
    let peak = 0;
    const runs = new Map<string, number>();
    const stop = new AbortController();
    await workAsItComes({
      poll: async () => inbox.filter((x) => (runs.get(x) ?? 0) === 0 || running.has(x)),
      key: (x) => x,
      concurrency: 2,
      pollMs: 5,
      signal: stop.signal,
      work: async (x) => {
        expect(running.has(x)).toBe(false);
        running.add(x);
        peak = Math.max(peak, running.size);
        await sleep(30);
        running.delete(x);
        runs.set(x, (runs.get(x) ?? 0) + 1);
        if (inbox.every((i) => runs.get(i) === 1)) stop.abort();
      },
    });
    expect(peak).toBe(2);
    expect(inbox.map((x) => runs.get(x))).toEqual([1, 1, 1, 1, 1]);
  });

  it('when items share a group, then they run one after another while other groups go on', async () => {
    const items = [
      { id: 'k1-a', group: 'k1' },
      { id: 'k1-b', group: 'k1' },
      { id: 'k2-a', group: 'k2' },
    ];
    const done = new Set<string>();
    const active = new Map<string, number>();
    let overlapInGroup = false;
    let overlapAcrossGroups = false;
    const stop = new AbortController();
    await workAsItComes({
      poll: async () => items.filter((i) => !done.has(i.id)),
      key: (i) => i.id,
      group: (i) => i.group,
      concurrency: 8,
      pollMs: 5,
      signal: stop.signal,
      work: async (i) => {
        if ((active.get(i.group) ?? 0) > 0) overlapInGroup = true;
        active.set(i.group, (active.get(i.group) ?? 0) + 1);
        if ([...active.values()].filter((n) => n > 0).length > 1) overlapAcrossGroups = true;
        await sleep(40);
        active.set(i.group, (active.get(i.group) ?? 0) - 1);
        done.add(i.id);
        if (done.size === items.length) stop.abort();
      },
    });
    expect(overlapInGroup).toBe(false);
    expect(overlapAcrossGroups).toBe(true);
  });

  it('when `finished` says the campaign closed, then it stops looking; a failing item fails the whole', async () => {
    let polls = 0;
    await workAsItComes({ poll: async () => (polls++, []), key: String, concurrency: 1, pollMs: 1, finished: async () => polls >= 3, work: async () => undefined });
    expect(polls).toBe(3);
    await expect(
      workAsItComes({ poll: async () => ['x'], key: (x) => x, concurrency: 1, pollMs: 1, work: async () => Promise.reject(new Error('broken actor')) }),
    ).rejects.toThrow('broken actor');
  });
});
