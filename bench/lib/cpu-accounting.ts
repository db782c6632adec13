/**
 * CPU seconds spent by each process of a benchmark between two moments, read from /proc/<pid>/stat (user + system
 * time). On two shared cores a latency ratio under load follows the CPU each operation costs, so the round-trip
 * benchmark divides these by the number of operations to show where one operation's CPU goes, side by side.
 *
 * PostgreSQL serves every connection from a backend process of its own: the backends of the bench's database
 * (pg_stat_activity) are summed as one entry. A backend that appears between the two readings (a pool opening a
 * connection during the round) counts with all its time, which it spent inside the round.
 */
import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat on Linux (USER_HZ), 100 on every kernel these machines run. */
const TICKS_PER_SECOND = 100;

/** User + system CPU seconds of a process, or null once it is gone (or where /proc is not Linux's). */
export function processCpuSeconds(pid: number): number | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name (field 2) is in parentheses and may hold spaces: count the fields after its closing one.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the name: state is field 3, so utime (14) and stime (15) are at indexes 11 and 12 here.
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) return null;
  return (utime + stime) / TICKS_PER_SECOND;
}

/** A named group of processes, read together (several PostgreSQL backends are one entry). */
export interface CpuSource {
  name: string;
  pids(): Promise<number[]> | number[];
}

export type CpuReading = Map<string, Map<number, number>>;

export async function readCpu(sources: readonly CpuSource[]): Promise<CpuReading> {
  const reading: CpuReading = new Map();
  for (const source of sources) {
    const byPid = new Map<number, number>();
    for (const pid of await source.pids()) {
      const seconds = processCpuSeconds(pid);
      if (seconds !== null) byPid.set(pid, seconds);
    }
    reading.set(source.name, byPid);
  }
  return reading;
}

/** The readings before and after one round of operations. */
export type CpuRound = readonly [before: CpuReading, after: CpuReading];

/**
 * Milliseconds of CPU per operation for each source over one or more rounds (the operations of all of them). A
 * process present only at a round's end counts from zero; one gone by the end counts nothing (its last interval
 * cannot be read).
 */
export function cpuMsPerOperation(rounds: readonly CpuRound[], operations: number): Record<string, number> {
  const seconds = new Map<string, number>();
  for (const [before, after] of rounds) {
    for (const [name, end] of after) {
      const start = before.get(name) ?? new Map<number, number>();
      let s = seconds.get(name) ?? 0;
      for (const [pid, at] of end) s += at - (start.get(pid) ?? 0);
      seconds.set(name, s);
    }
  }
  const perOperation = (s: number): number => (operations > 0 ? Math.round(((s * 1000) / operations) * 100) / 100 : 0);
  const out: Record<string, number> = {};
  let total = 0;
  for (const [name, s] of seconds) {
    out[name] = perOperation(s);
    total += s;
  }
  out.total = perOperation(total);
  return out;
}
