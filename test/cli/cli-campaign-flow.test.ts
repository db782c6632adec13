/**
 * One small campaign driven through the `verivali` CLI on the real stack (dev server, PostgreSQL, P3KE simulator,
 * worker, the API on 127.0.0.1): an officer lists, opens, fills in and hands in their packages, a supervisor
 * lists and decides the escalations, a second program manager reviews and approves the plan. At each step one
 * refusal (wrong role, or the workflow's validator) shows as one line on stderr and exit code 1.
 *
 * The area is a desa outside IKN that no other test file's officers cover (test/api uses 3173011001), so every
 * package lands with this file's officer. The commands run through main(argv, io), the CLI's entry; one runs
 * through the npm bin (client/cli/bin.js) in a child process, as a user's shell runs it.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createP3keClient } from '../../activities/p3ke/p3ke-client';
import type { Desa } from '../../domain/regions';
import { startP3keSimulator, type RunningP3keSimulator } from '../../sim/p3ke-api/server';
import { openApiHarness, seedUsers, type ApiHarness } from '../api/api-harness';
import { TEST_P3KE_TOKEN } from '../support/campaign-fixtures';
import { verifiedVisit, type FamilyView } from '../api/family-view';
import { uniqueCampaignId } from '../support/harness';
import { insertOfficers, visitWithoutHousehold, waitUntil } from '../support/lifecycle-helpers';
import { runCli, type CliRun } from './cli-support';

const DESA: Desa = { code: '3173031001', dotted: '31.73.03.1001', name: 'Uji CLI', level: 'kelurahan', kecamatanCode: '317303', kecamatanName: 'Kalideres', kabupaten: 'Kota Administrasi Jakarta Barat' };
const P = `clif${randomUUID().slice(0, 6)}`;
const OFFICER = `${P}-ver`;
const BIN = join(__dirname, '..', '..', 'client', 'cli', 'bin.js');


let api: ApiHarness;
let sim: RunningP3keSimulator;
let dir: string;
let t: Record<'starter' | 'approver' | 'supervisor' | 'officer', string>;
const campaignId = uniqueCampaignId('cli');
const escalated: string[] = [];

const as = (token: string, ...argv: string[]): Promise<CliRun> => runCli(['--api-url', api.base, '--token', token, ...argv]);
const json = <T>(r: CliRun): T => {
  expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
  return JSON.parse(r.stdout) as T;
};
/** A refusal as the CLI shows it: nothing on stdout, one `error: <status> <code>: …` line on stderr, exit 1. */
const expectRefused = (r: CliRun, status: number, code: string): void => {
  expect({ code: r.code, stdout: r.stdout, lines: r.stderr.split('\n').filter(Boolean).length }).toEqual({ code: 1, stdout: '', lines: 1 });
  expect(r.stderr).toMatch(new RegExp(`^error: ${status} ${code}: \\S.*\\n$`));
};


function resultFile(name: string, result: unknown): string {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(result));
  return file;
}

beforeAll(async () => {
  api = await openApiHarness();
  dir = mkdtempSync(join(tmpdir(), 'verivali-cli-flow-'));
  sim = await startP3keSimulator({ token: TEST_P3KE_TOKEN, families: 6, defectRate: 0, area: [DESA] });
  await insertOfficers(api.h.orm, [{ id: OFFICER, role: 'field_verifier', kecamatanCode: DESA.kecamatanCode, desaCoverage: [DESA.code] }]);
  t = await seedUsers(api.h.orm, {
    starter: { id: `${P}-pm-start`, name: 'PM Starter', role: 'program_manager', allAreas: true },
    approver: { id: `${P}-pm-approve`, name: 'PM Approver', role: 'program_manager', allAreas: true },
    supervisor: { id: `${P}-sup`, name: 'Supervisor', role: 'supervisor', kecamatanCodes: [DESA.kecamatanCode] },
    officer: { id: OFFICER, name: 'Officer', role: 'officer' },
  });
  await api.h.startWorker({ p3ke: createP3keClient({ baseUrl: sim.url, token: TEST_P3KE_TOKEN, timeoutMs: 5_000 }) });
  const config = {
    name: 'Kampanye CLI',
    regionCodes: [DESA.kecamatanCode],
    desilMin: 1,
    desilMax: 10,
    ingestPageSize: 50,
    timers: { packageDeadlineSeconds: 600, reminderEverySeconds: 2, escalationTimeoutSeconds: 600, approvalDeadlineSeconds: 600 },
    maxFamiliesPerPackage: 4,
    maxReassignments: 1,
    maxRevisitRounds: 0,
    budgetRupiah: 1_000_000_000_000,
  };
  const started = await as(t.starter, 'campaign', 'start', '--config', resultFile('campaign', config), '--id', campaignId);
  expect(started).toMatchObject({ code: 0, stderr: '' });
});

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await api?.close();
  await sim?.close();
});

