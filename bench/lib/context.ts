/** What every benchmark receives, and the few helpers they share. */
import { loadavg } from 'node:os';
import type { BenchParams } from './result';
import type { BenchStack } from './stack';

export interface BenchContext {
  stack: BenchStack;
  quick: boolean;
  say(line: string): void;
}

/** The machine is shared: the 1-minute load average at the moment a figure was taken goes into its params. */
export const loadParams = (): BenchParams => ({ loadAverage1m: Number((loadavg()[0] ?? 0).toFixed(2)) });

export async function timed<T>(work: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const started = process.hrtime.bigint();
  const value = await work();
  return { value, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

export const round = (n: number, digits = 3): number => Number(n.toFixed(digits));
