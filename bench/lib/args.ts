/** Command line of `npm run bench`: strict, so a mistyped flag stops the run instead of benchmarking the wrong thing. */
export const BENCHMARK_NAMES = ['ingest-vs-copy', 'orchestration-overhead', 'field-result-round-trip', 'end-to-end', 'scale-headroom'] as const;
export type BenchmarkName = (typeof BENCHMARK_NAMES)[number];

export interface BenchArgs {
  quick: boolean;
  only: BenchmarkName[];
  /** Where results.json goes; default bench/results.json. */
  out: string | null;
  help: boolean;
}

export class BenchArgsError extends Error {}

export const BENCH_USAGE = `Usage: npm run bench [-- options]

  --quick              the short version: 6,000 families for the ingest, 1,000 for the campaigns (25 minutes on a
                       loaded 2-core machine; the full size takes hours there)
  --only <names>       comma-separated benchmarks to run (default all): ${BENCHMARK_NAMES.join(', ')}
  --out <file>         where to write the results (default bench/results.json)
  --help               this text

Environment:
  VERIVALI_BENCH_HEADROOM_FAMILIES=N   the headroom campaign's size instead of 60,000 (--quick: 1,000), to see
                                       how the worker's memory grows with the number of families
  VERIVALI_BENCH_DATABASE=name         the run's database (default verivali_bench)`;

export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  const args: BenchArgs = { quick: false, only: [...BENCHMARK_NAMES], out: null, help: false };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v.length === 0 || (inline === undefined && v.startsWith('--'))) throw new BenchArgsError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--quick':
        if (inline !== undefined) throw new BenchArgsError('--quick takes no value');
        args.quick = true;
        break;
      case '--help':
      case '-h':
        args.help = true;
        break;
      case '--only': {
        const names = value().split(',').map((n) => n.trim()).filter((n) => n.length > 0);
        const unknown = names.filter((n) => !(BENCHMARK_NAMES as readonly string[]).includes(n));
        if (unknown.length > 0) throw new BenchArgsError(`unknown benchmark(s): ${unknown.join(', ')} (known: ${BENCHMARK_NAMES.join(', ')})`);
        if (names.length === 0) throw new BenchArgsError('--only needs at least one benchmark name');
        args.only = BENCHMARK_NAMES.filter((n) => names.includes(n));
        break;
      }
      case '--out':
        args.out = value();
        break;
      default:
        throw new BenchArgsError(`unknown argument: ${arg}`);
    }
  }
  return args;
}

export const HEADROOM_FAMILIES_ENV = 'VERIVALI_BENCH_HEADROOM_FAMILIES';

/**
 * The headroom campaign's size: 60,000 families (quick: 1,000), or VERIVALI_BENCH_HEADROOM_FAMILIES, a whole
 * number of 100 to 600,000 (the simulator's population and the 2045 projection); anything else stops the run
 * rather than measuring a size nobody asked for.
 */
export function headroomFamilies(fromEnv: string | undefined, quick: boolean): number {
  if (fromEnv === undefined || fromEnv.trim() === '') return quick ? 1_000 : 60_000;
  const n = Number(fromEnv.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < 100 || n > 600_000) throw new BenchArgsError(`${HEADROOM_FAMILIES_ENV} must be a whole number of families from 100 to 600000, not "${fromEnv}"`);
  return n;
}
