/**
 * Every read of personal data by a person is in the audit log, and officers see only what the visit needs. Every
 * route of the OpenAPI document is classified here as a personal-data read (called, and an audit entry naming the
 * record must appear) or not (its GET answer must carry none of the seeded NIKs, names, addresses or birth dates):
 * a new route that is in neither list fails the test until someone decides which it is.
 */
import { call, openApiHarness, seedUsers, type ApiHarness, type CallResult } from '../api/api-harness';
import { uniqueCampaignId } from '../support/harness';
import { insertOfficers, rows } from '../support/lifecycle-helpers';
import { DESA_1, FAMILY, KEEP_P3KE_MEMBERS, TRICKY_ADDRESS } from '../support/seed-lifecycle';
import { seedFinishedCampaign, SUBJECT } from './privacy-fixtures';

type Role = 'officer' | 'pm' | 'sup' | 'admin';
let api: ApiHarness;
let t: Record<Role, string>;
const finished = uniqueCampaignId('pdr-done');
const running = uniqueCampaignId('pdr-run');
const OFFICER = `${running}-ver`;
let packageId = '';

/**
 * Free-text reasons are whatever staff type (docs/DATA-PROTECTION.md says what they are told, and the purge blanks
 * them); this test checks the structured personal data, so its cases carry a reason without any.
 */
const NEUTRAL_REASON = 'rumah sesuai data KK';

/** Values that identify a person in the seeded data (names of P3KE members, NIKs, address, birth dates). */
const PERSONAL = [SUBJECT.nik, SUBJECT.nama, ...KEEP_P3KE_MEMBERS.slice(1).flatMap((m) => [m.nik, m.nama, m.tanggal_lahir]), 'Sri Wahyuni', 'Jl. Poros', TRICKY_ADDRESS.split('\n')[0]!];

const plain = { payloads: [{ metadata: { encoding: Buffer.from('json/plain').toString('base64') }, data: Buffer.from(JSON.stringify({ nik: SUBJECT.nik })).toString('base64') }] };

/** How each personal-data route is called, and the audit entity ids its read must record. */
const PERSONAL_READS: Record<string, { role: Role; call: () => Promise<CallResult<unknown>>; audited: () => string[] }> = {
  'GET /packages/{packageId}': {
    role: 'officer',
    call: () => call(api, 'GET', `/packages/${encodeURIComponent(packageId)}`, { token: t.officer }),
    audited: () => [`${running}/${FAMILY.keepP3ke}`, `${running}/${FAMILY.plain}`],
  },
  'GET /campaigns/{id}/feedback.csv': { role: 'pm', call: () => call(api, 'GET', `/campaigns/${finished}/feedback.csv`, { token: t.pm }), audited: () => [`${finished}/feedback.csv`] },
  'GET /campaigns/{id}/feedback.json': { role: 'admin', call: () => call(api, 'GET', `/campaigns/${finished}/feedback.json`, { token: t.admin }), audited: () => [`${finished}/feedback.json`] },
  'POST /admin/subject-export': {
    role: 'admin',
    call: () => call(api, 'POST', '/admin/subject-export', { token: t.admin, body: { nik: SUBJECT.nik } }),
    audited: () => [`${finished}/${FAMILY.keepP3ke}`, `${running}/${FAMILY.keepP3ke}`],
  },
  'POST /codec/decode': {
    role: 'admin',
    call: async () => {
      const encoded = await call(api, 'POST', '/codec/encode', { token: t.admin, body: plain, headers: { 'x-namespace': api.h.stack.namespace } });
      return call(api, 'POST', '/codec/decode', { token: t.admin, body: encoded.body, headers: { 'x-namespace': api.h.stack.namespace } });
    },
    audited: () => [api.h.stack.namespace],
  },
};

/**
 * Routes that return no personal data, with why; their GETs are called and searched for the seeded values. Lists
 * are scoped to this file's campaigns: other files seed the same people with free-text reasons that name them.
 */
