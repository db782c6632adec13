/**
 * The API's platform behaviour on the real stack: health and readiness, the OpenAPI document, authentication and
 * roles, bad input that changes nothing, metrics, the admin routes and the codec endpoint for the Web UI.
 */
import { randomUUID } from 'node:crypto';
import { ApiUserSchema } from '../../db/entities/api-user.entity';
import { API_BODY_LIMIT_BYTES } from '../../client/api/build-api';
import { CODEC_SESSION_COOKIE } from '../../client/api/auth/authenticate';
import { hashToken } from '../../client/api/auth/tokens';
import { ENCRYPTED_ENCODING } from '../../client/codec/aes-gcm-codec';
import { testCampaignConfig } from '../support/campaign-fixtures';
import { insertOfficers, rows } from '../support/lifecycle-helpers';
import { call, countRows, errorCode, openApiHarness, seedUsers, type ApiHarness } from './api-harness';

const P = `plat${randomUUID().slice(0, 6)}`;
const ORIGIN = 'http://127.0.0.1:8233';
const SIDE_EFFECT_TABLES = ['campaign', 'audit_log', 'field_result', 'api_user', 'officer'] as const;

let api: ApiHarness;
let t: Record<'pm' | 'sup' | 'officer' | 'admin' | 'disabled', string>;

beforeAll(async () => {
  api = await openApiHarness();
  await insertOfficers(api.h.orm, [{ id: `${P}-ver`, role: 'field_verifier', kecamatanCode: '317301', desaCoverage: ['3173011001'] }]);
  t = await seedUsers(api.h.orm, {
    pm: { id: `${P}-pm`, name: 'PM', role: 'program_manager', allAreas: true },
    sup: { id: `${P}-sup`, name: 'Supervisor', role: 'supervisor', kecamatanCodes: ['317301'] },
    officer: { id: `${P}-ver`, name: 'Officer', role: 'officer' },
    admin: { id: `${P}-admin`, name: 'Admin', role: 'admin' },
    disabled: { id: `${P}-gone`, name: 'Gone', role: 'admin' },
  });
  await api.h.orm.em.fork().nativeUpdate(ApiUserSchema, { id: `${P}-gone` }, { disabled: true });
});
afterAll(async () => {
  await api?.close();
});

