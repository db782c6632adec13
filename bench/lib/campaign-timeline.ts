/**
 * Where a campaign's wall time goes, read from the histories of its tree: the campaign's own steps (activities,
 * the desa window, the plan decision) with the gaps between them, and across the field phase how long packages
 * and cases waited for the simulated people and how long the service took between them. Pure over histories, so
 * it is unit-tested without a server; the end-to-end benchmark prints it for its first campaign.
 */
import { temporal } from '@temporalio/proto';
import { ACTIVITY_CLOSED, CHILD_CLOSED, eventTimeMs } from './history';
import { percentile } from './percentile';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

export interface Span {
  name: string;
  startMs: number;
  endMs: number | null;
}

/** One execution reduced to the times the timeline needs (no payloads: nothing personal is kept). */
export interface ExecutionTimes {
  workflowId: string;
  type: string;
  startMs: number;
  endMs: number | null;
  /**
   * Scheduled → completed (or failed, timed out, cancelled), in history order; local activities too, from the
   * workflow task in which they ran to their marker.
   */
  activities: Span[];
  /** Accepted → completed, named by the Update's name. */
  updates: Span[];
  /** Initiated → closed. */
  children: Span[];
  /** Regular activities that needed more than one attempt (a timeout or a failure before the one that counted). */
  retried: Span[];
}

const CLOSED = [
  'workflowExecutionCompletedEventAttributes',
  'workflowExecutionFailedEventAttributes',
  'workflowExecutionCanceledEventAttributes',
  'workflowExecutionTerminatedEventAttributes',
  'workflowExecutionTimedOutEventAttributes',
  'workflowExecutionContinuedAsNewEventAttributes',
] as const;

const timeoutName = (t: unknown): string => (typeof t === 'number' ? (temporal.api.enums.v1.TimeoutType[t] ?? String(t)).replace('TIMEOUT_TYPE_', '') : String(t));

/** The activity type a local activity's marker names (core writes its marker data as plain JSON, outside the codec). */
export function localActivityType(e: HistoryEvent): string | null {
  const marker = e.markerRecordedEventAttributes;
  if (!marker || marker.markerName !== 'core_local_activity') return null;
  const data = marker.details?.data?.payloads?.[0]?.data;
  if (!data) return '?';
  try {
    const parsed = JSON.parse(Buffer.from(data).toString('utf8')) as { activity_type?: unknown };
    return typeof parsed.activity_type === 'string' ? parsed.activity_type : '?';
  } catch {
    return '?';
  }
}

export function executionTimes(id: { workflowId: string; type: string }, events: readonly HistoryEvent[]): ExecutionTimes {
  const first = events[0];
  if (!first) throw new Error(`execution ${id.workflowId} has an empty history`);
  const byId = new Map<number, Span>();
  const retriedById = new Map<number, Span>();
  const times: ExecutionTimes = { ...id, startMs: eventTimeMs(first), endMs: null, activities: [], updates: [], children: [], retried: [] };
  let taskStartedMs = times.startMs;
  for (const e of events) {
    const at = eventTimeMs(e);
    const eventId = Number(e.eventId);
    if (e.workflowTaskStartedEventAttributes) taskStartedMs = at;
    const local = localActivityType(e);
    if (local !== null) times.activities.push({ name: local, startMs: taskStartedMs, endMs: at });
    const scheduled = e.activityTaskScheduledEventAttributes;
    if (scheduled) {
      const span = { name: scheduled.activityType?.name ?? '?', startMs: at, endMs: null };
      times.activities.push(span);
      byId.set(eventId, span);
    }
    const started = e.activityTaskStartedEventAttributes;
    if (started && Number(started.attempt ?? 1) > 1) {
      const span = byId.get(Number(started.scheduledEventId));
      // Why the attempt before failed: a timeout's kind, or the failure's type (never its message: it may carry data).
      const last = started.lastFailure;
      const why = last?.timeoutFailureInfo ? `timeout ${timeoutName(last.timeoutFailureInfo.timeoutType)}` : (last?.applicationFailureInfo?.type ?? 'failure');
      if (span) {
        const entry = { name: `${span.name} (${why})`, startMs: span.startMs, endMs: null };
        times.retried.push(entry);
        retriedById.set(Number(started.scheduledEventId), entry);
      }
    }
    for (const key of ACTIVITY_CLOSED) {
      const closed = e[key];
      if (closed) {
        const span = byId.get(Number(closed.scheduledEventId));
        if (span) span.endMs = at;
        const retried = retriedById.get(Number(closed.scheduledEventId));
        if (retried) retried.endMs = at;
      }
    }
    const accepted = e.workflowExecutionUpdateAcceptedEventAttributes;
    if (accepted) {
      const span = { name: accepted.acceptedRequest?.input?.name ?? '?', startMs: at, endMs: null };
      times.updates.push(span);
      byId.set(eventId, span);
    }
    const updateDone = e.workflowExecutionUpdateCompletedEventAttributes;
    if (updateDone) {
      const span = byId.get(Number(updateDone.acceptedEventId));
      if (span) span.endMs = at;
    }
    const initiated = e.startChildWorkflowExecutionInitiatedEventAttributes;
    if (initiated) {
      const span = { name: initiated.workflowType?.name ?? '?', startMs: at, endMs: null };
      times.children.push(span);
      byId.set(eventId, span);
    }
    for (const key of CHILD_CLOSED) {
      const closed = e[key];
      if (closed) {
        const span = byId.get(Number(closed.initiatedEventId));
        if (span) span.endMs = at;
      }
    }
    if (CLOSED.some((k) => e[k])) times.endMs = at;
  }
  return times;
}

