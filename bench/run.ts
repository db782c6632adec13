/**
 * `npm run bench` (`-- --quick` for the short version): starts a stack of its own, runs the benchmarks one after
 * another, writes bench/results.json and prints a table. Every figure is a ratio of two things measured side by
 * side in this run, on this machine, dev server and database. Not part of `npm test`.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { cpus, totalmem } from 'node:os';
import { BENCH_USAGE, BenchArgsError, parseBenchArgs, type BenchmarkName } from './lib/args';
import { BenchResultsFileSchema, type BenchResult } from './lib/result';
import { formatResultsTable } from './lib/table';
import { openBenchStack } from './lib/stack';
import type { BenchContext } from './lib/context';
import { explainAndExit } from '../scripts/lib/setup-error';
import { benchIngestVsCopy } from './ingest-vs-copy';
import { benchOrchestrationOverhead } from './orchestration-overhead';
import { benchFieldResultRoundTrip } from './field-result-round-trip';
import { benchEndToEnd } from './end-to-end';
import { benchScaleHeadroom } from './scale-headroom';

const BENCHMARKS: Record<BenchmarkName, (ctx: BenchContext) => Promise<BenchResult[]>> = {
  'ingest-vs-copy': benchIngestVsCopy,
  'orchestration-overhead': benchOrchestrationOverhead,
  'field-result-round-trip': benchFieldResultRoundTrip,
  'end-to-end': benchEndToEnd,
  'scale-headroom': benchScaleHeadroom,
};

export const DEFAULT_RESULTS_FILE = resolve(__dirname, 'results.json');

/** Results of benchmarks not run this time are kept (each carries its own date), so --only refreshes a few. */
function mergeWithEarlier(file: string, fresh: readonly BenchResult[]): BenchResult[] {
  if (!existsSync(file)) return [...fresh];
  const earlier = BenchResultsFileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!earlier.success) return [...fresh];
  const freshNames = new Set(fresh.map((r) => r.name));
  const order = Object.keys(BENCHMARKS);
  const rank = (r: BenchResult): number => order.findIndex((b) => r.name.startsWith(b));
  return [...earlier.data.filter((r) => !freshNames.has(r.name)), ...fresh].sort((a, b) => rank(a) - rank(b));
}

async function main(): Promise<void> {
  let args;
  try {
    args = parseBenchArgs(process.argv.slice(2));
  } catch (err) {
    if (err instanceof BenchArgsError) {
      console.error(`bench: ${err.message}\n\n${BENCH_USAGE}`);
      process.exit(2);
    }
    throw err;
  }
  if (args.help) {
    console.log(BENCH_USAGE);
    return;
  }
  const say = (line: string): void => console.log(line);
  const out = args.out ? resolve(args.out) : DEFAULT_RESULTS_FILE;
  say(`bench${args.quick ? ' --quick' : ''}: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB`);
  const stack = await openBenchStack(say);
  const results: BenchResult[] = [];
  const started = Date.now();
  try {
    for (const name of args.only) {
      say(`\n== ${name}`);
      const t0 = Date.now();
      const produced = await BENCHMARKS[name]({ stack, quick: args.quick, say });
      const date = new Date().toISOString();
      for (const r of produced) results.push({ ...r, params: { ...r.params, quick: args.quick, date, benchSeconds: Math.round((Date.now() - t0) / 1000) } });
      await stack.stopWorkers();
    }
  } finally {
    await stack.close();
  }
  const merged = mergeWithEarlier(out, results);
  writeFileSync(out, `${JSON.stringify(BenchResultsFileSchema.parse(merged), null, 2)}\n`);
  say(`\n${formatResultsTable(results)}\n`);
  say(`results: ${out} (${Math.round((Date.now() - started) / 1000)} s)`);
}

main().catch(explainAndExit);
