/** Command-line options of `npm run demo`, parsed strictly: an unknown flag is an error, not a silent default. */
export interface DemoArgs {
  families: number;
  exit: boolean;
  json: boolean;
  seed: number;
}

export const DEMO_USAGE = `Usage: npm run demo -- [--families N] [--exit] [--json] [--seed N]
Runs one campaign end to end on simulated data and people, then (without --exit) keeps the Web UI, the HTTP API
with Swagger UI, the officer page, the dashboard and the metrics running, and prints their URLs and demo tokens.
  --families N  campaign size: P3KE families in the simulated snapshot (default 2000, 10–200000)
  --exit        stop everything the demo started once the campaign is done; exit 0 only if it completed
  --json        print the final campaign report as one JSON object on the last line of stdout
  --seed N      seed of the simulated data and people (default 20240501)`;

/** --help (exit 0, usage on stdout) or a bad option (exit 2, message and usage on stderr). */
export class DemoUsageError extends Error {
  override name = 'DemoUsageError';
  constructor(
    message: string,
    readonly help: boolean,
  ) {
    super(message);
  }
}

export function parseDemoArgs(argv: readonly string[]): DemoArgs {
  const args: DemoArgs = { families: 2000, exit: false, json: false, seed: 20240501 };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = (): number => {
      const raw = argv[++i];
      const n = Number(raw);
      if (raw === undefined || !Number.isInteger(n)) throw new DemoUsageError(`${flag} needs a whole number\n${DEMO_USAGE}`, false);
      return n;
    };
    if (flag === '--families') args.families = value();
    else if (flag === '--seed') args.seed = value();
    else if (flag === '--exit') args.exit = true;
    else if (flag === '--json') args.json = true;
    else if (flag === '--help' || flag === '-h') throw new DemoUsageError(DEMO_USAGE, true);
    else throw new DemoUsageError(`unknown option ${flag}\n${DEMO_USAGE}`, false);
  }
  if (args.families < 10 || args.families > 200_000) throw new DemoUsageError('--families must be between 10 and 200000', false);
  return args;
}
