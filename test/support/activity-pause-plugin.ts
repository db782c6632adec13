/**
 * Holds one activity of a worker process at a named point, so a test can SIGKILL the process while that step is
 * in flight: `<activityType>:before` (started on the server, nothing written yet) or `<activityType>:after` (its
 * writes committed, its result not yet reported to Temporal: the moment that proves a retry is idempotent).
 *
 * It is a Temporal connection plugin: every worker built from the connection gets the interceptor, so the worker
 * itself is made by the production factory (workers/create-worker.ts) unchanged. Only the first attempt of the
 * first matching execution pauses; everything else runs normally until the process is killed.
 *
 * Local activities (recordFieldResult) pass through the same interceptor: held, they keep their workflow task open
 * in the process instead of an activity task on the server, so killing the process loses that workflow task.
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

/** Starts the line a held activity prints to its process's log: `<prefix>{ point, workflowId, isLocal, submissionId }`. */
export const PAUSED_LINE_PREFIX = 'verivali-test-paused ';

export interface PausedLine {
  point: string;
  workflowId: string | null;
  isLocal: boolean;
  submissionId: string | null;
}

/** The paused line in a worker's log text, or null. */
export function findPausedLine(log: string): PausedLine | null {
  const line = log.split('\n').find((l) => l.startsWith(PAUSED_LINE_PREFIX));
  return line ? (JSON.parse(line.slice(PAUSED_LINE_PREFIX.length)) as PausedLine) : null;
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
  const pause = async (args: readonly unknown[]): Promise<never> => {
    // Ids only, on the process's own output (its log file): which step the kill lost, for the test to look up.
    const info = Context.current().info;
    const first = args[0] as { submissionId?: unknown } | undefined;
    const submissionId = typeof first?.submissionId === 'string' ? first.submissionId : null;
    console.log(`${PAUSED_LINE_PREFIX}${JSON.stringify({ point: `${point.activityType}:${point.when}`, workflowId: info.workflowExecution?.workflowId ?? null, isLocal: info.isLocal, submissionId })}`);
    onPaused(point);
    return holdForever();
  };
  const inbound: ActivityInboundCallsInterceptor = {
    async execute(input, next) {
      if (point.when === 'before' && shouldPause()) return pause(input.args);
      const result = await next(input);
      if (point.when === 'after' && shouldPause()) return pause(input.args);
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
