/** Order statistics for latencies and repeated runs. Pure: the unit tests pin them down. */

/** The p-th percentile (0 ≤ p ≤ 100) by linear interpolation between closest ranks (as numpy's default). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error('percentile of no values');
  if (!(p >= 0 && p <= 100)) throw new Error(`percentile must be within 0..100, got ${p}`);
  if (values.some((v) => !Number.isFinite(v))) throw new Error('percentile of a value that is not a finite number');
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  const lowValue = sorted[low] as number;
  return lowValue + ((sorted[high] as number) - lowValue) * (rank - low);
}

export const median = (values: readonly number[]): number => percentile(values, 50);
