/**
 * No personal data in any log line (UU PDP, issue #6 item 2). A campaign runs on a worker process logging at DEBUG
 * through the production Runtime (workers/runtime.ts), with the HTTP API's Fastify logger at info: a program
 * manager starts it through the API, one officer opens a package (names, NIKs, addresses on screen) and submits
 * results through the API, one of them malformed with real personal data in it, and after the close-out the
 * report, the plan, the feedback files, the escalations and the audit log are read through the API. The simulated
 * people do the rest. Then every line of the worker's log, the API's log and the Temporal dev server's log is
 * scanned for every NIK, name and address the campaign held: none may appear (masked forms may).
 *
 * The scan is first shown to catch what it looks for, on planted lines.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { MikroORM } from '@mikro-orm/postgresql';
import { loadEnv } from '../../config/env';
import { buildApi } from '../../client/api/build-api';
import { createApiUser, rotateApiToken, UserSetupError, type NewApiUser } from '../../client/api/auth/users';
import { maskName, maskNik } from '../../domain/masking';
import { campaignWorkflowId } from '../../domain/contracts/workflow-ids';
import { makeFieldResult } from '../../sim/field-actors/field-result-maker';
import { familiesToVisit } from '../../sim/field-actors/package-reader';
import { startP3keSimulator, type RunningP3keSimulator } from '../../sim/p3ke-api/server';
import { call, type RunningApi } from '../api/api-harness';
import { openHarness, uniqueCampaignId, type Harness } from '../support/harness';
import { TEST_P3KE_TOKEN } from '../support/campaign-fixtures';
import { rows, waitUntil } from '../support/lifecycle-helpers';
import { TEST_RUN_DIR } from '../support/stack-file';
import { installQuietRuntime, startWorkerProcess, type WorkerProcess } from '../support/worker-process';
import { driveFaultCampaign, ensureFaultRoster, faultCampaignConfig, FAULT_SIM } from '../support/fault-campaign';
import { campaignPersonalData, findPersonalData, type KnownPersonalData, type LogSource } from '../support/personal-data-scan';

let h: Harness;
let sim: RunningP3keSimulator;
let worker: WorkerProcess;
let app: FastifyInstance;
let api: RunningApi;
const apiLines: string[] = [];
const campaignId = uniqueCampaignId('logscan');
const taskQueue = `logscan-${randomUUID()}`;
let known: KnownPersonalData;
let sources: LogSource[];
let officerRequests: Record<string, number> = {};

/** A token for the user, whether an earlier test file of this run created the user already or not. */
async function tokenFor(orm: MikroORM, user: NewApiUser): Promise<string> {
  try {
    return (await createApiUser(orm, user, 'log-scan-test')).token;
  } catch (err) {
    if (err instanceof UserSetupError && /already exists/.test(err.message)) return rotateApiToken(orm, user.id, 'log-scan-test');
    throw err;
  }
}

