/**
 * The end-to-end baseline: as many workflow starts, Updates and activities as a campaign made, all with no-op
 * bodies (bench/workflows), on the same server. Units run 50 at a time, like the 50 officers; each unit is
 * started, sent its Updates one after another (each runs one no-op activity), and awaited.
 */
import type { Client } from '@temporalio/client';
import { benchActivityUpdate } from '../workflows/contracts';
import { benchBaselineUnitWorkflow } from '../workflows';

export interface BaselineWork {
  starts: number;
  updates: number;
  activities: number;
}

/** Spreads the counts over the units as evenly as integers allow; Updates bring one activity each. */
export function planBaselineUnits(work: BaselineWork): { activities: number; updates: number }[] {
  if (!Number.isInteger(work.starts) || work.starts <= 0) throw new Error(`a baseline needs at least one workflow start, got ${work.starts}`);
  const extraActivities = Math.max(0, work.activities - work.updates);
  const share = (total: number, i: number): number => Math.floor(total / work.starts) + (i < total % work.starts ? 1 : 0);
  return Array.from({ length: work.starts }, (_, i) => ({ activities: share(extraActivities, i), updates: share(work.updates, i) }));
}

export async function runBaseline(client: Client, taskQueue: string, runId: string, work: BaselineWork, concurrency = 50): Promise<void> {
  const units = planBaselineUnits(work);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < units.length) {
        const i = next++;
        const unit = units[i] as (typeof units)[number];
        const handle = await client.workflow.start(benchBaselineUnitWorkflow, { taskQueue, workflowId: `bench-baseline-${runId}-${i}`, args: [unit] });
        for (let u = 0; u < unit.updates; u += 1) await handle.executeUpdate(benchActivityUpdate, { args: [u] });
        await handle.result();
      }
    }),
  );
}
