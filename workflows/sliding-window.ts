/**
 * Runs `run` over `items` with at most `size` in flight, starting the next as soon as one finishes. Keeps a
 * workflow's pending children under the limit that Temporal enforces (2,000; the project stays under 500),
 * however many items there are.
 */
export async function slidingWindow<T, R>(items: readonly T[], size: number, run: (item: T) => Promise<R>, onDone?: (result: R) => void): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  async function lane(): Promise<void> {
    while (next < items.length) {
      const index = next++;
      const result = await run(items[index] as T);
      results[index] = result;
      onDone?.(result);
    }
  }
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, () => lane()));
  return results;
}
