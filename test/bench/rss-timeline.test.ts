/**
 * The headroom benchmark's memory timeline and its size override: pure, pinned here because they decide which
 * phase a peak is blamed on and which campaign size is measured.
 */
import { BenchArgsError, headroomFamilies } from '../../bench/lib/args';
import { formatRssByPhase, rssByPhase, type RssSample } from '../../bench/lib/rss-timeline';
import { isWorkerHeapReport, parseVmRss, BENCH_WORKER_HEAP_REPORT } from '../../bench/lib/worker-process';

const MIB = 2 ** 20;
const sample = (seconds: number, phase: string, rssMiB: number, heapMiB: number | null = null, cached: number | null = null): RssSample => ({
  seconds,
  rssBytes: rssMiB * MIB,
  phase,
  verified: 0,
  heapUsedBytes: heapMiB === null ? null : heapMiB * MIB,
  cachedWorkflows: cached,
});

describe('worker RSS by phase', () => {
  it('when samples cross phases, then each stretch keeps its first RSS, its peak and when the peak came', () => {
    const stretches = rssByPhase([sample(0, 'ingest', 300), sample(1, 'ingest', 350, 90, 1), sample(2, 'field', 400, 100, 200), sample(3, 'field', 700, 150, 480), sample(4, 'field', 650, 120, 500)]);
    expect(stretches).toEqual([
      { phase: 'ingest', fromSeconds: 0, toSeconds: 1, samples: 2, firstRssBytes: 300 * MIB, peakRssBytes: 350 * MIB, peakAtSeconds: 1, peakHeapUsedBytes: 90 * MIB, peakCachedWorkflows: 1 },
      { phase: 'field', fromSeconds: 2, toSeconds: 4, samples: 3, firstRssBytes: 400 * MIB, peakRssBytes: 700 * MIB, peakAtSeconds: 3, peakHeapUsedBytes: 150 * MIB, peakCachedWorkflows: 500 },
    ]);
    expect(formatRssByPhase(stretches)).toMatch(/field .* 400 MiB → peak +700 MiB at 3 s .*cache peak 500/);
  });

  it('when a phase comes back (a re-visit round), then it is a stretch of its own', () => {
    expect(rssByPhase([sample(0, 'field', 1), sample(1, 'escalation', 1), sample(2, 'field', 1)]).map((s) => s.phase)).toEqual(['field', 'escalation', 'field']);
    expect(rssByPhase([])).toEqual([]);
  });
});

describe('worker process memory', () => {
  it('when /proc/<pid>/status is read, then VmRSS is taken in bytes, not VmHWM', () => {
    expect(parseVmRss('VmHWM:\t  900 kB\nVmRSS:\t  512 kB\n')).toBe(512 * 1024);
    expect(parseVmRss('Name: node\n')).toBeNull();
  });

  it('when the worker reports its heap, then only its own message shape is taken for one', () => {
    expect(isWorkerHeapReport({ kind: BENCH_WORKER_HEAP_REPORT, heapUsed: 1 })).toBe(true);
    expect(isWorkerHeapReport('verivali-bench-worker-ready')).toBe(false);
    expect(isWorkerHeapReport({ kind: 'other', heapUsed: 1 })).toBe(false);
  });
});

describe('headroom campaign size', () => {
  it('when nothing is set, then full size is 60,000 families and quick 1,000', () => {
    expect(headroomFamilies(undefined, false)).toBe(60_000);
    expect(headroomFamilies('', true)).toBe(1_000);
  });

  it('when VERIVALI_BENCH_HEADROOM_FAMILIES is set, then it wins over --quick, and nonsense stops the run', () => {
    expect(headroomFamilies('10000', true)).toBe(10_000);
    expect(headroomFamilies('3_000', false)).toBe(3_000);
    expect(() => headroomFamilies('ten', false)).toThrow(BenchArgsError);
    expect(() => headroomFamilies('99', false)).toThrow('from 100 to 600000');
    expect(() => headroomFamilies('2500.5', false)).toThrow(BenchArgsError);
  });
});
