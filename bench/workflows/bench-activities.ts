/** The baseline's activity: no body, so what it costs is Temporal's scheduling and the worker's round trip. */
export function createBenchActivities() {
  return {
    async benchNoopActivity(n: number): Promise<number> {
      return n;
    },
  };
}