/** One line of the campaign's own steps: when it started (seconds after the campaign), how long, the gap before. */
export interface Step {
  name: string;
  atS: number;
  tookS: number;
  gapBeforeS: number;
}

export interface Distribution {
  n: number;
  p50: number;
  p95: number;
  max: number;
}

export interface CampaignTimeline {
  totalS: number;
  steps: Step[];
  /** Seconds, over every package/case/desa of the tree; null where none happened. */
  waits: Record<string, Distribution | null>;
  /** Regular activities retried (a lost task or a timeout shows here as a long stall): type, how many, the longest. */
  retried: { name: string; n: number; longestS: number }[];
  /** Field window (first desa started → last desa closed), and how much of it had no Update accepted at all. */
  field: { startS: number; endS: number; idleS: number; longestIdleS: number; longestIdleAtS: number };
}

const dist = (values: number[]): Distribution | null =>
  values.length === 0 ? null : { n: values.length, p50: percentile(values, 50), p95: percentile(values, 95), max: Math.max(...values) };
const seconds = (ms: number): number => Math.round(ms) / 1000;

/** The campaign's steps in order; the desa children collapse into one `field` step. */
function campaignSteps(campaign: ExecutionTimes): Step[] {
  const spans: Span[] = [...campaign.activities, ...campaign.updates.map((u) => ({ ...u, name: `update ${u.name}` }))];
  const desa = campaign.children.filter((c) => c.name === 'desaWorkflow');
  if (desa.length > 0) {
    const ends = desa.map((d) => d.endMs ?? Number.NaN);
    spans.push({ name: `field (${desa.length} desa)`, startMs: Math.min(...desa.map((d) => d.startMs)), endMs: Math.max(...ends) });
  }
  // The field-progress refreshes run while the field step does: shown in the table, but they do not end a gap.
  spans.sort((a, b) => a.startMs - b.startMs);
  let lastEnd = campaign.startMs;
  return spans.map((s) => {
    const end = s.endMs ?? s.startMs;
    const step = { name: s.name, atS: seconds(s.startMs - campaign.startMs), tookS: seconds(end - s.startMs), gapBeforeS: seconds(Math.max(0, s.startMs - lastEnd)) };
    if (s.name !== 'countVerification' || s.startMs >= lastEnd) lastEnd = Math.max(lastEnd, end);
    return step;
  });
}

/** Seconds of the window in which no Update was accepted in any workflow, and the longest such stretch. */
function idleWithin(startMs: number, endMs: number, busyAtMs: number[]): { idleS: number; longestIdleS: number; longestIdleAtS: number } {
  const marks = [startMs, ...busyAtMs.filter((t) => t >= startMs && t <= endMs).sort((a, b) => a - b), endMs];
  let idle = 0;
  let longest = 0;
  let longestAt = startMs;
  for (let i = 1; i < marks.length; i += 1) {
    const gap = (marks[i] as number) - (marks[i - 1] as number);
    // Gaps under a second are the normal spacing of a busy system, not waiting.
    if (gap >= 1000) idle += gap;
    if (gap > longest) {
      longest = gap;
      longestAt = marks[i - 1] as number;
    }
  }
  return { idleS: seconds(idle), longestIdleS: seconds(longest), longestIdleAtS: longestAt };
}

