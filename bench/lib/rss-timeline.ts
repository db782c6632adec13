/**
 * The worker's resident set over a campaign, lined up with the campaign's phases. VmHWM says how high the worker
 * went, not when: these one-second samples say which phase (and how far into the field) the peak belongs to, and
 * how the memory grows with the number of families. Pure, so it is unit-tested without a stack.
 */
export interface RssSample {
  /** Seconds since the campaign started. */
  seconds: number;
  rssBytes: number;
  /** The campaign's phase from its progress query; the last known one when the query did not answer in time. */
  phase: string;
  verified: number;
  /** Main-thread heap of the worker (its last report), or null before the first. */
  heapUsedBytes: number | null;
  /** Workflow runs in the worker's cache (its last report), or null before the first. */
  cachedWorkflows: number | null;
}

export interface PhaseMemory {
  phase: string;
  fromSeconds: number;
  toSeconds: number;
  samples: number;
  firstRssBytes: number;
  peakRssBytes: number;
  /** When in the phase the peak was reached (seconds since the campaign started). */
  peakAtSeconds: number;
  peakHeapUsedBytes: number | null;
  peakCachedWorkflows: number | null;
}

const maxOrNull = (a: number | null, b: number | null): number | null => (a === null ? b : b === null ? a : Math.max(a, b));

/** Consecutive samples of one phase become one stretch (a re-visit round can bring a phase back: a new stretch). */
export function rssByPhase(samples: readonly RssSample[]): PhaseMemory[] {
  const stretches: PhaseMemory[] = [];
  for (const s of samples) {
    const last = stretches[stretches.length - 1];
    if (last && last.phase === s.phase) {
      last.toSeconds = s.seconds;
      last.samples += 1;
      if (s.rssBytes > last.peakRssBytes) {
        last.peakRssBytes = s.rssBytes;
        last.peakAtSeconds = s.seconds;
      }
      last.peakHeapUsedBytes = maxOrNull(last.peakHeapUsedBytes, s.heapUsedBytes);
      last.peakCachedWorkflows = maxOrNull(last.peakCachedWorkflows, s.cachedWorkflows);
      continue;
    }
    stretches.push({
      phase: s.phase,
      fromSeconds: s.seconds,
      toSeconds: s.seconds,
      samples: 1,
      firstRssBytes: s.rssBytes,
      peakRssBytes: s.rssBytes,
      peakAtSeconds: s.seconds,
      peakHeapUsedBytes: s.heapUsedBytes,
      peakCachedWorkflows: s.cachedWorkflows,
    });
  }
  return stretches;
}

const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

/** One line per phase stretch: when, how many samples, RSS at its start and its peak, the main heap's peak. */
export function formatRssByPhase(stretches: readonly PhaseMemory[]): string {
  return stretches
    .map((p) => {
      const heap = p.peakHeapUsedBytes === null ? '-' : mib(p.peakHeapUsedBytes);
      return `    ${p.phase.padEnd(12)} ${p.fromSeconds.toFixed(0).padStart(5)}–${p.toSeconds.toFixed(0).padEnd(5)} s  ${String(p.samples).padStart(4)} samples  RSS ${mib(p.firstRssBytes).padStart(8)} → peak ${mib(p.peakRssBytes).padStart(8)} at ${p.peakAtSeconds.toFixed(0)} s  main heap peak ${heap}, cache peak ${p.peakCachedWorkflows ?? '-'}`;
    })
    .join('\n');
}

/** Every n-th sample, so a long field phase shows how the RSS climbs (and against how many verified families). */
export function formatRssSamples(samples: readonly RssSample[], every: number): string {
  return samples
    .filter((_, i) => i % every === 0 || i === samples.length - 1)
    .map((s) => `    ${s.seconds.toFixed(0).padStart(5)} s  ${s.phase.padEnd(12)} verified ${String(s.verified).padStart(6)}  RSS ${mib(s.rssBytes).padStart(8)}  main heap ${s.heapUsedBytes === null ? '-' : mib(s.heapUsedBytes)}  cached ${s.cachedWorkflows ?? '-'}`)
    .join('\n');
}
