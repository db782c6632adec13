/**
 * The pure parts of `npm run bench`: percentiles, the result schema and verdicts, the argument parser, the
 * history statistics and the baseline's plan. No stack: these decide what the figures mean, so they are pinned.
 */
import { BENCHMARK_NAMES, BenchArgsError, parseBenchArgs } from '../../bench/lib/args';
import { planBaselineUnits } from '../../bench/lib/baseline';
import { activityCompletedAtMs, historyStats, payloadSizes } from '../../bench/lib/history';
import { campaignTimeline, executionTimes, formatTimeline } from '../../bench/lib/campaign-timeline';
import { median, percentile } from '../../bench/lib/percentile';
import { benchResult, BenchResultsFileSchema, passes } from '../../bench/lib/result';
import { formatResultsTable } from '../../bench/lib/table';
import type { temporal } from '@temporalio/proto';

describe('percentile', () => {
  it('when values are given in any order, then it interpolates between closest ranks', () => {
    expect(percentile([4, 1, 3, 2], 0)).toBe(1);
    expect(percentile([4, 1, 3, 2], 100)).toBe(4);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95)).toBeCloseTo(9.55, 10);
    expect(median([7])).toBe(7);
  });

  it('when there is nothing to rank or p is out of range, then it refuses', () => {
    expect(() => percentile([], 50)).toThrow('no values');
    expect(() => percentile([1], 101)).toThrow('0..100');
    expect(() => percentile([1, Number.NaN], 50)).toThrow('finite');
  });
});

describe('bench results', () => {
  const base = { name: 'ingest-vs-copy', numerator: 60, denominator: 100, units: 'rows/s ÷ rows/s', params: { families: 6000 } };

  it('when a throughput reaches its target, then it passes; a latency passes at or below it', () => {
    expect(benchResult({ ...base, target: { op: '>=', value: 0.5 } })).toMatchObject({ ratio: 0.6, pass: true });
    expect(benchResult({ ...base, target: { op: '>=', value: 0.85 } }).pass).toBe(false);
    expect(passes(2, { op: '<=', value: 2 })).toBe(true);
    expect(passes(2.01, { op: '<=', value: 2 })).toBe(false);
    expect(benchResult({ ...base, target: null }).pass).toBeNull();
  });

  it('when a side is not a usable number, then no result is made', () => {
    expect(() => benchResult({ ...base, denominator: 0, target: null })).toThrow('denominator');
    expect(() => benchResult({ ...base, numerator: Number.NaN, target: null })).toThrow('numerator');
  });

  it('when results.json is read back, then the schema holds every field the issue names and refuses extras', () => {
    const r = benchResult({ ...base, target: { op: '>=', value: 0.5 } });
    expect(Object.keys(r).sort()).toEqual(['denominator', 'name', 'numerator', 'params', 'pass', 'ratio', 'target', 'units']);
    expect(BenchResultsFileSchema.safeParse([r]).success).toBe(true);
    expect(BenchResultsFileSchema.safeParse([{ ...r, extra: 1 }]).success).toBe(false);
    expect(BenchResultsFileSchema.safeParse([{ ...r, target: { op: '>', value: 1 } }]).success).toBe(false);
  });

  it('when printed, then the table has a line per result with its verdict', () => {
    const table = formatResultsTable([benchResult({ ...base, target: { op: '>=', value: 0.85 } }), benchResult({ ...base, name: 'p50', target: null })]);
    const lines = table.split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[2]).toMatch(/^ingest-vs-copy .* 0\.600 .*>= 0\.85 +NO/);
    expect(lines[3]).toMatch(/^p50 .* - +- +rows/);
  });
});

describe('bench arguments', () => {
  it('when run without arguments, then every benchmark runs in full', () => {
    expect(parseBenchArgs([])).toEqual({ quick: false, only: [...BENCHMARK_NAMES], out: null, help: false });
  });

  it('when --quick, --only and --out are given, then they are read in either form', () => {
    expect(parseBenchArgs(['--quick', '--only', 'end-to-end,ingest-vs-copy', '--out=/tmp/r.json'])).toEqual({
      quick: true,
      only: ['ingest-vs-copy', 'end-to-end'],
      out: '/tmp/r.json',
      help: false,
    });
  });

  it('when a flag is unknown, misspelt or lacks its value, then it stops with a clear error', () => {
    expect(() => parseBenchArgs(['--quik'])).toThrow(new BenchArgsError('unknown argument: --quik'));
    expect(() => parseBenchArgs(['--only', 'ingest'])).toThrow('unknown benchmark(s): ingest');
    expect(() => parseBenchArgs(['--only'])).toThrow('--only needs a value');
    expect(() => parseBenchArgs(['--out', '--quick'])).toThrow('--out needs a value');
    expect(() => parseBenchArgs(['--quick=yes'])).toThrow('--quick takes no value');
  });
});

