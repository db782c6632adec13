/**
 * The officers' page (/app/) and the program managers' dashboard (/dashboard/) in headless Chromium, on the real
 * stack: one small campaign (4 families, 2 packages of 2, one officer) started through the API and driven to the
 * field phase. The officer signs in, reads the inbox in Bahasa Indonesia and English, opens a family's P3KE
 * record, meets a browser-side and a server-side refusal, sends a result, queues one while offline and sees it
 * sent once when back online, and hands the package in; the supervisor decides the escalated cases; the
 * dashboard's charts carry the numbers the API gives, refresh by themselves, and are refused to an officer.
 *
 * The area is a kelurahan in Jakarta (Gambir) that no other test file's officers cover.
 */
import { randomUUID } from 'node:crypto';
import type { Page, Request, Response } from 'playwright-core';
import { createP3keClient } from '../../activities/p3ke/p3ke-client';
import { campaignWorkflowId } from '../../domain/contracts/workflow-ids';
import { FIELD_RESULT_LIMITS, INDONESIA_BOUNDS } from '../../domain/field-result-checks';
import type { FieldResult } from '../../domain/field-result';
import { buildFieldResultSchema } from '../../domain/field-result.schema';
import type { Desa } from '../../domain/regions';
import { issuePath } from '../../client/api/errors';
import { startP3keSimulator, type RunningP3keSimulator } from '../../sim/p3ke-api/server';
import { call, errorCode, openApiHarness, seedUsers, type ApiHarness } from '../api/api-harness';
import { TEST_P3KE_TOKEN } from '../support/campaign-fixtures';
import { uniqueCampaignId } from '../support/harness';
import { insertOfficers, rows, visitWithoutHousehold, waitUntil } from '../support/lifecycle-helpers';
import { DESKTOP, launchBrowser, type TestBrowser } from './browser';
import { openNetCable, type NetCable } from './net-cable';

const DESA: Desa = { code: '3171011001', dotted: '31.71.01.1001', name: 'Uji Web', level: 'kelurahan', kecamatanCode: '317101', kecamatanName: 'Gambir', kabupaten: 'Kota Administrasi Jakarta Pusat' };
const P = `web${randomUUID().slice(0, 6)}`;
const OFFICER = `${P}-ver`;
const GAMBIR = { latitude: -6.1754, longitude: 106.8272 };

interface Receipt {
  familyId: string;
  version: number;
  escalate: boolean;
}
interface Dashboard {
  phase: string;
  progress: { families: number; assigned: number; visited: number };
  mismatchesByType: { type: string; families: number }[];
  mismatchesByDesa: { desaCode: string; families: number }[];
  desilShift: { settledFamilies: number; byDesil: { desil: number; before: number; after: number }[] };
  interventions: { planStatus: string | null; programmes: { programme: string; families: number }[] };
}

let api: ApiHarness;
let sim: RunningP3keSimulator;
let browser: TestBrowser;
/** The officer's phone reaches the API through this cable, so the offline step can truly cut it. */
let cable: NetCable;
let t: Record<'pm' | 'officer' | 'supervisor', string>;
const campaignId = uniqueCampaignId('web');
/** Receipts the officer's page got back (the escalation cases to expect). */
const receipts: Receipt[] = [];
let firstPackageId = '';
/** The family the officer verified through the page: its stored result is the base of the parity cases. */
let verifiedFamilyId = '';

const config = {
  name: 'Uji halaman web',
  regionCodes: [DESA.kecamatanCode],
  desilMin: 1,
  desilMax: 10,
  ingestPageSize: 50,
  timers: { packageDeadlineSeconds: 600, reminderEverySeconds: 60, escalationTimeoutSeconds: 600, approvalDeadlineSeconds: 600 },
  maxFamiliesPerPackage: 2,
  maxReassignments: 1,
  maxRevisitRounds: 0,
  budgetRupiah: 1_000_000_000_000,
};