const NO_PERSONAL_DATA: Record<string, { why: string; get?: { role?: Role; path: () => string } }> = {
  'GET /health': { why: 'liveness', get: { path: () => '/health' } },
  'GET /ready': { why: 'dependency checks', get: { path: () => '/ready' } },
  'GET /metrics': { why: 'counters by route and status', get: { path: () => '/metrics' } },
  'GET /campaigns': { why: 'campaign rows: ids, config, counts', get: { role: 'pm', path: () => '/campaigns' } },
  'GET /campaigns/{id}': { why: 'one campaign row and progress counts', get: { role: 'pm', path: () => `/campaigns/${finished}` } },
  'GET /campaigns/{id}/report': { why: 'counts and breakdowns', get: { role: 'pm', path: () => `/campaigns/${finished}/report` } },
  'GET /campaigns/{id}/plan': { why: 'plan totals by programme and desa', get: { role: 'pm', path: () => `/campaigns/${finished}/plan` } },
  'GET /campaigns/{id}/dashboard': { why: 'aggregates by phase, desa, mismatch type and programme', get: { role: 'pm', path: () => `/campaigns/${finished}/dashboard` } },
  'GET /me/packages': { why: 'package ids and counts', get: { role: 'officer', path: () => '/me/packages' } },
  'GET /escalations': { why: 'case codes, levels and decisions by family id', get: { role: 'sup', path: () => `/escalations?status=all&campaignId=${running}` } },
  'GET /audit': { why: 'ids, actions and decisions', get: { role: 'admin', path: () => `/audit?campaignId=${finished}&limit=1000` } },
  'GET /codec/login': { why: 'a static sign-in page', get: { path: () => '/codec/login' } },
  'POST /campaigns': { why: 'answers ids' },
  'POST /campaigns/{id}/cancel': { why: 'answers ids and a status' },
  'POST /campaigns/{id}/plan/decision': { why: 'answers totals' },
  'POST /packages/{packageId}/results': { why: 'answers a receipt: family id, version, mismatch codes' },
  'POST /packages/{packageId}/hand-in': { why: 'answers counts' },
  'POST /escalations/{campaignId}/{familyId}/decision': { why: 'answers the decision' },
  'POST /officers/{id}/unavailable': { why: 'answers package ids' },
  'POST /codec/encode': { why: 'answers ciphertext of what the caller sent' },
  'POST /codec/session': { why: 'answers the user id' },
  'DELETE /codec/session': { why: 'answers nothing' },
};

const readsBy = async (actor: string) =>
  (await rows<{ entity_id: string }>(api.h.orm, `select entity_id from audit_log where action = 'read.personal_data' and actor = ? order by id`, [actor])).map((r) => r.entity_id);

beforeAll(async () => {
  api = await openApiHarness();
  await insertOfficers(api.h.orm, [{ id: OFFICER, role: 'field_verifier', kecamatanCode: DESA_1.slice(0, 6), desaCoverage: [DESA_1] }]);
  t = await seedUsers(api.h.orm, {
    officer: { id: OFFICER, name: 'Officer', role: 'officer' },
    pm: { id: `${running}-pm`, name: 'PM', role: 'program_manager', allAreas: true },
    sup: { id: `${running}-sup`, name: 'Supervisor', role: 'supervisor', kecamatanCodes: [DESA_1.slice(0, 6)] },
    admin: { id: `${running}-admin`, name: 'Admin', role: 'admin' },
  });
  await seedFinishedCampaign(api.h.orm, finished, { status: 'completed', finishedDaysAgo: 1, dataDir: api.dataDir, reason: NEUTRAL_REASON });
  ({ packageId } = await seedFinishedCampaign(api.h.orm, running, { status: 'running', finishedDaysAgo: null, officerId: OFFICER, reason: NEUTRAL_REASON }));
});
afterAll(async () => {
  await api?.close();
});