describe('history statistics', () => {
  const time = (s: number) => ({ seconds: s, nanos: 500_000_000 });
  const payload = (bytes: number) => ({ metadata: { encoding: new Uint8Array(10) }, data: new Uint8Array(bytes) });
  const events = [
    { eventId: 1, eventTime: time(100), workflowExecutionStartedEventAttributes: { input: { payloads: [payload(100)] } } },
    { eventId: 2, startChildWorkflowExecutionInitiatedEventAttributes: {} },
    { eventId: 3, startChildWorkflowExecutionInitiatedEventAttributes: {} },
    { eventId: 4, activityTaskScheduledEventAttributes: { activityType: { name: 'reconcileIngest' }, input: { payloads: [payload(2000)] } } },
    { eventId: 5, childWorkflowExecutionCompletedEventAttributes: {} },
    { eventId: 6, eventTime: time(130), activityTaskCompletedEventAttributes: { scheduledEventId: 4 } },
    { eventId: 7, workflowExecutionUpdateAcceptedEventAttributes: {} },
    { eventId: 8, childWorkflowExecutionTerminatedEventAttributes: {} },
  ] as unknown as temporal.api.history.v1.IHistoryEvent[];

  it('when a history is walked, then pending children and activities peak where they overlap', () => {
    expect(historyStats(events)).toEqual({
      events: 8,
      peakPendingChildren: 2,
      peakPendingActivities: 1,
      largestPayloadBytes: 2000 + 'encoding'.length + 10,
      activitiesScheduled: 1,
      childrenStarted: 2,
      updatesAccepted: 1,
    });
  });

  it('when an activity completed, then its completion time is read from its event', () => {
    expect(activityCompletedAtMs(events, 'reconcileIngest')).toBe(130_500);
    expect(activityCompletedAtMs(events, 'ingestSnapshotListing')).toBeNull();
  });

  it('when payloads nest in lists and objects, then each is measured once', () => {
    expect(payloadSizes({ a: [payload(5), { b: payload(7) }], data: new Uint8Array(99) })).toEqual([5 + 18, 7 + 18]);
  });
});

describe('end-to-end baseline plan', () => {
  it('when counts do not divide evenly, then the units add up to exactly the campaign counts', () => {
    const units = planBaselineUnits({ starts: 7, updates: 100, activities: 130 });
    expect(units).toHaveLength(7);
    expect(units.reduce((n, u) => n + u.updates, 0)).toBe(100);
    // Each update runs one activity, so only the remainder runs on its own.
    expect(units.reduce((n, u) => n + u.activities + u.updates, 0)).toBe(130);
    expect(Math.max(...units.map((u) => u.updates)) - Math.min(...units.map((u) => u.updates))).toBeLessThanOrEqual(1);
  });

  it('when there is no start to spread over, then it refuses', () => {
    expect(() => planBaselineUnits({ starts: 0, updates: 1, activities: 1 })).toThrow('at least one workflow start');
  });
});