describe('a campaign through the verivali CLI', () => {
  it('when the officer lists, opens, fills in and hands in their packages, then every family has a receipt; a wrong role and a family outside the package are refused', async () => {
    type Listed = { packageId: string; families: number; submitted: number };
    const packages = await waitUntil(async () => {
      const list = json<Listed[]>(await as(t.officer, 'tasks', 'list', '--json'));
      return list.length > 0 && list.reduce((n, p) => n + p.families, 0) === 6 ? list : undefined;
    }, 60_000, 'the officer to hold every family');

    // The npm bin, in a shell's way: the same table the in-process entry prints.
    const bin = await promisify(execFile)(process.execPath, [BIN, '--api-url', api.base, '--token', t.officer, 'tasks', 'list'], { env: { ...process.env, VERIVALI_TOKEN: '' } });
    expect(bin.stdout.split('\n')[0]).toMatch(/^PACKAGE\s+CAMPAIGN\s+DESA\s+STATUS\s+DEADLINE\s+SUBMITTED$/);
    for (const p of packages) expect(bin.stdout).toContain(p.packageId);

    expectRefused(await as(t.supervisor, 'tasks', 'list'), 403, 'forbidden_role');
    const first = packages[0] as Listed;
    const shown = await as(t.officer, 'tasks', 'show', first.packageId);
    expect(shown.stdout).toContain(`Package ${first.packageId}: open, desa ${DESA.code}`);
    const notHere = await as(t.officer, 'tasks', 'submit', first.packageId, '--result', resultFile('unknown', visitWithoutHousehold('NO-SUCH-FAMILY', 'not_found')));
    expectRefused(notHere, 404, 'unknown_family');
    expectRefused(await as(t.officer, 'tasks', 'hand-in', first.packageId), 409, 'package_not_complete');

    let n = 0;
    for (const p of packages) {
      const view = json<{ families: FamilyView[] }>(await as(t.officer, 'tasks', 'show', p.packageId, '--json'));
      for (const f of view.families) {
        // The first family was not found at home: a mismatch with the record that escalates to the supervisor.
        const result = n === 0 ? visitWithoutHousehold(f.familyId, 'deceased') : verifiedVisit(f, n);
        const file = resultFile(`result-${n++}`, result);
        const submitted = await as(t.officer, 'tasks', 'submit', p.packageId, '--result', file);
        expect({ code: submitted.code, stderr: submitted.stderr }).toEqual({ code: 0, stderr: '' });
        expect(submitted.stdout).toMatch(new RegExp(`^Recorded family ${f.familyId} version 1 in `));
        if (submitted.stdout.includes('(escalated)')) escalated.push(f.familyId);
        // The same file again is the same submission id: the first receipt, not a second version.
        expect((await as(t.officer, 'tasks', 'submit', p.packageId, '--result', file)).stdout).toBe(submitted.stdout);
      }
      const handedIn = await as(t.officer, 'tasks', 'hand-in', p.packageId);
      expect(handedIn).toEqual({ code: 0, stderr: '', stdout: `Handed in ${p.packageId}: ${view.families.length}/${view.families.length} results.\n` });
    }
    expect(n).toBe(6);
    expect(escalated.length).toBeGreaterThan(0);
    expectRefused(await as(t.officer, 'tasks', 'hand-in', first.packageId), 409, 'package_closed');
  });

  it('when cases open, then the supervisor lists and decides them; an officer may not list them and a reason is required', async () => {
    type Case = { familyId: string; status: string; decision: string | null };
    const cases = await waitUntil(async () => {
      const list = json<Case[]>(await as(t.supervisor, 'escalations', 'list', '--campaign', campaignId, '--json'));
      return list.length === escalated.length ? list : undefined;
    }, 30_000, 'the escalation cases');
    expect(cases.map((c) => c.familyId).sort()).toEqual([...escalated].sort());

    expectRefused(await as(t.officer, 'escalations', 'list'), 403, 'forbidden_role');
    const firstFamily = (cases[0] as Case).familyId;
    const noReason = await as(t.supervisor, 'escalations', 'decide', campaignId, firstFamily, '--decision', 'accept_field', '--reason', 'x');
    expectRefused(noReason, 400, 'invalid_request');
    const badChoice = await as(t.supervisor, 'escalations', 'decide', campaignId, firstFamily, '--decision', 'maybe', '--reason', 'dicek');
    expect(badChoice.code).toBe(1);
    expect(badChoice.stderr).toMatch(/argument 'maybe' is invalid/);

    for (const c of cases) {
      const decided = await as(t.supervisor, 'escalations', 'decide', campaignId, c.familyId, '--decision', 'accept_field', '--reason', 'dicek dengan KK');
      expect(decided).toEqual({ code: 0, stderr: '', stdout: `Decided family ${c.familyId}: accept_field (by ${P}-sup, supervisor)\n` });
    }
    expectRefused(await as(t.supervisor, 'escalations', 'decide', campaignId, firstFamily, '--decision', 'keep_p3ke', '--reason', 'berubah pikiran'), 409, '(case_closed|not_running)');
    const decided = json<Case[]>(await as(t.supervisor, 'escalations', 'list', '--campaign', campaignId, '--status', 'decided', '--json'));
    expect(decided.map((c) => c.decision)).toEqual(cases.map(() => 'accept_field'));
  });

  it('when the plan waits for approval, then a program manager reviews it; the starter (four-eyes) and a bad programme are refused; another manager approves', async () => {
    await waitUntil(async () => {
      const d = json<{ progress: { phase: string; status: string } | null }>(await as(t.approver, 'campaign', 'status', campaignId, '--json'));
      if (d.progress?.status !== 'running') throw new Error(`the campaign ended (${d.progress?.status}) before its plan waited for approval`);
      return d.progress.phase === 'approval';
    }, 60_000, 'the plan to wait for approval');

    const shown = await as(t.approver, 'plan', 'show', campaignId);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(new RegExp(`^Plan \\S+ for ${campaignId}: proposed \\(proposed by ${P}-pm-start; rules \\S+\\)\\n`));
    expect(shown.stdout).toMatch(/\nPROGRAMME\s+FAMILIES\s+ITEMS\s+COST\s+FUNDED\n/);
    const plan = json<{ plan: { status: string }; totals: { items: number } }>(await as(t.approver, 'plan', 'show', campaignId, '--json'));
    expect(plan.plan.status).toBe('proposed');
    expectRefused(await as(t.supervisor, 'plan', 'show', campaignId), 403, 'forbidden_role');

    expectRefused(await as(t.starter, 'plan', 'approve', campaignId, '--reason', 'saya sendiri'), 403, 'four_eyes');
    expectRefused(await as(t.starter, 'plan', 'reject', campaignId, '--reason', 'saya sendiri'), 403, 'four_eyes');
    expectRefused(await as(t.approver, 'plan', 'approve', campaignId, '--programmes', 'no_such_programme', '--reason', 'sebagian'), 400, 'invalid_decision');
    expectRefused(await as(t.approver, 'plan', 'reject', campaignId, '--reason', ''), 400, 'invalid_request');

    const approved = await as(t.approver, 'plan', 'approve', campaignId, '--reason', 'sesuai anggaran');
    expect({ code: approved.code, stderr: approved.stderr }).toEqual({ code: 0, stderr: '' });
    expect(approved.stdout).toMatch(new RegExp(`^Plan \\S+: approved \\(${plan.totals.items} items, Rp [\\d,]+\\)\\n$`));
    expect((await as(t.approver, 'plan', 'reject', campaignId, '--reason', 'terlambat')).code).toBe(1);
  });
});
