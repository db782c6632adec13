/**
 * What every command writes to and fails with: the CLI runs in-process (tests call `main(argv, io)`), so output
 * goes through writers instead of console, and a failure is a CliError that main turns into one line and exit 1.
 */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** The environment the CLI reads defaults from (VERIVALI_API_URL, VERIVALI_TOKEN, DATABASE_URL…). */
  env: NodeJS.ProcessEnv;
  /** True when stdout is a terminal: `campaign status --watch` redraws one line instead of printing many. */
  isTTY?: boolean;
  /** Waits between polls; tests may shorten it. */
  sleep?: (ms: number) => Promise<void>;
}

/** An expected failure: main prints its message as one line on stderr and returns 1. */
export class CliError extends Error {
  override name = 'CliError';
}

export const writeLine = (io: CliIo, line = ''): void => io.stdout(`${line}\n`);

export const writeJson = (io: CliIo, value: unknown): void => io.stdout(`${JSON.stringify(value, null, 2)}\n`);

/** Left-aligned columns; the last column is not padded. */
export function writeTable(io: CliIo, header: readonly string[], rows: readonly (readonly string[])[]): void {
  if (rows.length === 0) {
    writeLine(io, '(none)');
    return;
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const format = (cells: readonly string[]): string =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  writeLine(io, format(header));
  for (const row of rows) writeLine(io, format(row));
}

export const formatCounts = (counts: Record<string, number>): string =>
  Object.entries(counts)
    .filter(([, n]) => n !== 0)
    .map(([k, n]) => `${k}=${n}`)
    .join(' ') || '-';
