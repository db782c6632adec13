/**
 * The `verivali` CLI on the real stack: main(argv, io) in-process against the API listening on 127.0.0.1 (as
 * test/api does), and the admin commands against the test database through DATABASE_URL.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { OfficerSchema } from '../../db/entities/officer.entity';
import { freePort } from '../../scripts/lib/ports';
import { testCampaignConfig } from '../support/campaign-fixtures';
import { openApiHarness, seedUsers, type ApiHarness } from '../api/api-harness';
import { runCli } from './cli-support';

const P = `cli${randomUUID().slice(0, 6)}`;
const HEADER = 'id,name,role,kecamatan_code,desa_coverage,daily_capacity,available';

let api: ApiHarness;
let dir: string;
let t: Record<'pm' | 'admin', string>;
let dbEnv: NodeJS.ProcessEnv;

const asUser = (token: string, ...argv: string[]): string[] => ['--api-url', api.base, '--token', token, ...argv];
const officerIds = async (ids: string[]): Promise<string[]> =>
  (await api.h.orm.em.fork().find(OfficerSchema, { id: { $in: ids } })).map((o) => o.id).sort();

beforeAll(async () => {
  api = await openApiHarness();
  dir = mkdtempSync(join(tmpdir(), 'verivali-cli-'));
  dbEnv = { DATABASE_URL: api.h.stack.databaseUrl };
  t = await seedUsers(api.h.orm, {
    pm: { id: `${P}-pm`, name: 'PM', role: 'program_manager', allAreas: true },
    admin: { id: `${P}-admin`, name: 'Admin', role: 'admin' },
  });
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await api?.close();
});

describe('help', () => {
  it('when --help is asked at any level, then usage goes to stdout and the exit code is 0', async () => {
    const top = await runCli(['--help']);
    expect(top.code).toBe(0);
    for (const group of ['campaign', 'tasks', 'escalations', 'plan', 'officers', 'users', 'dev']) expect(top.stdout).toContain(group);
    const status = await runCli(['campaign', 'status', '--help']);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('--watch');
    const decide = await runCli(['escalations', 'decide', '--help']);
    expect(decide.stdout).toMatch(/accept_field/);
  });

  it('when a command is unknown, then one line on stderr and exit 1', async () => {
    const r = await runCli(['campaign', 'launch']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('campaigns over the API', () => {
  it('when campaign list --json runs, then stdout is a JSON array of campaigns', async () => {
    const r = await runCli(asUser(t.pm, 'campaign', 'list', '--json'));
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const campaigns = JSON.parse(r.stdout) as unknown;
    expect(Array.isArray(campaigns)).toBe(true);
  });

  it('when the API answers 4xx, then its message is one line on stderr and the exit code is 1', async () => {
    const forbidden = await runCli(asUser(t.admin, 'campaign', 'cancel', 'c-nope-123456'));
    expect(forbidden.code).toBe(1);
    expect(forbidden.stdout).toBe('');
    expect(forbidden.stderr).toMatch(/^error: 403 forbidden_role: .+\n$/);

    const unauthenticated = await runCli(['--api-url', api.base, 'campaign', 'list']);
    expect(unauthenticated.code).toBe(1);
    expect(unauthenticated.stderr).toMatch(/^error: 401 unauthorized: .+--token.*\n$/);

    const missing = await runCli(asUser(t.pm, 'campaign', 'status', 'c-nope-123456', '--json'));
    expect(missing.code).toBe(1);
    expect(missing.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(missing.stderr).toMatch(/^error: 4\d\d /);
  });

  it('when a campaign is started from a config file, then the id is printed, a second start is 409, and cancel is accepted', async () => {
    const id = `${P}-c1`;
    const file = join(dir, 'campaign.json');
    writeFileSync(file, JSON.stringify(testCampaignConfig({ name: 'CLI campaign' })));
    const started = await runCli(asUser(t.pm, 'campaign', 'start', '--config', file, '--id', id));
    expect(started).toMatchObject({ code: 0, stderr: '' });
    expect(started.stdout).toContain(`Started campaign ${id}`);
    const again = await runCli(asUser(t.pm, 'campaign', 'start', '--config', file, '--id', id));
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^error: 409 campaign_exists: [^\n]+\n$/);
    const cancelled = await runCli(asUser(t.pm, 'campaign', 'cancel', id));
    expect(cancelled).toMatchObject({ code: 0, stdout: `Cancellation requested for ${id}\n` });
  });

  it('when the API is not there, then the error says where it looked', async () => {
    const port = await freePort();
    const r = await runCli(['--api-url', `http://127.0.0.1:${port}`, '--token', 'x', 'campaign', 'list']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`error: cannot reach the API at http://127.0.0.1:${port} (ECONNREFUSED); is it running? (--api-url or VERIVALI_API_URL)\n`);
  });
});

describe('officers import', () => {
  it('when the CSV is valid, then every officer is written, and importing it again changes nothing', async () => {
    const file = join(dir, 'roster.csv');
    writeFileSync(file, `${HEADER}\n${P}-v1,"Siti, S.Pd",field_verifier,640904,6409041005;6409041006,20,true\n${P}-s1,Budi,supervisor,640904,,0,true\n`);
    const r = await runCli(['officers', 'import', file], dbEnv);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toContain('Imported 2 officers');
    expect(await officerIds([`${P}-v1`, `${P}-s1`])).toEqual([`${P}-s1`, `${P}-v1`]);
    const again = await runCli(['officers', 'import', file], dbEnv);
    expect(again.stdout).toContain('(0 new or changed)');
  });

  it('when one row is bad, then the error names its line and nothing is imported', async () => {
    const file = join(dir, 'bad.csv');
    writeFileSync(file, `${HEADER}\n${P}-v2,Ani,field_verifier,640904,6409041005,20,true\n${P}-v3,Citra,field_verifier,640904,12345,20,true\n`);
    const r = await runCli(['officers', 'import', file], dbEnv);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: bad\.csv line 3: desa_coverage: a desa code has 10 digits; nothing imported\n$/);
    expect(await officerIds([`${P}-v2`, `${P}-v3`])).toEqual([]);
  });
});

describe('users', () => {
  it('when a user is created, then the token is printed once on stdout and works against the API', async () => {
    const r = await runCli(['users', 'create', '--id', `${P}-pm2`, '--name', 'Ani', '--role', 'program_manager', '--all-areas'], dbEnv);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    const token = lines[0] ?? '';
    expect(token).toMatch(/^vv_/);
    expect(r.stderr).toContain('shown once');
    expect(r.stderr).not.toContain(token);
    expect((await runCli(asUser(token, 'campaign', 'list', '--json'))).code).toBe(0);

    const again = await runCli(['users', 'create', '--id', `${P}-pm2`, '--name', 'Ani', '--role', 'program_manager', '--all-areas'], dbEnv);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^error: user .* already exists.*\n$/);

    const rotated = await runCli(['users', 'token', `${P}-pm2`], dbEnv);
    expect(rotated.code).toBe(0);
    expect(rotated.stdout.trim()).toMatch(/^vv_/);
    expect((await runCli(asUser(token, 'campaign', 'list'))).stderr).toMatch(/^error: 401 /);
  });

  it('when an officer user is created for an imported officer, then their task list is empty JSON', async () => {
    const file = join(dir, 'one.csv');
    writeFileSync(file, `${HEADER}\n${P}-v9,Dewi,field_verifier,640904,6409041005,15,true\n`);
    expect((await runCli(['officers', 'import', file], dbEnv)).code).toBe(0);
    const created = await runCli(['users', 'create', '--id', `${P}-v9`, '--name', 'Dewi', '--role', 'officer'], dbEnv);
    expect(created.code).toBe(0);
    const tasks = await runCli(asUser(created.stdout.trim(), 'tasks', 'list', '--json'));
    expect(tasks).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(tasks.stdout)).toEqual([]);
  });
});