describe('health, readiness and documentation', () => {
  it('when asked, then /health answers and /ready reports PostgreSQL and Temporal', async () => {
    expect((await call(api, 'GET', '/health')).body).toEqual({ status: 'ok' });
    const ready = await call<{ status: string; checks: Record<string, { ok: boolean }> }>(api, 'GET', '/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.status).toBe('ready');
    expect(ready.body.checks.postgres?.ok).toBe(true);
    expect(ready.body.checks.temporal?.ok).toBe(true);
  });

  it('when Temporal does not answer, then /ready is 503 and says which dependency failed', async () => {
    // The real client, except that its connection's GetSystemInfo fails as an unreachable frontend does.
    const unreachable = Object.assign(new Error('14 UNAVAILABLE: No connection established'), { code: 14 });
    const connection = new Proxy(api.h.client.connection, {
      get: (target, key) => (key === 'workflowService' ? { getSystemInfo: () => Promise.reject(unreachable) } : Reflect.get(target, key)),
    });
    const client = new Proxy(api.h.client, { get: (target, key) => (key === 'connection' ? connection : Reflect.get(target, key)) });
    const broken = await api.build({ client });
    const ready = await call<{ status: string; checks: Record<string, { ok: boolean; error?: string }> }>(broken, 'GET', '/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.status).toBe('not_ready');
    expect(ready.body.checks.postgres?.ok).toBe(true);
    expect(ready.body.checks.temporal).toMatchObject({ ok: false, error: 'Error 14' });
  });

  it('when the OpenAPI document is read, then it lists every route with its methods, and /docs serves Swagger UI', async () => {
    const doc = await call<{ openapi: string; paths: Record<string, Record<string, unknown>> }>(api, 'GET', '/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    const listed = Object.entries(doc.body.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    const expected = [
      'GET /health', 'GET /ready', 'GET /metrics',
      'POST /campaigns', 'GET /campaigns', 'GET /campaigns/{id}', 'POST /campaigns/{id}/cancel', 'GET /campaigns/{id}/report',
      'GET /campaigns/{id}/feedback.csv', 'GET /campaigns/{id}/feedback.json', 'GET /campaigns/{id}/plan', 'POST /campaigns/{id}/plan/decision', 'GET /campaigns/{id}/dashboard',
      'GET /me/packages', 'GET /packages/{packageId}', 'POST /packages/{packageId}/results', 'POST /packages/{packageId}/hand-in',
      'GET /escalations', 'POST /escalations/{campaignId}/{familyId}/decision',
      'POST /officers/{id}/unavailable', 'GET /audit', 'POST /admin/subject-export',
      'POST /codec/encode', 'POST /codec/decode', 'GET /codec/login', 'POST /codec/session', 'DELETE /codec/session',
    ];
    expect([...listed].sort()).toEqual([...expected].sort());
    const docs = await call(api, 'GET', '/docs/');
    expect(docs.status).toBe(200);
    expect(docs.text).toContain('swagger');
  });
});

describe('authentication and roles', () => {
  it('when there is no token, an unknown one or a disabled user, then 401 with WWW-Authenticate', async () => {
    for (const token of [undefined, 'vv_' + 'x'.repeat(43), 'not-even-a-token', t.disabled]) {
      const r = await call(api, 'GET', '/campaigns', token ? { token } : {});
      expect(r.status).toBe(401);
      expect(errorCode(r)).toBe('unauthorized');
      expect(r.headers['www-authenticate']).toContain('Bearer');
    }
  });

  it('when a role calls a route that is not for it, then 403', async () => {
    const denied: [string, 'GET' | 'POST', string, unknown?][] = [
      [t.officer, 'POST', '/campaigns', { config: testCampaignConfig() }],
      [t.sup, 'POST', '/campaigns', { config: testCampaignConfig() }],
      [t.admin, 'POST', '/campaigns', { config: testCampaignConfig() }],
      [t.pm, 'GET', '/me/packages'],
      [t.sup, 'GET', '/campaigns/c-20260101-abcdef/feedback.csv'],
      [t.officer, 'GET', '/escalations'],
      [t.admin, 'POST', '/campaigns/c-20260101-abcdef/plan/decision', { decision: 'approve' }],
      [t.sup, 'POST', '/campaigns/c-20260101-abcdef/plan/decision', { decision: 'approve' }],
      [t.pm, 'GET', '/audit'],
      [t.officer, 'POST', `/officers/${P}-ver/unavailable`],
      [t.pm, 'POST', '/codec/decode', { payloads: [] }],
    ];
    for (const [token, method, url, body] of denied) {
      const r = await call(api, method, url, { token, ...(body === undefined ? {} : { body }) });
      expect([url, r.status, errorCode(r)]).toEqual([url, 403, 'forbidden_role']);
    }
  });
});

describe('bad input changes nothing', () => {
  it('when the body is malformed JSON, of the wrong shape, oversized or the id unknown, then 400/413/404 and no row changes', async () => {
    const before = await countRows(api.h.orm, SIDE_EFFECT_TABLES);

    const malformed = await call(api, 'POST', '/campaigns', { token: t.pm, payload: '{"config": {"name": "x",' });
    expect([malformed.status, errorCode(malformed)]).toEqual([400, 'malformed_json']);

    const wrong = await call<{ error: { issues: { path: string }[] } }>(api, 'POST', '/campaigns', {
      token: t.pm,
      body: { config: { name: 42, regionCodes: ['64090'], desilMin: 'one', desilMax: 4 }, extra: true },
    });
    expect([wrong.status, errorCode(wrong)]).toEqual([400, 'invalid_request']);
    const paths = wrong.body.error.issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['body.config.name', 'body.config.regionCodes[0]', 'body.config.desilMin']));

    const badId = await call(api, 'POST', '/campaigns', { token: t.pm, body: { id: '../../etc', config: testCampaignConfig() } });
    expect(badId.status).toBe(400);

    const oversized = await call(api, 'POST', '/campaigns', { token: t.pm, payload: JSON.stringify({ config: { name: 'x'.repeat(API_BODY_LIMIT_BYTES) } }) });
    expect([oversized.status, errorCode(oversized)]).toEqual([413, 'payload_too_large']);

    const notJson = await call(api, 'POST', '/campaigns', { token: t.pm, payload: 'name=x', headers: { 'content-type': 'text/plain' } });
    expect(notJson.status).toBe(415);

    for (const url of ['/campaigns/c-20260101-000000', '/campaigns/c-20260101-000000/report', '/campaigns/c-20260101-000000/plan']) {
      expect((await call(api, 'GET', url, { token: t.pm })).status).toBe(404);
    }
    expect((await call(api, 'POST', '/campaigns/c-20260101-000000/cancel', { token: t.pm })).status).toBe(404);
    expect((await call(api, 'GET', `/packages/${encodeURIComponent('nope/3173011001/1')}`, { token: t.officer })).status).toBe(404);
    expect((await call(api, 'POST', '/escalations/c-20260101-000000/F1/decision', { token: t.sup, body: { decision: 'keep_p3ke', reason: 'tidak ada' } })).status).toBe(404);
    expect((await call(api, 'POST', '/officers/nobody/unavailable', { token: t.admin })).status).toBe(404);
    expect((await call(api, 'GET', '/no/such/route')).status).toBe(404);

    expect(await countRows(api.h.orm, SIDE_EFFECT_TABLES)).toEqual(before);
  });
});

