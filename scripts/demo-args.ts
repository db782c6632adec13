/** Command-line options of `npm run demo`, parsed strictly: an unknown flag is an error, not a silent default. */
export interface DemoArgs {
  families: number;
  exit: boolean;
  json: boolean;
  seed: number;
}

export const DEMO_USAGE = `Usage: npm run demo -- [--families N] [--exit] [--json] [--seed N]
  --families N  campaign size: P3KE families in the simulated snapshot (default 2000, 10–200000)
  --exit        stop everything the demo started once the campaign is done; exit 0 only if it completed
  --json        print the final campaign report as one JSON object on the last line of stdout
  --seed N      seed of the simulated data and people (default 20240501)`;

export function parseDemoArgs(argv: readonly string[]): DemoArgs {
  const args: DemoArgs = { families: 2000, exit: false, json: false, seed: 20240501 };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = (): number => {
      const raw = argv[++i];
      const n = Number(raw);
      if (raw === undefined || !Number.isInteger(n)) throw new Error(`${flag} needs a whole number`);
      return n;
    };
    if (flag === '--families') args.families = value();
    else if (flag === '--seed') args.seed = value();
    else if (flag === '--exit') args.exit = true;
    else if (flag === '--json') args.json = true;
    else if (flag === '--help' || flag === '-h') throw new Error(DEMO_USAGE);
    else throw new Error(`unknown option ${flag}\n${DEMO_USAGE}`);
  }
  if (args.families < 10 || args.families > 200_000) throw new Error('--families must be between 10 and 200000');
  return args;
}