/** One officer's work through the API: inbox, a package with its families' personal data, results, bad results. */
async function officerThroughApi(): Promise<Record<string, number>> {
  const pkg = await waitUntil(
    async () => (await rows<{ id: string; officer_id: string }>(h.orm, `select id, officer_id from work_package where campaign_id = ? and status = 'open' order by id limit 1`, [campaignId]))[0],
    90_000,
    'an open work package',
  );
  const token = await tokenFor(h.orm, { id: pkg.officer_id, name: 'Petugas uji log', role: 'officer' });
  const statuses: Record<string, number> = {};
  const note = (what: string, status: number): void => void (statuses[what] = status);
  const inbox = await call<{ packages: { packageId: string; path: string }[] }>(api, 'GET', '/me/packages', { token });
  note('inbox', inbox.status);
  const path = inbox.body.packages.find((p) => p.packageId === pkg.id)?.path ?? `/packages/${encodeURIComponent(pkg.id)}`;
  note('package', (await call(api, 'GET', path, { token })).status);

  const families = await familiesToVisit(h.orm, campaignId, pkg.id);
  const [first, second] = families;
  if (!first || !second) throw new Error(`package ${pkg.id} has fewer than two families`);
  const visit = (f: typeof first) => makeFieldResult({ seed: 5, family: f.family, members: f.members, visitedAt: new Date(Date.now() - 60_000).toISOString() });
  note('result', (await call(api, 'POST', `${path}/results`, { token, body: { submissionId: randomUUID(), result: visit(first) } })).status);
  // Malformed on purpose, carrying real names, NIKs and the address where they do not belong.
  const [home] = await rows<{ alamat: string }>(h.orm, 'select alamat from p3ke_family where campaign_id = ? and id_keluarga_p3ke = ?', [campaignId, second.family.id_keluarga_p3ke]);
  const personal = `${second.family.kepala_keluarga} ${second.family.nik} ${home?.alamat ?? ''}`;
  const bad = { ...visit(second), note: personal.repeat(100) };
  note('malformed', (await call(api, 'POST', `${path}/results`, { token, body: { submissionId: randomUUID(), result: bad } })).status);
  note('unknown-field', (await call(api, 'POST', `${path}/results`, { token, body: { submissionId: randomUUID(), result: visit(second), nama: second.family.kepala_keluarga, nik: second.family.nik } })).status);
  note('broken-json', (await call(api, 'POST', `${path}/results`, { token, payload: `{"submissionId":"x","result":{"nik":"${second.family.nik}","nama":"${second.family.kepala_keluarga}"` })).status);
  note('unknown-family', (await call(api, 'POST', `${path}/results`, { token, body: { submissionId: randomUUID(), result: { ...visit(second), familyId: `X${second.family.nik}` } } })).status);
  return statuses;
}

/** Reads of everything personal the API serves once the campaign is over. */
async function readBackThroughApi(pm: string, supervisor: string, admin: string): Promise<void> {
  const c = encodeURIComponent(campaignId);
  for (const p of [`/campaigns/${c}`, `/campaigns/${c}/report`, `/campaigns/${c}/plan`, `/campaigns/${c}/feedback.csv`, `/campaigns/${c}/feedback.json`]) {
    expect((await call(api, 'GET', p, { token: pm })).status).toBe(200);
  }
  expect((await call(api, 'GET', `/escalations?status=all&campaignId=${c}`, { token: supervisor })).status).toBe(200);
  expect((await call(api, 'GET', `/audit?campaignId=${c}&limit=200`, { token: admin })).status).toBe(200);
}

