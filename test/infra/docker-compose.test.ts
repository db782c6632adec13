/**
 * docker-compose.yml and the Dockerfile cannot be run here (no Docker engine), so they are checked as far as that
 * allows. Compose itself validates and normalises the file: Compose v2 (`docker compose`) when installed, otherwise
 * docker-compose 1.29 from Debian (scripts/install-compose-validator.sh). The normalised result is then held against
 * the code: the services, loopback-only ports, start order, the variable names config/env.ts and the simulator read,
 * the search attributes of the contracts module. Without a validator those tests are skipped and the reason printed;
 * the Dockerfile and .env.example checks need none.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { envSchema } from '../../config/env';
import { ALL_SEARCH_ATTRIBUTES } from '../../domain/contracts/search-attributes';

const ROOT = resolve(__dirname, '../..');
const COMPOSE_FILE = join(ROOT, 'docker-compose.yml');
const ENV_EXAMPLE = join(ROOT, '.env.example');

const ONE_SHOT_SERVICES = ['temporal-schema', 'temporal-setup', 'migrate', 'codec-keys'];
const LONG_RUNNING_SERVICES = ['temporal-postgres', 'temporal', 'temporal-ui', 'app-postgres', 'p3ke-sim', 'worker', 'api'];
/** Host ports published by default, by service; nothing else is published. */
const PUBLISHED_PORTS: Record<string, string[]> = {
  temporal: ['7233'],
  'temporal-ui': ['8233'],
  'app-postgres': ['5433'],
  'p3ke-sim': ['7301'],
  api: ['8080'],
};

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[] | string;
  environment?: Record<string, string | null>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test?: string[] | string; disable?: boolean };
  ports?: (string | { host_ip?: string; published?: string | number; target?: number })[];
  restart?: string;
}
interface ComposeConfig {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Compose reads the caller's environment for interpolation: the validator gets a clean one. */
function run(command: string, args: string[], input?: string): Run {
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? tmpdir() };
  const result = spawnSync(command, args, { cwd: ROOT, env, input, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

interface Validator {
  name: string;
  /** `config` with extra arguments, interpolating from envFile only. */
  config(envFile: string, extra: string[]): Run;
  /** The normalised configuration as an object, or why it cannot be read. */
  configJson(envFile: string): ComposeConfig | string;
}

function composeV2(): Validator {
  const config = (envFile: string, extra: string[]): Run =>
    run('docker', ['compose', '-f', COMPOSE_FILE, '--project-directory', ROOT, '--env-file', envFile, 'config', ...extra]);
  return {
    name: 'docker compose (v2)',
    config,
    configJson: (envFile) => {
      const out = config(envFile, ['--format', 'json']);
      return out.status === 0 ? (JSON.parse(out.stdout) as ComposeConfig) : out.stderr;
    },
  };
}

/**
 * docker-compose 1.29 prints YAML only. It is a Python program that depends on PyYAML, so the interpreter named
 * on its first line can turn that YAML into JSON; no YAML parser is added to the project for this.
 */
function composeV1(binary: string): Validator {
  const config = (envFile: string, extra: string[]): Run =>
    run(binary, ['-f', COMPOSE_FILE, '--project-directory', ROOT, '--env-file', envFile, 'config', ...extra]);
  const firstLine = readFileSync(binary, 'latin1').slice(0, 200).split('\n')[0] ?? '';
  const interpreter = firstLine.startsWith('#!') ? firstLine.slice(2).trim().split(/\s+/) : [];
  return {
    name: 'docker-compose (v1)',
    config,
    configJson: (envFile) => {
      const [program, ...programArgs] = interpreter;
      if (!program) return `${binary} is not a Python script, so its YAML output cannot be read here`;
      const yaml = config(envFile, []);
      if (yaml.status !== 0) return yaml.stderr;
      const toJson = 'import json, sys, yaml; json.dump(yaml.safe_load(sys.stdin), sys.stdout)';
      const json = run(program, [...programArgs, '-c', toJson], yaml.stdout);
      return json.status === 0 ? (JSON.parse(json.stdout) as ComposeConfig) : json.stderr;
    },
  };
}

function findValidator(): Validator | string {
  if (run('docker', ['compose', 'version']).status === 0) return composeV2();
  const which = run('sh', ['-c', 'command -v docker-compose']);
  if (which.status === 0 && which.stdout.trim() !== '') return composeV1(realpathSync(which.stdout.trim()));
  return 'neither `docker compose` nor `docker-compose` is installed (scripts/install-compose-validator.sh installs one)';
}

function envFileLines(path: string): { key: string; value: string; active: boolean }[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((line) => /^(#\s*)?([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim()))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ key: m[2]!, value: m[3]!, active: m[1] === undefined }));
}

/** The simulator parses its own environment in sim/p3ke-api/main.ts (which starts a server when imported). */
function simulatorVariables(): string[] {
  const source = readFileSync(join(ROOT, 'sim/p3ke-api/main.ts'), 'utf8');
  return [...source.matchAll(/^\s+(P3KE_[A-Z0-9_]+):/gm)].map((m) => m[1]!);
}

function hostPorts(service: ComposeService): { hostIp: string; published: string }[] {
  return (service.ports ?? []).map((port) => {
    if (typeof port === 'string') {
      // docker-compose 1.29 normal form: host_ip:published:target/protocol
      const [hostIp = '', published = ''] = port.split(':');
      return { hostIp, published };
    }
    return { hostIp: port.host_ip ?? '', published: String(port.published ?? '') };
  });
}

function commandOf(service: ComposeService): string[] {
  return typeof service.command === 'string' ? service.command.split(/\s+/) : (service.command ?? []);
}

const validator = findValidator();
if (typeof validator === 'string') console.warn(`docker-compose.yml validation skipped: ${validator}`);
const describeWithCompose = typeof validator === 'string' ? describe.skip : describe;

describeWithCompose(`docker-compose.yml, as ${typeof validator === 'string' ? 'no validator' : validator.name} reads it`, () => {
  let workDir: string;
  let emptyEnvFile: string;
  let config: ComposeConfig;

  beforeAll(() => {
    if (typeof validator === 'string') return;
    workDir = mkdtempSync(join(tmpdir(), 'verivali-compose-'));
    emptyEnvFile = join(workDir, 'empty.env');
    writeFileSync(emptyEnvFile, '');
    const parsed = validator.configJson(emptyEnvFile);
    if (typeof parsed === 'string') throw new Error(`the normalised compose configuration could not be read: ${parsed}`);
    config = parsed;
  });

  afterAll(() => {
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  const service = (name: string): ComposeService => {
    const found = config.services[name];
    if (!found) throw new Error(`docker-compose.yml has no service ${name}`);
    return found;
  };

  it('when it is validated with no variables set, then Compose accepts it', () => {
    if (typeof validator === 'string') return;
    const result = validator.config(emptyEnvFile, ['-q']);

    expect({ status: result.status, stderr: result.stderr.trim() }).toEqual({ status: 0, stderr: '' });
  });

  it('when it is validated with .env.example as the .env file, then Compose accepts it', () => {
    if (typeof validator === 'string') return;
    const result = validator.config(ENV_EXAMPLE, ['-q']);

    expect({ status: result.status, stderr: result.stderr.trim() }).toEqual({ status: 0, stderr: '' });
  });

  it('when its services are listed, then it runs Temporal, its UI, both databases, the migrations, the simulator, the worker and the API', () => {
    expect(Object.keys(config.services).sort()).toEqual([...ONE_SHOT_SERVICES, ...LONG_RUNNING_SERVICES].sort());
  });

  it('when ports are published with the defaults, then each binds to 127.0.0.1 and only the expected ones are open', () => {
    const published = Object.fromEntries(
      Object.entries(config.services)
        .filter(([, s]) => (s.ports ?? []).length > 0)
        .map(([name, s]) => [name, hostPorts(s)]),
    );

    expect(Object.keys(published).sort()).toEqual(Object.keys(PUBLISHED_PORTS).sort());
    for (const [name, ports] of Object.entries(published)) {
      expect({ name, ports }).toEqual({ name, ports: PUBLISHED_PORTS[name]!.map((p) => ({ hostIp: '127.0.0.1', published: p })) });
    }
  });

  it('when a service waits for another, then it waits for a healthcheck or for a one-shot to finish', () => {
    for (const [name, s] of Object.entries(config.services)) {
      for (const [dependency, { condition }] of Object.entries(s.depends_on ?? {})) {
        const expected = ONE_SHOT_SERVICES.includes(dependency) ? 'service_completed_successfully' : 'service_healthy';
        expect({ name, dependency, condition }).toEqual({ name, dependency, condition: expected });
        if (expected === 'service_healthy') expect({ dependency, healthcheck: service(dependency).healthcheck !== undefined }).toEqual({ dependency, healthcheck: true });
      }
    }
  });

  it('when the worker and the API start, then the migrations, the payload key and the Temporal set-up have completed', () => {
    for (const name of ['worker', 'api']) {
      const waitsFor = Object.keys(service(name).depends_on ?? {});

      expect({ name, waitsFor: waitsFor.filter((d) => ONE_SHOT_SERVICES.includes(d)).sort() }).toEqual({
        name,
        waitsFor: ['codec-keys', 'migrate', 'temporal-setup'],
      });
    }
  });

  it('when a service runs for good, then it has a healthcheck and restarts unless stopped; a one-shot never restarts', () => {
    for (const name of LONG_RUNNING_SERVICES) {
      expect({ name, healthcheck: service(name).healthcheck?.test !== undefined, restart: service(name).restart }).toEqual({
        name,
        healthcheck: true,
        restart: 'unless-stopped',
      });
    }
    for (const name of ONE_SHOT_SERVICES) expect({ name, restart: service(name).restart ?? 'no' }).toEqual({ name, restart: 'no' });
  });

  it('when the project image runs, then every variable it is given is one config/env.ts or the simulator reads', () => {
    const known = new Set([...Object.keys(envSchema.shape), ...simulatorVariables()]);
    for (const [name, s] of Object.entries(config.services).filter(([, s]) => s.build !== undefined)) {
      const unknown = Object.keys(s.environment ?? {}).filter((key) => !known.has(key));

      expect({ name, unknown }).toEqual({ name, unknown: [] });
    }
  });

  it('when the worker and the API run in the stack, then they reach Temporal, PostgreSQL and the simulator by service name', () => {
    for (const name of ['worker', 'api']) {
      const env = service(name).environment ?? {};

      expect({ name, temporal: env.TEMPORAL_ADDRESS, database: new URL(env.DATABASE_URL ?? 'x:').host, p3ke: env.P3KE_API_URL }).toEqual({
        name,
        temporal: 'temporal:7233',
        database: 'app-postgres:5432',
        p3ke: 'http://p3ke-sim:7301',
      });
    }
    expect(service('api').environment?.API_HOST).toBe('0.0.0.0');
    expect(service('p3ke-sim').environment?.P3KE_SIM_HOST).toBe('0.0.0.0');
  });

  it('when Temporal is set up, then exactly the search attributes of the contracts module are registered, as Keyword', () => {
    const setup = service('temporal-setup');
    const registered = (setup.environment?.VERIVALI_SEARCH_ATTRIBUTES ?? '').split(/\s+/).filter((n) => n !== '');

    expect(registered.sort()).toEqual(ALL_SEARCH_ATTRIBUTES.map((key) => key.name).sort());
    expect(commandOf(setup).join(' ')).toContain('--type Keyword');
  });

  it("when the Web UI decodes payloads, then its codec endpoint is the API's /codec on the API's published port", () => {
    const [apiPort] = hostPorts(service('api'));
    const endpoint = service('temporal-ui').environment?.TEMPORAL_CODEC_ENDPOINT;

    expect(endpoint).toBe(`http://127.0.0.1:${apiPort?.published}/codec`);
  });

  it('when an image is pulled, then its tag is pinned (no latest, no bare name)', () => {
    for (const [name, s] of Object.entries(config.services)) {
      const tag = /:([^/:]+)$/.exec(s.image ?? '')?.[1];

      expect({ name, pinned: tag !== undefined && tag !== 'latest' }).toEqual({ name, pinned: true });
    }
  });

  it('when a project service starts or is health-checked, then every compiled module it names has its TypeScript source in the tree', () => {
    for (const [name, s] of Object.entries(config.services).filter(([, s]) => s.build !== undefined)) {
      const healthcheck = s.healthcheck?.test ?? [];
      const text = [...commandOf(s), ...(typeof healthcheck === 'string' ? [healthcheck] : healthcheck)].join(' ');
      const modules = [...text.matchAll(/(?:^|[\s'"(])(?:\.\/)?dist\/([\w/.-]+?)(?:\.js)?(?=['"\s)]|$)/g)].map((m) => m[1]!);

      expect({ name, runsCompiledCode: modules.length > 0 }).toEqual({ name, runsCompiledCode: true });
      for (const module of modules) expect({ name, source: `${module}.ts`, exists: existsSync(join(ROOT, `${module}.ts`)) }).toEqual({ name, source: `${module}.ts`, exists: true });
    }
  });
});

describe('Dockerfile', () => {
  const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');

  it('when its stages are read, then every one builds on Node 20', () => {
    const defaultImage = /^ARG NODE_IMAGE=(\S+)$/m.exec(dockerfile)?.[1];
    const bases = [...dockerfile.matchAll(/^FROM\s+(\S+)/gm)].map((m) => m[1]!.replace('${NODE_IMAGE}', defaultImage ?? '?'));

    expect(bases.length).toBeGreaterThanOrEqual(2);
    for (const base of bases) expect(base).toMatch(/^node:20(-|$)/);
  });

  it('when the runtime stage is read, then it runs as the unprivileged node user and starts the worker by default', () => {
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));

    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).toMatch(/^CMD \["node", "dist\/workers\/main\.js"\]$/m);
    expect(existsSync(join(ROOT, 'workers/main.ts'))).toBe(true);
  });

  it('when the build context is sent, then secrets, local data and installed modules stay out of it', () => {
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim());

    expect(ignored).toEqual(expect.arrayContaining(['.env', '.env.*', '.data', 'node_modules', '.git', 'dist']));
  });
});

describe('.env.example', () => {
  const lines = envFileLines(ENV_EXAMPLE);
  const listed = new Set(lines.map((l) => l.key));

  it('when it is read, then it lists every variable of config/env.ts and of the simulator', () => {
    const missing = [...Object.keys(envSchema.shape), ...simulatorVariables()].filter((key) => !listed.has(key));

    expect(missing).toEqual([]);
  });

  it('when it is read, then no variable is set twice', () => {
    const active = lines.filter((l) => l.active).map((l) => l.key);

    expect(active.filter((key, i) => active.indexOf(key) !== i)).toEqual([]);
  });

  it('when a config/env.ts variable is set in it, then the value means the same as leaving it unset', () => {
    const shape = envSchema.shape as Record<string, { parse(value: unknown): unknown }>;
    for (const { key, value } of lines.filter((l) => l.active && l.key in shape)) {
      const field = shape[key]!;

      expect({ key, value: field.parse(value) }).toEqual({ key, value: field.parse(undefined) });
    }
  });
});
