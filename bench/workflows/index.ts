/**
 * Bench-only workflows: the baselines the benchmarks divide by. Bundled only by the bench worker.
 *
 * - benchWarmWorkflow: a long-lived workflow answering no-op Updates (field-result round trip baseline), and
 *   Updates that run one no-op activity or local activity (what a handler's shape costs before any of its work).
 * - benchBaselineUnitWorkflow: runs some no-op activities, then waits for a number of Updates that each run one
 *   no-op activity (end-to-end baseline: the same starts, Updates and activities as a campaign, with no work).
 */
import { allHandlersFinished, condition, proxyActivities, proxyLocalActivities, setHandler } from '@temporalio/workflow';
import type { createBenchActivities } from './bench-activities';
import { benchActivityUpdate, benchFinishUpdate, benchLocalActivityUpdate, benchNoopUpdate, type BaselineUnitInput } from './contracts';

const { benchNoopActivity } = proxyActivities<ReturnType<typeof createBenchActivities>>({ startToCloseTimeout: '1m' });
const local = proxyLocalActivities<ReturnType<typeof createBenchActivities>>({ startToCloseTimeout: '15s' });

export async function benchWarmWorkflow(): Promise<number> {
  let answered = 0;
  let finished = false;
  setHandler(benchNoopUpdate, (n: number) => {
    answered += 1;
    return n;
  });
  // The shape of submitFieldResult without its work: one activity inside the handler (two workflow tasks).
  setHandler(benchActivityUpdate, async (n: number) => {
    answered += 1;
    return benchNoopActivity(n);
  });
  // The shape submitFieldResult has since its patch: one local activity inside the handler (one workflow task, two
  // activations).
  setHandler(benchLocalActivityUpdate, async (n: number) => {
    answered += 1;
    return local.benchNoopActivity(n);
  });
  setHandler(benchFinishUpdate, () => {
    finished = true;
  });
  await condition(() => finished);
  await condition(allHandlersFinished);
  return answered;
}

export async function benchBaselineUnitWorkflow(input: BaselineUnitInput): Promise<number> {
  let received = 0;
  setHandler(benchActivityUpdate, async (n: number) => {
    received += 1;
    return benchNoopActivity(n);
  });
  for (let i = 0; i < input.activities; i += 1) await benchNoopActivity(i);
  await condition(() => received >= input.updates);
  // The last Update's activity may still run: complete only once every handler has answered.
  await condition(allHandlersFinished);
  return received;
}