export function campaignTimeline(executions: readonly ExecutionTimes[]): CampaignTimeline {
  const campaign = executions.find((e) => e.type === 'campaignWorkflow');
  if (!campaign) throw new Error('no campaignWorkflow among the executions');
  const t0 = campaign.startMs;
  const of = (type: string): ExecutionTimes[] => executions.filter((e) => e.type === type);
  const packages = of('workPackageWorkflow');
  const cases = of('escalationCaseWorkflow');
  const desa = of('desaWorkflow');
  const gaps = (list: ExecutionTimes[], from: (e: ExecutionTimes) => number | null, to: (e: ExecutionTimes) => number | null): number[] =>
    list.flatMap((e) => {
      const a = from(e);
      const b = to(e);
      return a === null || b === null ? [] : [(b - a) / 1000];
    });
  const activityEnd = (e: ExecutionTimes, name: string): number | null => e.activities.find((a) => a.name === name)?.endMs ?? null;
  const activityStart = (e: ExecutionTimes, name: string): number | null => e.activities.find((a) => a.name === name)?.startMs ?? null;
  const results = (e: ExecutionTimes): Span[] => e.updates.filter((u) => u.name === 'submitFieldResult');
  const handIn = (e: ExecutionTimes): Span | undefined => e.updates.find((u) => u.name === 'handInPackage');
  const firstResult = (e: ExecutionTimes): number | null => results(e)[0]?.startMs ?? null;
  const lastResult = (e: ExecutionTimes): number | null => results(e).at(-1)?.endMs ?? null;
  const decision = (e: ExecutionTimes): Span | undefined => e.updates.find((u) => u.name === 'decideCase');
  const casesStart = (e: ExecutionTimes): number | null => e.children[0]?.startMs ?? null;
  const casesEnd = (e: ExecutionTimes): number | null => (e.children.length === 0 ? null : Math.max(...e.children.map((c) => c.endMs ?? Number.NaN)));
  const desaPackagesOfRound = (e: ExecutionTimes, round: number): Span[] => {
    // Children are started per round after loadDesaPackages; the n-th load opens round n.
    const loads = e.activities.filter((a) => a.name === 'loadDesaPackages');
    const from = loads[round - 1]?.endMs ?? null;
    const to = loads[round]?.startMs ?? Infinity;
    return from === null ? [] : e.children.filter((c) => c.startMs >= from && c.startMs <= to);
  };

  const field = campaign.children.filter((c) => c.name === 'desaWorkflow');
  const fieldStart = field.length > 0 ? Math.min(...field.map((c) => c.startMs)) : t0;
  const fieldEnd = field.length > 0 ? Math.max(...field.map((c) => c.endMs ?? t0)) : t0;
  const accepted = executions.flatMap((e) => e.updates.map((u) => u.startMs));
  const idle = idleWithin(fieldStart, fieldEnd, accepted);

  return {
    totalS: seconds((campaign.endMs ?? t0) - t0),
    steps: campaignSteps(campaign),
    waits: {
      'package started → opened (openWorkPackage done)': dist(gaps(packages, (e) => e.startMs, (e) => activityEnd(e, 'openWorkPackage'))),
      'package opened → first result accepted (officer picks it up)': dist(gaps(packages, (e) => activityEnd(e, 'openWorkPackage'), firstResult)),
      'first result accepted → last result done (visits)': dist(gaps(packages, firstResult, lastResult)),
      'result Update accepted → done (recording)': dist(packages.flatMap((e) => results(e).flatMap((u) => (u.endMs === null ? [] : [(u.endMs - u.startMs) / 1000])))),
      'last result → hand-in accepted': dist(gaps(packages, lastResult, (e) => handIn(e)?.startMs ?? null)),
      'hand-in → closeWorkPackage done': dist(gaps(packages, (e) => handIn(e)?.endMs ?? null, (e) => activityEnd(e, 'closeWorkPackage'))),
      'package: cases started → all decided': dist(gaps(packages, casesStart, casesEnd)),
      'package: last step → closed': dist(gaps(packages, (e) => casesEnd(e) ?? activityEnd(e, 'closeWorkPackage'), (e) => e.endMs)),
      'case started → opened (openEscalationCase done)': dist(gaps(cases, (e) => e.startMs, (e) => activityEnd(e, 'openEscalationCase'))),
      'case opened → decision accepted (supervisor picks it up)': dist(gaps(cases, (e) => activityEnd(e, 'openEscalationCase'), (e) => decision(e)?.startMs ?? null)),
      'case decision accepted → case closed': dist(gaps(cases, (e) => decision(e)?.startMs ?? null, (e) => e.endMs)),
      'desa started → first package started': dist(gaps(desa, (e) => e.startMs, (e) => e.children[0]?.startMs ?? null)),
      'desa round 1 (first package started → last closed)': dist(
        gaps(desa, (e) => desaPackagesOfRound(e, 1)[0]?.startMs ?? null, (e) => {
          const round = desaPackagesOfRound(e, 1);
          return round.length === 0 ? null : Math.max(...round.map((c) => c.endMs ?? Number.NaN));
        }),
      ),
      'desa round 1 closed → re-visit packages started': dist(
        gaps(desa, (e) => {
          const round = desaPackagesOfRound(e, 1);
          return desaPackagesOfRound(e, 2).length === 0 || round.length === 0 ? null : Math.max(...round.map((c) => c.endMs ?? Number.NaN));
        }, (e) => desaPackagesOfRound(e, 2)[0]?.startMs ?? null),
      ),
      'desa re-visit round (first package started → last closed)': dist(
        gaps(desa, (e) => desaPackagesOfRound(e, 2)[0]?.startMs ?? null, (e) => {
          const round = desaPackagesOfRound(e, 2);
          return round.length === 0 ? null : Math.max(...round.map((c) => c.endMs ?? Number.NaN));
        }),
      ),
      'desa: last package closed → desa closed': dist(gaps(desa, (e) => (e.children.length === 0 ? null : Math.max(...e.children.map((c) => c.endMs ?? Number.NaN))), (e) => e.endMs)),
      'campaign: plan proposed → decision accepted (manager picks it up)': dist(
        gaps([campaign], (e) => activityEnd(e, 'proposeInterventionPlan'), (e) => e.updates.find((u) => u.name === 'decidePlan')?.startMs ?? null),
      ),
      'campaign: checks scheduled → done': dist(gaps([campaign], (e) => activityStart(e, 'runPreVerificationChecks'), (e) => activityEnd(e, 'runPreVerificationChecks'))),
    },
    retried: [...new Set(executions.flatMap((e) => e.retried.map((r) => r.name)))].sort().map((name) => {
      const spans = executions.flatMap((e) => e.retried.filter((r) => r.name === name));
      return { name, n: spans.length, longestS: seconds(Math.max(...spans.map((r) => (r.endMs ?? r.startMs) - r.startMs))) };
    }),
    field: { startS: seconds(fieldStart - t0), endS: seconds(fieldEnd - t0), idleS: idle.idleS, longestIdleS: idle.longestIdleS, longestIdleAtS: seconds(idle.longestIdleAtS - t0) },
  };
}