const fieldResults = (familyId: string) =>
  rows<{ submission_id: string; version: number }>(api.h.orm, 'select submission_id, version from field_result where campaign_id = ? and family_id = ? order by version', [campaignId, familyId]);
const packageFamilies = (packageId: string) =>
  rows<{ family_id: string; kepala_keluarga: string; nik: string }>(
    api.h.orm,
    `select pf.family_id, f.kepala_keluarga, f.nik from package_family pf
     join p3ke_family f on f.campaign_id = pf.campaign_id and f.id_keluarga_p3ke = pf.family_id
     where pf.package_id = ? order by pf.priority desc, pf.family_id`,
    [packageId],
  );
const packageUrl = (id: string): string => `/packages/${encodeURIComponent(id)}`;

/** The error line the page shows next to the input with this API path. */
async function errorNextTo(page: Page, path: string): Promise<string> {
  const describedBy = await page.locator(`[data-path="${path}"]`).getAttribute('aria-describedby');
  return (await page.locator(`#${describedBy}`).textContent()) ?? '';
}

/** One attribute of every element the selector finds, in document order ('' when absent). */
async function attributes(page: Page, selector: string, attribute: string): Promise<string[]> {
  const found = page.locator(selector);
  const values: string[] = [];
  for (let i = 0; i < (await found.count()); i++) values.push((await found.nth(i).getAttribute(attribute)) ?? '');
  return values;
}

/** Every POST of a field result the page made (submission ids), and the receipts it got. */
function watchSubmissions(page: Page): string[] {
  const posted: string[] = [];
  page.on('request', (request: Request) => {
    if (request.method() === 'POST' && request.url().endsWith('/results')) posted.push((JSON.parse(request.postData() ?? '{}') as { submissionId: string }).submissionId);
  });
  page.on('response', (response: Response) => {
    if (response.request().method() !== 'POST' || !response.url().endsWith('/results') || response.status() !== 200) return;
    void response.json().then((body: { receipt: Receipt }) => receipts.push(body.receipt));
  });
  return posted;
}

/** Script errors and CSP violations; failed requests (4xx answers, offline) are expected and left out. */
function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) problems.push(`console: ${msg.text()}`);
  });
  return problems;
}

async function signIn(page: Page, path: string, token: string, base = api.base): Promise<void> {
  await page.goto(`${base}${path}`);
  await page.locator('body[data-ready="true"]').waitFor();
  await page.getByLabel('Token API').fill(token);
  await page.getByRole('button', { name: 'Masuk', exact: true }).click();
}

beforeAll(async () => {
  api = await openApiHarness();
  sim = await startP3keSimulator({ token: TEST_P3KE_TOKEN, families: 4, defectRate: 0, area: [DESA] });
  await insertOfficers(api.h.orm, [{ id: OFFICER, role: 'field_verifier', kecamatanCode: DESA.kecamatanCode, desaCoverage: [DESA.code] }]);
  t = await seedUsers(api.h.orm, {
    pm: { id: `${P}-pm`, name: 'Manajer', role: 'program_manager', allAreas: true },
    officer: { id: OFFICER, name: 'Petugas', role: 'officer' },
    supervisor: { id: `${P}-sup`, name: 'Supervisor', role: 'supervisor', kecamatanCodes: [DESA.kecamatanCode] },
  });
  await api.h.startWorker({ p3ke: createP3keClient({ baseUrl: sim.url, token: TEST_P3KE_TOKEN, timeoutMs: 5_000 }) });
  browser = await launchBrowser();
  cable = await openNetCable(api.base);
  expect((await call(api, 'POST', '/campaigns', { token: t.pm, body: { id: campaignId, config } })).status).toBe(201);
  await waitUntil(async () => {
    const r = await rows<{ open: string; all: string }>(api.h.orm, `select count(*) filter (where status = 'open') as open, count(*) as all from work_package where campaign_id = ?`, [campaignId]);
    return Number(r[0]?.all) === 2 && r[0]?.open === r[0]?.all;
  }, 60_000, 'two open work packages');
});