describe('campaign timeline', () => {
  const at = (ms: number) => ({ seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1_000_000 });
  type E = Record<string, unknown>;
  const history = (list: [number, E][]) => list.map(([ms, attrs], i) => ({ eventId: i + 1, eventTime: at(ms), ...attrs })) as unknown as temporal.api.history.v1.IHistoryEvent[];
  const localMarker = (type: string) => ({
    markerRecordedEventAttributes: { markerName: 'core_local_activity', details: { data: { payloads: [{ data: Buffer.from(JSON.stringify({ activity_type: type })) }] } } },
  });
  const campaign = executionTimes(
    { workflowId: 'campaign/c', type: 'campaignWorkflow' },
    history([
      [0, { workflowExecutionStartedEventAttributes: {} }],
      [100, { activityTaskScheduledEventAttributes: { activityType: { name: 'assignWorkPackages' } } }],
      [300, { activityTaskCompletedEventAttributes: { scheduledEventId: 2 } }],
      [400, { startChildWorkflowExecutionInitiatedEventAttributes: { workflowType: { name: 'desaWorkflow' } } }],
      [9_400, { childWorkflowExecutionCompletedEventAttributes: { initiatedEventId: 4 } }],
      [9_500, { activityTaskScheduledEventAttributes: { activityType: { name: 'proposeInterventionPlan' } } }],
      [9_700, { activityTaskCompletedEventAttributes: { scheduledEventId: 6 } }],
      [10_200, { workflowExecutionUpdateAcceptedEventAttributes: { acceptedRequest: { input: { name: 'decidePlan' } } } }],
      [10_300, { workflowExecutionUpdateCompletedEventAttributes: { acceptedEventId: 8 } }],
      [10_400, { workflowExecutionCompletedEventAttributes: {} }],
    ]),
  );
  const pkg = executionTimes(
    { workflowId: 'package/c/d/1', type: 'workPackageWorkflow' },
    history([
      [500, { workflowExecutionStartedEventAttributes: {} }],
      [600, { workflowTaskStartedEventAttributes: {} }],
      [700, localMarker('openWorkPackage')],
      [3_700, { workflowExecutionUpdateAcceptedEventAttributes: { acceptedRequest: { input: { name: 'submitFieldResult' } } } }],
      [3_750, { workflowExecutionUpdateCompletedEventAttributes: { acceptedEventId: 4 } }],
      [5_700, { workflowExecutionUpdateAcceptedEventAttributes: { acceptedRequest: { input: { name: 'submitFieldResult' } } } }],
      [5_800, { workflowExecutionUpdateCompletedEventAttributes: { acceptedEventId: 6 } }],
      [6_000, { activityTaskScheduledEventAttributes: { activityType: { name: 'closeWorkPackage' } } }],
      [8_000, { activityTaskStartedEventAttributes: { scheduledEventId: 8, attempt: 2, lastFailure: { timeoutFailureInfo: { timeoutType: 'START_TO_CLOSE' } } } }],
      [8_100, { activityTaskCompletedEventAttributes: { scheduledEventId: 8 } }],
      [9_000, { workflowExecutionCompletedEventAttributes: {} }],
    ]),
  );

  it('when histories are read, then local activities count as activities, named from their marker, spanning their workflow task', () => {
    expect(pkg.activities).toEqual([
      { name: 'openWorkPackage', startMs: 600, endMs: 700 },
      { name: 'closeWorkPackage', startMs: 6_000, endMs: 8_100 },
    ]);
    expect(pkg.retried).toEqual([{ name: 'closeWorkPackage (timeout START_TO_CLOSE)', startMs: 6_000, endMs: 8_100 }]);
    expect(pkg.updates.map((u) => u.endMs! - u.startMs)).toEqual([50, 100]);
    expect(campaign.children).toEqual([{ name: 'desaWorkflow', startMs: 400, endMs: 9_400 }]);
  });

  it('when a campaign is laid out, then its steps show the gaps, the field window its idle stretch, the waits their spread', () => {
    const t = campaignTimeline([campaign, pkg]);
    expect(t.totalS).toBe(10.4);
    expect(t.steps.map((s) => [s.name, s.atS, s.tookS, s.gapBeforeS])).toEqual([
      ['assignWorkPackages', 0.1, 0.2, 0.1],
      ['field (1 desa)', 0.4, 9, 0.1],
      ['proposeInterventionPlan', 9.5, 0.2, 0.1],
      ['update decidePlan', 10.2, 0.1, 0.5],
    ]);
    // Updates accepted at 3.7, 5.7 and 10.2 s: within the field (0.4–9.4 s) 3.3 + 2.0 + 3.7 s without any.
    expect(t.field).toEqual({ startS: 0.4, endS: 9.4, idleS: 9, longestIdleS: 3.7, longestIdleAtS: 5.7 });
    expect(t.waits['package opened → first result accepted (officer picks it up)']).toEqual({ n: 1, p50: 3, p95: 3, max: 3 });
    expect(t.waits['first result accepted → last result done (visits)']).toEqual({ n: 1, p50: 2.1, p95: 2.1, max: 2.1 });
    expect(t.waits['campaign: plan proposed → decision accepted (manager picks it up)']).toEqual({ n: 1, p50: 0.5, p95: 0.5, max: 0.5 });
    expect(t.waits['case opened → decision accepted (supervisor picks it up)']).toBeNull();
    expect(t.retried).toEqual([{ name: 'closeWorkPackage (timeout START_TO_CLOSE)', n: 1, longestS: 2.1 }]);
    const lines = formatTimeline(t);
    expect(lines[0]).toBe('campaign 10.4 s; its steps (at, took, gap before, seconds):');
    expect(lines).toContain('activities retried: closeWorkPackage (timeout START_TO_CLOSE) ×1 (longest 2.1 s)');
  });
});