describe('admin', () => {
  it('when an officer without open packages is marked unavailable, then the roster says so and the audit log has who and when', async () => {
    const r = await call(api, 'POST', `/officers/${P}-ver/unavailable`, { token: t.admin });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ officerId: `${P}-ver`, available: false, signalledPackages: [], notRunning: [] });
    const [officer] = await rows<{ available: boolean }>(api.h.orm, 'select available from officer where id = ?', [`${P}-ver`]);
    expect(officer?.available).toBe(false);
    const audit = await call<{ entries: { action: string; actor: string; actorRole: string; before: unknown; after: unknown }[] }>(api, 'GET', `/audit?entityId=${P}-ver&limit=5`, { token: t.admin });
    expect(audit.status).toBe(200);
    expect(audit.body.entries[0]).toMatchObject({ action: 'api.officer.unavailable', actor: `${P}-admin`, actorRole: 'admin', before: { available: true }, after: { available: false } });
  });
});

describe('metrics', () => {
  it('when scraped, then requests are counted by route template and status, and campaigns by phase', async () => {
    await call(api, 'GET', '/health');
    await call(api, 'GET', '/campaigns');
    const m = await call(api, 'GET', '/metrics');
    expect(m.status).toBe(200);
    expect(m.headers['content-type']).toContain('text/plain');
    expect(m.text).toMatch(/verivali_api_requests_total\{method="GET",route="\/health",status="200"\} \d+/);
    expect(m.text).toMatch(/verivali_api_request_errors_total\{method="GET",route="\/campaigns",status="401"\} \d+/);
    expect(m.text).toContain('verivali_api_request_duration_seconds_bucket');
    expect(m.text).toContain('# TYPE verivali_campaigns gauge');
  });
});

