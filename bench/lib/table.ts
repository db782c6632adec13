/** The readable table `npm run bench` prints after the JSON is written. */
import type { BenchResult } from './result';

const figure = (n: number): string => (Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 1 ? n.toFixed(2) : n.toFixed(3));

export function formatResultsTable(results: readonly BenchResult[]): string {
  const header = ['benchmark', 'numerator', 'denominator', 'ratio', 'target', 'pass', 'units'];
  const rows = results.map((r) => [
    r.name,
    figure(r.numerator),
    figure(r.denominator),
    figure(r.ratio),
    r.target ? `${r.target.op} ${r.target.value}` : '-',
    r.pass === null ? '-' : r.pass ? 'yes' : 'NO',
    r.units,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] as string).length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => (i >= 1 && i <= 3 ? c.padStart(widths[i] as number) : c.padEnd(widths[i] as number))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
