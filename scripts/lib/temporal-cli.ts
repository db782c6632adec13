/**
 * The Temporal CLI (it embeds the dev server and the Web UI). Release downloads are not reachable here, so it is
 * built from its Go module; a binary of an accepted version already on PATH or in GOPATH/bin is reused, so only
 * the first run on a machine pays for the build (about 3–5 minutes on 2 cores).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { homedir } from 'node:os';
import { SetupError } from './setup-error';

const CLI_MODULE = 'github.com/temporalio/cli';
/** v1.5.1 is the last release whose go.mod has no replace directive (later ones cannot be go-installed). */
export const ACCEPTED_CLI_VERSIONS = ['v1.5.1', 'v1.4.1', 'v1.3.0'] as const;

// Every child gets this module's view of the environment explicitly (PATH, GOBIN, HOME...), not Node's default.
const env = (): NodeJS.ProcessEnv => process.env;
const home = (): string => process.env.HOME ?? homedir();

function hasGo(): boolean {
  return spawnSync('go', ['version'], { stdio: 'ignore', env: env() }).status === 0;
}

function goBinDir(): string {
  if (process.env.GOBIN) return process.env.GOBIN;
  const gopath = hasGo() ? execFileSync('go', ['env', 'GOPATH'], { encoding: 'utf8', env: env() }).trim() : '';
  return join(gopath || join(home(), 'go'), 'bin');
}

function candidates(): string[] {
  const fromPath = (process.env.PATH ?? '').split(delimiter).map((d) => join(d, 'temporal'));
  const explicit = process.env.TEMPORAL_CLI_PATH ? [process.env.TEMPORAL_CLI_PATH] : [];
  return [...explicit, ...fromPath, join(goBinDir(), 'temporal')].filter((p) => existsSync(p));
}

/** The module version a Go binary was built from (`go version -m`), or undefined if it cannot tell. */
function builtVersion(binary: string): string | undefined {
  if (!hasGo()) return undefined;
  const out = spawnSync('go', ['version', '-m', binary], { encoding: 'utf8', env: env() });
  const line = out.stdout.split('\n').find((l) => l.trim().startsWith('mod') && l.includes(CLI_MODULE));
  return line?.trim().split(/\s+/)[2];
}

function acceptable(binary: string): boolean {
  const version = builtVersion(binary);
  if (version) return (ACCEPTED_CLI_VERSIONS as readonly string[]).includes(version);
  // Without Go we cannot read the build info; a working `temporal --version` is the best evidence left.
  return spawnSync(binary, ['--version'], { stdio: 'ignore', env: env() }).status === 0;
}

/** Returns the path of a usable temporal binary, building it if needed. */
export function ensureTemporalCli(log: (line: string) => void = console.log): string {
  const found = candidates().find(acceptable);
  if (found) return found;
  if (!hasGo()) {
    throw new SetupError(
      'The Temporal CLI is not installed and Go is missing, so it cannot be built.',
      'Install Go 1.22+ (https://go.dev/doc/install, or apt-get install golang), or put a temporal binary on PATH, or set TEMPORAL_ADDRESS to an existing cluster.',
    );
  }
  const failures: string[] = [];
  for (const version of ACCEPTED_CLI_VERSIONS) {
    log(`Building the Temporal CLI ${version} from its Go module (first run on this machine only; a few minutes)…`);
    const result = spawnSync('go', ['install', `${CLI_MODULE}/cmd/temporal@${version}`], {
      stdio: ['ignore', 'inherit', 'pipe'],
      encoding: 'utf8',
      env: { ...env(), GOFLAGS: process.env.GOFLAGS ?? '-buildvcs=false' },
    });
    const binary = join(goBinDir(), 'temporal');
    if (result.status === 0 && existsSync(binary)) return binary;
    failures.push(`${version}: ${(result.stderr ?? '').trim().split('\n').slice(-3).join(' | ')}`);
  }
  throw new SetupError(
    `Building the Temporal CLI failed for every accepted version:\n    ${failures.join('\n    ')}`,
    'Check that the Go module proxy is reachable (go env GOPROXY) and that there is disk space, then run again.',
  );
}