describe('reads of personal data', () => {
  it('when the OpenAPI document is read, then every route is classified as a personal-data read or not', async () => {
    const doc = await call<{ paths: Record<string, Record<string, unknown>> }>(api, 'GET', '/openapi.json');
    const routes = Object.entries(doc.body.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    const unclassified = routes.filter((r) => !(r in PERSONAL_READS) && !(r in NO_PERSONAL_DATA));
    expect(unclassified).toEqual([]);
    expect([...Object.keys(PERSONAL_READS), ...Object.keys(NO_PERSONAL_DATA)].filter((r) => !routes.includes(r))).toEqual([]);
  });

  it.each(Object.keys(PERSONAL_READS))('when %s answers, then the read is in the audit log with who and which record', async (route) => {
    const spec = PERSONAL_READS[route]!;
    const actor = { officer: OFFICER, pm: `${running}-pm`, sup: `${running}-sup`, admin: `${running}-admin` }[spec.role];
    const before = await readsBy(actor);
    const r = await spec.call();
    expect([route, r.status]).toEqual([route, 200]);
    // Other test files seed the same people: only this file's campaigns (and the codec's namespace) count here.
    const added = (await readsBy(actor)).slice(before.length).filter((id) => id.startsWith(`${finished}/`) || id.startsWith(`${running}/`) || id === api.h.stack.namespace);
    expect([...added].sort()).toEqual([...spec.audited()].sort());
  });

  it.each(Object.entries(NO_PERSONAL_DATA).filter(([, s]) => s.get))('when %s answers, then it carries no NIK, name, address or birth date', async (route, spec) => {
    const r = await call(api, 'GET', spec.get!.path(), spec.get!.role ? { token: t[spec.get!.role] } : {});
    expect([route, r.status]).toEqual([route, 200]);
    for (const value of PERSONAL) expect([route, value, r.text.includes(value)]).toEqual([route, value, false]);
  });
});

describe('what an officer sees of a family', () => {
  it('when an officer opens a package, then each family has exactly the fields the visit needs, and only the families of that package', async () => {
    const r = await call<{ families: Record<string, unknown>[] }>(api, 'GET', `/packages/${encodeURIComponent(packageId)}`, { token: t.officer });
    expect(r.status).toBe(200);
    expect(r.body.families.map((f) => f.familyId)).toEqual([FAMILY.plain, FAMILY.keepP3ke]);
    const family = r.body.families[1]!;
    expect(Object.keys(family).sort()).toEqual(['alamat', 'desaCode', 'desaName', 'familyId', 'housing', 'kepalaKeluarga', 'latestVersion', 'members', 'priority', 'programmes', 'status']);
    expect(Object.keys(family.kepalaKeluarga as object).sort()).toEqual(['jenis_kelamin', 'nama', 'nik', 'tanggal_lahir']);
    expect(Object.keys((family.members as object[])[0]!).sort()).toEqual(['hubungan_dengan_kepala_keluarga', 'jenis_kelamin', 'nama', 'nik', 'tanggal_lahir']);
    expect(Object.keys(family.housing as object).sort()).toEqual(['bahan_bakar_memasak', 'fasilitas_bab', 'jenis_atap', 'jenis_dinding', 'jenis_lantai', 'kepemilikan_rumah', 'memiliki_simpanan', 'sumber_air_minum', 'sumber_penerangan']);
    expect(Object.keys(family.programmes as object).sort()).toEqual(['penerima_bpnt', 'penerima_bpum', 'penerima_bst', 'penerima_pkh', 'penerima_sembako']);
    expect(r.text).not.toMatch(/desil|hamil|pekerjaan|pendidikan|resiko_stunting|padan_dukcapil|status_kawin|id_individu/);
  });

  it('when the package is closed, then the officer no longer reads its families, and no read is recorded', async () => {
    await rows(api.h.orm, `update work_package set status = 'closed', closed_at = now() where id = ?`, [packageId]);
    const before = await readsBy(OFFICER);
    const r = await call(api, 'GET', `/packages/${encodeURIComponent(packageId)}`, { token: t.officer });
    expect(r.status).toBe(409);
    expect(r.text).not.toContain(SUBJECT.nik);
    expect(await readsBy(OFFICER)).toEqual(before);
    expect((await call<{ packages: unknown[] }>(api, 'GET', '/me/packages', { token: t.officer })).body.packages).toEqual([]);
  });
});