afterAll(async () => {
  await browser?.close();
  await cable?.close();
  await api?.h.client.workflow.getHandle(campaignWorkflowId(campaignId)).terminate('test clean-up').catch(() => undefined);
  await api?.close();
  await sim?.close();
});

describe('the web pages', () => {
  it('when the pages are fetched, then they come with a strict CSP, unknown files are 404, and the browser gets the server’s field rules', async () => {
    for (const path of ['/app/', '/dashboard/', '/app/app.js', '/web/styles.css']) {
      const r = await call(api, 'GET', path);
      expect([path, r.status]).toEqual([path, 200]);
      expect(r.headers['content-security-policy']).toContain("script-src 'self'");
      expect(r.headers['content-security-policy']).not.toContain('unsafe-inline');
    }
    expect((await call(api, 'GET', '/app/app.js')).headers['content-type']).toContain('text/javascript');
    const bare = await fetch(`${api.base}/app`, { redirect: 'manual' });
    expect([bare.status, bare.headers.get('location')]).toEqual([301, '/app/']);
    expect((await call(api, 'GET', '/app/no-such-file.js')).status).toBe(404);
    expect((await call(api, 'GET', '/app/..%2Fpackage.json')).status).toBe(404);
    const openapi = await call<{ paths: Record<string, unknown> }>(api, 'GET', '/openapi.json');
    expect(Object.keys(openapi.body.paths)).toContain('/campaigns/{id}/dashboard');
    expect(Object.keys(openapi.body.paths).filter((p) => p.startsWith('/app') || p.startsWith('/web'))).toEqual([]);

    const { page } = await browser.person();
    await page.goto(`${api.base}/app/`);
    // A string, not a function: TypeScript would compile a dynamic import() in a function to require().
    const rules = (await page.evaluate("import('/web/field-rules.js').then((m) => m.default)")) as { limits: unknown; bounds: unknown };
    expect(rules.limits).toEqual(FIELD_RESULT_LIMITS);
    expect(rules.bounds).toEqual(INDONESIA_BOUNDS);
  });

  it('when the officer signs in, then the inbox is in Bahasa Indonesia, English is remembered across a reload, and a family’s P3KE record sits beside the form', async () => {
    const { context, page } = await browser.person({ geolocation: GAMBIR, permissions: ['geolocation'] });
    const problems = watchProblems(page);
    const posted = watchSubmissions(page);
    await context.clock.install();

    await signIn(page, '/app/', t.officer, cable.url);
    await page.getByRole('heading', { name: 'Paket kerja terbuka' }).waitFor();
    await page.locator('#package-list li.package').nth(1).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('id');
    const packages = await attributes(page, '#package-list li.package', 'data-package-id');
    const dbPackages = await rows<{ id: string }>(api.h.orm, `select id from work_package where campaign_id = ? order by id`, [campaignId]);
    expect([...packages].sort()).toEqual(dbPackages.map((r) => r.id));

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Open work packages' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Open work packages' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.getByRole('button', { name: 'Bahasa Indonesia' }).click();
    await page.getByRole('heading', { name: 'Paket kerja terbuka' }).waitFor();

    firstPackageId = packages[0] as string;
    const [family1, family2] = await packageFamilies(firstPackageId);
    if (!family1 || !family2) throw new Error('the first package should hold two families');
    verifiedFamilyId = family1.family_id;
    await page.locator(`li.package[data-package-id="${firstPackageId}"]`).getByRole('button', { name: 'Buka paket' }).click();
    await page.locator(`li.family[data-family-id="${family1.family_id}"]`).waitFor();
    expect(await page.getByRole('button', { name: 'Serahkan paket' }).isDisabled()).toBe(true);

    // The device clock runs a day ahead: the browser's own check cannot see it, the server's can.
    await context.clock.setSystemTime(Date.now() + 86_400_000);
    await page.locator(`li.family[data-family-id="${family1.family_id}"]`).getByRole('button').click();
    const record = page.locator('section.record');
    await record.waitFor();
    expect(await record.textContent()).toContain(family1.kepala_keluarga);
    expect(await record.textContent()).toContain(family1.nik);
    expect(await page.locator('[data-path="members[0].nama"]').inputValue()).not.toBe('');

    // Browser-side validation: a short NIK and no GPS are refused before anything is sent.
    const nik = await page.locator('[data-path="members[0].nik"]').inputValue();
    await page.locator('[data-path="members[0].nik"]').fill('123');
    await page.getByRole('button', { name: 'Kirim hasil' }).click();
    expect(await errorNextTo(page, 'members[0].nik')).toBe('NIK harus tepat 16 angka.');
    expect(await errorNextTo(page, 'gps.lat')).toBe('Isi dengan angka.');
    expect(await page.locator('[data-path="members[0].nik"]').getAttribute('aria-invalid')).toBe('true');
    expect(posted).toEqual([]);

    // The server's refusal: the visit is "tomorrow" by the server's clock.
    await page.locator('[data-path="members[0].nik"]').fill(nik);
    await page.getByRole('button', { name: 'Gunakan lokasi saya' }).click();
    await waitUntil(async () => (await page.locator('[data-path="gps.lat"]').inputValue()) !== '', 5_000, 'the GPS position');
    await page.getByRole('button', { name: 'Kirim hasil' }).click();
    await page.locator('.server-message:not(:empty)').waitFor();
    expect(await page.locator('.server-message').textContent()).toMatch(/^Ditolak server \(400\): .*visitedAt/);
    expect(await errorNextTo(page, 'visitedAt')).toContain('visitedAt is after the time of submission');
    expect(posted).toHaveLength(1);
    await browser.screenshot(page, 'officer-page.png');
    expect(await fieldResults(family1.family_id)).toEqual([]);

    // Clock put right: the officer sets the visit time to now and sends.
    await context.clock.setSystemTime(Date.now());
    await page.getByRole('button', { name: 'Sekarang' }).click();
    await page.getByRole('button', { name: 'Hitung dari anggota' }).click();
    await page.getByRole('button', { name: 'Kirim hasil' }).click();
    await page.locator('#notice.ok').waitFor();
    expect(await page.locator('#notice').textContent()).toContain('terkirim (versi 1)');
    expect(posted).toHaveLength(2);
    expect(await fieldResults(family1.family_id)).toEqual([{ submission_id: posted[1], version: 1 }]);
    expect(await page.locator(`li.family[data-family-id="${family1.family_id}"] .badge`).textContent()).toBe('terkirim');

    // Offline: the second family's result waits on the device, then goes out once with the same submission id.
    expect(await page.evaluate("navigator.serviceWorker.ready.then((r) => r.active !== null)")).toBe(true);
    cable.cut();
    await context.setOffline(true);
    await page.locator('#connection.offline').waitFor();
    await page.locator(`li.family[data-family-id="${family2.family_id}"]`).getByRole('button').click();
    await page.getByLabel('Hasil kunjungan').selectOption('deceased');
    await page.getByRole('button', { name: 'Gunakan lokasi saya' }).click();
    await waitUntil(async () => (await page.locator('[data-path="gps.lat"]').inputValue()) !== '', 5_000, 'the GPS position');
    await page.getByRole('button', { name: 'Kirim hasil' }).click();
    const queued = page.locator(`#outbox-list li[data-family-id="${family2.family_id}"]`);
    await queued.waitFor();
    expect(await queued.textContent()).toContain('menunggu dikirim');
    expect(await page.locator(`li.family[data-family-id="${family2.family_id}"] .badge`).textContent()).toBe('menunggu dikirim');
    const submissionId = (await queued.getAttribute('data-submission-id')) ?? '';
    expect(submissionId).toMatch(/^web-/);
    expect(await page.evaluate("localStorage.getItem('verivali.outbox')")).toContain(submissionId);
    expect(await fieldResults(family2.family_id)).toEqual([]);

    // A reload without a network: the service worker has the page's files, the outbox is still on the device.
    await page.reload();
    await page.locator('#notice.warn').filter({ hasText: 'Luring' }).waitFor();
    await queued.waitFor();
    expect(await queued.getAttribute('data-submission-id')).toBe(submissionId);
    expect(await fieldResults(family2.family_id)).toEqual([]);

    cable.mend();
    await context.setOffline(false);
    await queued.waitFor({ state: 'detached', timeout: 15_000 });
    expect(await fieldResults(family2.family_id)).toEqual([{ submission_id: submissionId, version: 1 }]);
    // Whatever the browser tried while the cable was out, every POST after the first family's two carried the
    // queued result's one submission id, and the server recorded it once.
    expect(new Set(posted.slice(2))).toEqual(new Set([submissionId]));
    await page.locator(`li.package[data-package-id="${firstPackageId}"]`).getByRole('button', { name: 'Buka paket' }).click();
    await page.locator(`li.family[data-family-id="${family2.family_id}"]`).waitFor();
    expect(await page.locator(`li.family[data-family-id="${family2.family_id}"] .badge`).textContent()).toBe('terkirim');

    // Every family has a result: the package is handed in.
    await page.getByRole('button', { name: 'Serahkan paket' }).click();
    await page.locator('#notice.ok').filter({ hasText: 'Paket diserahkan (2 dari 2 keluarga)' }).waitFor();
    await page.getByRole('heading', { name: 'Paket kerja terbuka' }).waitFor();
    await waitUntil(async () => (await page.locator('#package-list li.package').count()) === 1, 10_000, 'one package left in the inbox');
    const handIns = await rows<{ n: string }>(api.h.orm, `select count(*) as n from audit_log where action = 'api.package.hand_in' and entity_id = ?`, [firstPackageId]);
    expect(handIns[0]?.n).toBe('1');
    expect(problems).toEqual([]);
  });

  it('when the browser and the server judge the same results, then they find fault with the same fields', async () => {
    const [stored] = await rows<{ payload: FieldResult }>(api.h.orm, 'select payload from field_result where campaign_id = ? and family_id = ?', [campaignId, verifiedFamilyId]);
    const base = stored?.payload as FieldResult;
    expect(base.outcome).toBe('verified');
    const variant = (change: (r: FieldResult) => void): FieldResult => {
      const copy = structuredClone(base);
      change(copy);
      return copy;
    };
    const first = (r: FieldResult) => r.members[0] as FieldResult['members'][number];
    const cases: Record<string, FieldResult> = {
      valid: base,
      shortNik: variant((r) => { first(r).nik = '123'; }),
      nikMonth13: variant((r) => { first(r).nik = `${first(r).nik.slice(0, 8)}13${first(r).nik.slice(10)}`; }),
      nikSerialZero: variant((r) => { first(r).nik = `${first(r).nik.slice(0, 12)}0000`; }),
      duplicateNik: variant((r) => r.members.push({ ...first(r), hubungan_dengan_kepala_keluarga: 'famili_lain' })),
      noHead: variant((r) => r.members.forEach((m) => { m.hubungan_dengan_kepala_keluarga = 'famili_lain'; })),
      pregnantMale: variant((r) => r.members.forEach((m) => { if (m.jenis_kelamin === 'L') m.hamil = true; })),
      under2AboveUnder5: variant((r) => { if (r.stunting) r.stunting.childrenUnder2 = r.stunting.childrenUnder5 + 1; }),
      gpsOutside: variant((r) => { r.gps.lat = 20; }),
      photoEmbedded: variant((r) => { r.photos = [{ kind: 'house_front', ref: 'data:image/png;base64,AAAA' }]; }),
      visitTomorrow: variant((r) => { r.visitedAt = new Date(Date.now() + 86_400_000).toISOString(); }),
      bornAfterVisit: variant((r) => { first(r).tanggal_lahir = '2099-01-01'; }),
      verifiedWithoutHousing: variant((r) => { r.housing = null; }),
      movedWithoutHousehold: visitWithoutHousehold(verifiedFamilyId, 'moved'),
    };
    const schema = buildFieldResultSchema({ now: new Date().toISOString() });
    const server = Object.fromEntries(
      Object.entries(cases).map(([name, result]) => {
        const parsed = schema.safeParse(result);
        return [name, parsed.success ? [] : [...new Set(parsed.error.issues.map((i) => issuePath('', i.path)))].sort()];
      }),
    );
    const { page } = await browser.person();
    await page.goto(`${api.base}/app/`);
    const browserSide = await page.evaluate(
      `Promise.all([import('/app/validate.js'), import('/web/field-rules.js')]).then(([v, rules]) =>
        Object.fromEntries(Object.entries(${JSON.stringify(cases)}).map(([name, result]) =>
          [name, [...new Set(v.validateResult(result, rules.default, Date.now()).map((p) => p.path))].sort()])))`,
    );
    expect(server['valid']).toEqual([]);
    expect(Object.values(server).filter((paths) => paths.length === 0)).toHaveLength(2);
    expect(browserSide).toEqual(server);
  });

  it('when a supervisor opens the page, then the escalated cases of the area are listed and decided, with a reason required', async () => {
    const expected = receipts.filter((r) => r.escalate).map((r) => r.familyId).sort();
    expect(expected.length).toBeGreaterThan(0); // the deceased family always escalates (severity 4)
    await waitUntil(async () => {
      const open = await rows<{ family_id: string }>(api.h.orm, `select family_id from escalation_case where campaign_id = ? and status = 'open'`, [campaignId]);
      return open.length === expected.length;
    }, 20_000, 'the escalation cases');

    const { page } = await browser.person();
    const problems = watchProblems(page);
    await signIn(page, '/app/', t.supervisor);
    await page.getByRole('heading', { name: 'Antrean eskalasi' }).waitFor();
    const cards = page.locator('#case-list li.case');
    await cards.first().waitFor();
    const ours = page.locator(`#case-list li.case[data-campaign-id="${campaignId}"]`);
    expect((await attributes(page, `#case-list li.case[data-campaign-id="${campaignId}"]`, 'data-family-id')).sort()).toEqual(expected);
    expect(await ours.count()).toBe(expected.length);

    for (const familyId of expected) {
      const card = page.locator(`li.case[data-campaign-id="${campaignId}"][data-family-id="${familyId}"]`);
      await card.getByRole('button', { name: 'Simpan keputusan' }).click();
      expect(await card.locator('.field-error').textContent()).toBe('Alasan minimal 3 karakter.');
      await card.getByLabel('terima data lapangan').check();
      await card.getByLabel('Alasan').fill('Dicek bersama ketua RT');
      await card.getByRole('button', { name: 'Simpan keputusan' }).click();
      await card.waitFor({ state: 'detached' });
    }
    await waitUntil(async () => {
      const decided = await rows<{ family_id: string; decision: string; decided_by: string }>(api.h.orm, `select family_id, decision, decided_by from escalation_case where campaign_id = ? and status = 'decided' order by family_id`, [campaignId]);
      return decided.length === expected.length ? decided : undefined;
    }, 20_000, 'the decisions').then((decided) => {
      expect(decided).toEqual(expected.map((familyId) => ({ family_id: familyId, decision: 'accept_field', decided_by: `${P}-sup` })));
    });
    expect(problems).toEqual([]);
  });

  it('when a program manager follows the campaign, then the dashboard refreshes by itself and its charts carry the API’s numbers; an officer is refused', async () => {
    const { page } = await browser.person({ viewport: DESKTOP });
    const problems = watchProblems(page);
    await signIn(page, '/dashboard/', t.pm);
    await page.locator('#campaign').selectOption(campaignId);
    await page.locator('#phases li[aria-current="step"][data-phase="field"]').waitFor();
    await waitUntil(async () => (await page.locator('#field-progress').getAttribute('value')) === '2', 10_000, 'two of four families visited');

    // The rest of the field work, through the API: the second package's families were not found; handed in.
    const second = (await rows<{ id: string }>(api.h.orm, `select id from work_package where campaign_id = ? and id <> ?`, [campaignId, firstPackageId]))[0]?.id as string;
    for (const f of await packageFamilies(second)) {
      const r = await call(api, 'POST', `${packageUrl(second)}/results`, { token: t.officer, body: { submissionId: `sub-${randomUUID()}`, result: visitWithoutHousehold(f.family_id, 'not_found') } });
      expect(r.status).toBe(200);
    }
    expect((await call(api, 'POST', `${packageUrl(second)}/hand-in`, { token: t.officer, body: {} })).status).toBe(200);

    // No reload: the page follows the campaign to its plan. Nothing changes while the plan waits for approval, so
    // what the page drew and what the API answers now describe the same state.
    await page.locator('#chart-interventions').filter({ hasText: 'Rencana: diusulkan' }).waitFor({ timeout: 40_000 });
    await page.locator('#phases li[aria-current="step"][data-phase="approval"]').waitFor();
    const dashboard = (await call<Dashboard>(api, 'GET', `/campaigns/${campaignId}/dashboard`, { token: t.pm })).body;
    expect(dashboard.interventions.planStatus).toBe('proposed');
    expect(dashboard.progress).toMatchObject({ families: 4, assigned: 4, visited: 4 });
    expect([await page.locator('#field-progress').getAttribute('value'), await page.locator('#field-progress').getAttribute('max')]).toEqual(['4', '4']);

    const barValues = async (chart: string) => {
      const [keys, series, values] = await Promise.all(['data-key', 'data-series', 'data-value'].map((a) => attributes(page, `#${chart} g.bar`, a)));
      return (keys ?? []).map((key, i) => [key, series?.[i] || null, Number(values?.[i])]);
    };
    expect(dashboard.mismatchesByType.length).toBeGreaterThan(0);
    expect(await barValues('chart-mismatch-type')).toEqual(dashboard.mismatchesByType.map((m) => [m.type, null, m.families]));
    expect(await barValues('chart-mismatch-desa')).toEqual(dashboard.mismatchesByDesa.map((m) => [m.desaCode, null, m.families]));
    // Deceased, and two not found: three families not verified; the verified family may differ from P3KE too.
    expect(dashboard.mismatchesByType).toContainEqual({ type: 'outcome_not_verified', families: 3 });
    expect(dashboard.mismatchesByDesa).toEqual([{ desaCode: DESA.code, desaName: DESA.name, families: expect.any(Number) }]);
    expect(dashboard.mismatchesByDesa[0]?.families).toBeGreaterThanOrEqual(3);
    if (dashboard.desilShift.settledFamilies > 0) {
      expect(await barValues('chart-desil')).toEqual(dashboard.desilShift.byDesil.flatMap((b) => [[String(b.desil), 'before', b.before], [String(b.desil), 'after', b.after]]));
    } else expect(await page.locator('#chart-desil g.bar').count()).toBe(0);
    expect(await barValues('chart-interventions')).toEqual(dashboard.interventions.programmes.map((p) => [p.programme, null, p.families]));
    expect(await page.locator('#chart-interventions').textContent()).toContain('Rencana: diusulkan');
    await browser.screenshot(page, 'dashboard.png');
    expect(problems).toEqual([]);

    // An officer's token gets no dashboard data, in the page or from the API.
    const officer = await browser.person();
    await signIn(officer.page, '/dashboard/', t.officer);
    await officer.page.locator('#signin-error:not(:empty)').waitFor();
    expect(await officer.page.locator('#signin-error').textContent()).toContain('not officer');
    expect(await officer.page.locator('#dashboard-view').isHidden()).toBe(true);
    for (const token of [t.officer, t.supervisor]) {
      const refused = await call(api, 'GET', `/campaigns/${campaignId}/dashboard`, { token });
      expect([refused.status, errorCode(refused)]).toEqual([403, 'forbidden_role']);
    }
  });
});
