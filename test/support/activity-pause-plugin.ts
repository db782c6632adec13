/**
 * Holds one activity of a worker process at a named point, so a test can SIGKILL the process while that step is
 * in flight: `<activityType>:before` (started on the server, nothing written yet) or `<activityType>:after` (its
 * writes committed, its result not yet reported to Temporal: the moment that proves a retry is idempotent).
 *
 * It is a Temporal connection plugin: every worker built from the connection gets the interceptor, so the worker
 * itself is made by the production factory (workers/create-worker.ts) unchanged. Only the first attempt of the
 * first matching execution pauses; everything else runs normally until the process is killed.
 */
import { Context } from '@temporalio/activity';
import type { ActivityInboundCallsInterceptor, NativeConnectionPlugin, WorkerOptions, WorkerPlugin } from '@temporalio/worker';

export const PAUSE_WHEN = ['before', 'after'] as const;
export type PauseWhen = (typeof PAUSE_WHEN)[number];

export interface PausePoint {
  activityType: string;
  when: PauseWhen;
}

/** `recordFieldResult:after` → { activityType: 'recordFieldResult', when: 'after' }; anything else is an error. */
export function parsePausePoint(text: string): PausePoint {
  const [activityType, when, ...rest] = text.split(':');
  if (!activityType || rest.length > 0 || !(PAUSE_WHEN as readonly string[]).includes(when ?? '')) {
    throw new Error(`pause point must be <activityType>:before or <activityType>:after, not "${text}"`);
  }
  return { activityType, when: when as PauseWhen };
}

/** Never settles: the activity stays in flight until its process dies. */
const holdForever = (): Promise<never> => new Promise<never>(() => undefined);

export function activityPausePlugin(point: PausePoint, onPaused: (point: PausePoint) => void): NativeConnectionPlugin & WorkerPlugin {
  let fired = false;
  const shouldPause = (): boolean => {
    const info = Context.current().info;
    if (fired || info.activityType !== point.activityType || info.attempt !== 1) return false;
    fired = true;
    return true;
  };
  const pause = async (): Promise<never> => {
    onPaused(point);
    return holdForever();
  };
  const inbound: ActivityInboundCallsInterceptor = {
    async execute(input, next) {
      if (point.when === 'before' && shouldPause()) return pause();
      const result = await next(input);
      if (point.when === 'after' && shouldPause()) return pause();
      return result;
    },
  };
  return {
    name: `verivali-test-pause-${point.activityType}-${point.when}`,
    configureWorker(options: WorkerOptions): WorkerOptions {
      const interceptors = options.interceptors ?? {};
      return {
        ...options,
        interceptors: { ...interceptors, activity: [...(interceptors.activity ?? []), () => ({ inbound })] },
        // This worker is going to be killed: the server moves the workflows it cached to the other workers after
        // 2 s without a poll of its sticky queue rather than the default 10 s, which only shortens the test's wait.
        stickyQueueScheduleToStartTimeout: '2s',
      };
    },
  };
}
