import { cpuMsPerOperation, processCpuSeconds, readCpu, type CpuReading } from '../../bench/lib/cpu-accounting';

const reading = (entries: Record<string, Record<number, number>>): CpuReading =>
  new Map(Object.entries(entries).map(([name, byPid]) => [name, new Map(Object.entries(byPid).map(([pid, s]) => [Number(pid), s]))]));

describe('bench CPU accounting', () => {
  it('reads this process’s own CPU time from /proc, and it grows with work', () => {
    const before = processCpuSeconds(process.pid);
    expect(before).not.toBeNull();
    const until = Date.now() + 150;
    let spin = 0;
    while (Date.now() < until) spin += Math.sqrt(spin + 1);
    expect(spin).toBeGreaterThan(0);
    expect((processCpuSeconds(process.pid) as number) - (before as number)).toBeGreaterThanOrEqual(0.05);
  });

  it('answers null for a process that does not exist, and readCpu leaves it out', async () => {
    expect(processCpuSeconds(2 ** 30)).toBeNull();
    const r = await readCpu([{ name: 'gone', pids: () => [2 ** 30] }]);
    expect(r.get('gone')?.size).toBe(0);
  });

  it('divides each group’s CPU between two readings by the operations, counting a process that appeared from zero', () => {
    const before = reading({ temporal: { 10: 1.0 }, postgres: { 20: 2.0, 21: 0.5 } });
    const after = reading({ temporal: { 10: 1.5 }, postgres: { 20: 2.2, 21: 0.5, 22: 0.3 } });
    expect(cpuMsPerOperation([[before, after]], 100)).toEqual({ temporal: 5, postgres: 5, total: 10 });
  });
});