/** The timeline as lines for the bench's output. */
export function formatTimeline(t: CampaignTimeline): string[] {
  const f = (n: number): string => n.toFixed(2).padStart(7);
  const lines = [`campaign ${t.totalS.toFixed(1)} s; its steps (at, took, gap before, seconds):`];
  for (const s of t.steps) lines.push(`  ${f(s.atS)} ${f(s.tookS)} ${f(s.gapBeforeS)}  ${s.name}`);
  lines.push(`field ${t.field.startS.toFixed(1)}–${t.field.endS.toFixed(1)} s: ${t.field.idleS.toFixed(1)} s without any Update accepted (gaps ≥ 1 s), longest ${t.field.longestIdleS.toFixed(1)} s at ${t.field.longestIdleAtS.toFixed(1)} s`);
  if (t.retried.length > 0) lines.push(`activities retried: ${t.retried.map((r) => `${r.name} ×${r.n} (longest ${r.longestS.toFixed(1)} s)`).join(', ')}`);
  lines.push('waits across the tree (n, p50, p95, max seconds):');
  for (const [name, d] of Object.entries(t.waits)) {
    lines.push(d === null ? `  ${'–'.padStart(5)}  ${name}` : `  ${String(d.n).padStart(5)} ${f(d.p50)} ${f(d.p95)} ${f(d.max)}  ${name}`);
  }
  return lines;
}