describe('codec endpoint for the Temporal Web UI', () => {
  const plain = { payloads: [{ metadata: { encoding: Buffer.from('json/plain').toString('base64') }, data: Buffer.from('{"nik":"6409044101900001"}').toString('base64') }] };

  it('when an admin encodes and decodes, then the payload round-trips through the encryption', async () => {
    const encoded = await call<{ payloads: { metadata: Record<string, string>; data: string }[] }>(api, 'POST', '/codec/encode', { token: t.admin, body: plain, headers: { 'x-namespace': 'default' } });
    expect(encoded.status).toBe(200);
    const first = encoded.body.payloads[0];
    expect(Buffer.from(first?.metadata.encoding ?? '', 'base64').toString()).toBe(ENCRYPTED_ENCODING);
    expect(Buffer.from(first?.data ?? '', 'base64').toString()).not.toContain('6409044101900001');
    const decoded = await call(api, 'POST', '/codec/decode', { token: t.admin, body: encoded.body, headers: { 'x-namespace': 'default' } });
    expect(decoded.status).toBe(200);
    expect(decoded.body).toEqual(plain);
    const otherNamespace = await call(api, 'POST', '/codec/decode', { token: t.admin, body: encoded.body, headers: { 'x-namespace': 'elsewhere' } });
    expect([otherNamespace.status, errorCode(otherNamespace)]).toEqual([400, 'namespace_not_served']);
    expect((await call(api, 'POST', '/codec/decode', { body: encoded.body })).status).toBe(401);
  });

  it('when the Web UI sends its preflight, then its origin is allowed with credentials; another origin is not', async () => {
    const preflight = await call(api, 'OPTIONS', '/codec/decode', {
      headers: { origin: ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-namespace' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(preflight.headers['access-control-allow-credentials']).toBe('true');
    expect(String(preflight.headers['access-control-allow-headers']).toLowerCase()).toContain('x-namespace');
    expect(String(preflight.headers['access-control-allow-methods'])).toContain('POST');

    const stranger = await call(api, 'OPTIONS', '/codec/decode', { headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST' } });
    expect(stranger.headers['access-control-allow-origin']).toBeUndefined();
    // Only the codec routes speak CORS.
    const elsewhere = await call(api, 'OPTIONS', '/campaigns', { headers: { origin: ORIGIN, 'access-control-request-method': 'POST' } });
    expect(elsewhere.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('when a browser signs in with an admin token, then the session cookie authenticates the decode the Web UI sends', async () => {
    expect((await call(api, 'POST', '/codec/session', { token: t.pm })).status).toBe(403);
    const session = await call(api, 'POST', '/codec/session', { payload: `token=${encodeURIComponent(t.admin)}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(session.status).toBe(200);
    const cookie = String(session.headers['set-cookie']);
    expect(cookie).toContain(`${CODEC_SESSION_COOKIE}=`);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/codec');
    const pair = cookie.split(';')[0] ?? '';
    const encoded = await call(api, 'POST', '/codec/encode', { token: t.admin, body: plain });
    const decoded = await call(api, 'POST', '/codec/decode', { body: encoded.body, headers: { cookie: pair, origin: ORIGIN, 'x-namespace': 'default' } });
    expect(decoded.status).toBe(200);
    expect(decoded.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(decoded.body).toEqual(plain);
    // The cookie is for the codec routes only.
    expect((await call(api, 'GET', '/audit', { headers: { cookie: pair } })).status).toBe(401);
    expect((await call(api, 'GET', '/codec/login')).text).toContain('<form');
  });

  it('when the token is stored, then only its SHA-256 is in the table', async () => {
    const [row] = await rows<{ token_hash: string }>(api.h.orm, 'select token_hash from api_user where id = ?', [`${P}-admin`]);
    expect(row?.token_hash).toBe(hashToken(t.admin));
    const leaked = await rows<{ n: string }>(api.h.orm, 'select count(*) as n from api_user where token_hash = ?', [t.admin]);
    expect(Number(leaked[0]?.n)).toBe(0);
  });
});