beforeAll(async () => {
  installQuietRuntime();
  h = await openHarness();
  sim = await startP3keSimulator(FAULT_SIM);
  await ensureFaultRoster(h.orm);
  worker = startWorkerProcess({ stack: h.stack, taskQueue, p3keUrl: sim.url, p3keToken: TEST_P3KE_TOKEN, logName: `log-scan-worker-${taskQueue}`, logLevel: 'DEBUG' });
  // The API writes its log where the test can read it: pino's JSON lines, one per write.
  app = await buildApi({
    orm: h.orm,
    client: h.client,
    env: loadEnv(),
    taskQueue,
    dataDir: join(TEST_RUN_DIR, 'data', taskQueue),
    logger: { level: 'info', stream: { write: (line: string) => void apiLines.push(line) } },
  });
  api = { app, base: await app.listen({ host: '127.0.0.1', port: 0 }) };
  await worker.ready;

  const config = faultCampaignConfig();
  const pm = await tokenFor(h.orm, { id: `logscan-pm-${randomUUID().slice(0, 6)}`, name: 'Manajer uji log', role: 'program_manager', allAreas: true });
  const supervisor = await tokenFor(h.orm, { id: `logscan-sup-${randomUUID().slice(0, 6)}`, name: 'Pengawas uji log', role: 'supervisor', kecamatanCodes: config.regionCodes });
  const admin = await tokenFor(h.orm, { id: `logscan-admin-${randomUUID().slice(0, 6)}`, name: 'Admin uji log', role: 'admin' });
  const started = await call(api, 'POST', '/campaigns', { token: pm, body: { id: campaignId, config } });
  if (started.status !== 201 && started.status !== 202) throw new Error(`campaign start answered ${started.status}: ${started.text}`);
  officerRequests = await officerThroughApi();
  const people = await driveFaultCampaign(h.client, h.orm, campaignId);
  if (people.status !== 'COMPLETED') throw new Error(`campaign ended ${people.status}`);
  await h.client.workflow.getHandle(campaignWorkflowId(campaignId)).result();
  await readBackThroughApi(pm, supervisor, admin);

  // Kept beside the worker's log, for a person to read when a finding needs explaining (KEEP_TEST_RUN=1).
  writeFileSync(join(TEST_RUN_DIR, `log-scan-api-${taskQueue}.log`), apiLines.join(''));
  known = await campaignPersonalData(h.orm, campaignId);
  const lines = (file: string): string[] => readFileSync(file, 'utf8').split('\n');
  sources = [
    { name: 'worker', lines: lines(worker.logFile) },
    { name: 'api', lines: apiLines },
    { name: 'temporal dev server', lines: lines(join(TEST_RUN_DIR, 'temporal.log')) },
  ];
}, 240_000);

afterAll(async () => {
  await worker?.kill('SIGTERM');
  await app?.close();
  await h?.close();
  await sim?.close();
});

describe('the personal-data scan itself', () => {
  const planted: KnownPersonalData = { niks: new Set(['6409041206900003', '64090412069A0003']), names: new Set(['Siti Nur Aisyah', 'Ani']), addresses: new Set(['Jl. Mawar No. 7 RT 003']) };

  it('when a planted line carries a NIK, a name or an address, then each is found and reported masked', () => {
    const findings = findPersonalData(
      [{ name: 'planted', lines: ['{"msg":"visit","nik":"6409041206900003"}', 'kepala Siti Nur Aisyah', 'alamat: Jl. Mawar No. 7 RT 003', 'nik=64090412069A0003', 'ref 99640904120690000312'] }],
      planted,
    );
    expect(findings.map((f) => [f.line, f.kind])).toEqual([[1, 'nik'], [2, 'name'], [3, 'address'], [4, 'nik'], [5, 'nik']]);
    expect(findings.map((f) => f.masked)).not.toContain('6409041206900003');
  });

  it('when lines carry only masked forms or a name inside another word, then nothing is found', () => {
    const lines = [`nik ${maskNik('6409041206900003')} of ${maskName('Siti Nur Aisyah')}`, 'Perusahaan Anita', 'nik 640904120690000'];
    expect(findPersonalData([{ name: 'masked', lines }], planted)).toEqual([]);
  });
});

describe('the logs of a campaign', () => {
  it('then the scan had real material: the campaign ran through the API and the worker logged it', () => {
    expect(known.niks.size).toBeGreaterThan(200);
    expect(known.names.size).toBeGreaterThan(200);
    expect(known.addresses.size).toBeGreaterThan(50);
    expect(officerRequests).toEqual({ inbox: 200, package: 200, result: 200, malformed: 400, 'unknown-field': 400, 'broken-json': 400, 'unknown-family': 404 });
    const worker = sources.find((s) => s.name === 'worker')?.lines ?? [];
    expect(worker.filter((l) => l.includes(campaignId)).length).toBeGreaterThan(20);
    expect(apiLines.filter((l) => l.includes('/packages/:packageId')).length).toBeGreaterThanOrEqual(4);
  });

  it('when every line of the worker, API and dev server logs is scanned, then no NIK, name or address appears', () => {
    expect(findPersonalData(sources, known)).toEqual([]);
  });
});
