/**
 * Bad input on every route of the API, on the real stack, against one small running campaign: malformed JSON,
 * wrong types, missing and extra fields, oversized bodies, unknown ids, another officer's package, reused
 * submission ids, SQL-injection and script strings, invalid NIKs and dates in the future. Each is refused with a
 * 4xx, a machine code and a reason, and changes nothing: every table (row
 * counts and an md5 of every row) and the state of the campaign's workflows (history length and queries) are the
 * same after each route's cases as before. Refusals are not audited (the audit log records what people did and
 * read, and a refused request did neither), so audit_log is compared whole too. Reasons never echo a value from a
 * body (it may be a NIK); they do name the record ids of the URL, by design (client/api/README.md), and an
 * injection string there comes back as JSON text, never executed (`probe` marks the values that must not echo).
 *
 * The routes come from /openapi.json: a new route without a case here fails the coverage test. Cases the other
 * API tests already make (api-platform, api-campaign-flow) are not repeated unless a route had no other.
 */
import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { API_BODY_LIMIT_BYTES } from '../../client/api/build-api';
import { CODEC_BODY_LIMIT_BYTES } from '../../client/codec/codec-http';
import { createP3keClient } from '../../activities/p3ke/p3ke-client';
import { campaignProgressQuery } from '../../domain/contracts/campaign';
import { escalationCaseStatusQuery } from '../../domain/contracts/escalation-case';
import { workPackageStatusQuery } from '../../domain/contracts/work-package';
import { campaignWorkflowId, escalationCaseWorkflowId } from '../../domain/contracts/workflow-ids';
import type { FieldResult } from '../../domain/field-result';
import type { Desa } from '../../domain/regions';
import { startP3keSimulator, type RunningP3keSimulator } from '../../sim/p3ke-api/server';
import { TEST_P3KE_TOKEN } from '../support/campaign-fixtures';
import { uniqueCampaignId } from '../support/harness';
import { insertOfficers, rows, visitWithoutHousehold, waitUntil } from '../support/lifecycle-helpers';
import { call, errorCode, openApiHarness, seedUsers, snapshotTables, type ApiHarness, type CallOptions, type CallResult } from './api-harness';

const DESA: Desa = { code: '3173041001', dotted: '31.73.04.1001', name: 'Uji Input', level: 'kelurahan', kecamatanCode: '317304', kecamatanName: 'Tambora', kabupaten: 'Kota Administrasi Jakarta Barat' };
const P = `bad${randomUUID().slice(0, 6)}`;
const SQL = `x'); DROP TABLE field_result; --`;
const SCRIPT = '<script>alert(1)</script>';
const UNKNOWN_CAMPAIGN = 'c-20260101-000000';
/** Structurally wrong NIKs (domain/nik.ts): day 32, serial 0000, region 00, a 30 February. */
const BAD_NIKS = { day32: '6409043201900001', serial0: '6409041501900000', region0: '0000001501900001', feb30: '6409043002900001' } as const;

let api: ApiHarness;
let sim: RunningP3keSimulator;
let t: Record<'pm' | 'supIn' | 'supOut' | 'verA' | 'verB' | 'admin', string>;
const campaignId = uniqueCampaignId('bad-input');
const VER_A = `${P}-ver-a`;
const VER_B = `${P}-ver-b`;
/** Officer A's package: every family answered (one submission kept for the replay cases) and handed in. */
let pkgA = '';
let famA = '';
let firstSubmission: { id: string; result: FieldResult; response: unknown } | undefined;
/** Officer B's package, still open and untouched. */
let pkgB = '';
let famB = '';
/** An open escalation case from package A. */
let caseFamily = '';

const enc = encodeURIComponent;
const results = (pkg: string) => `/packages/${enc(pkg)}/results`;
const handIn = (pkg: string) => `/packages/${enc(pkg)}/hand-in`;
const decision = (c: string, f: string) => `/escalations/${enc(c)}/${enc(f)}/decision`;
const big = (bytes: number) => 'x'.repeat(bytes);
const past = () => new Date(Date.now() - 3_600_000).toISOString();

/** A result officer B could send for family `familyId`, with `members` as given (verified: members are checked). */
function withMembers(familyId: string, members: FieldResult['members']): FieldResult {
  return { ...visitWithoutHousehold(familyId, 'not_found', past()), outcome: 'verified', members, housing: null, programmes: null, stunting: null };
}
const member = (nik: string, tanggal_lahir = '1990-01-15') => ({ nik, nama: 'Uji', hubungan_dengan_kepala_keluarga: 'kepala_keluarga' as const, jenis_kelamin: 'L' as const, tanggal_lahir, hamil: false });

interface BadCase {
  label: string;
  send: () => Promise<CallResult<unknown>>;
  status: number;
  /** The error code; omitted for a 200 (the replay of an accepted submission). */
  code?: string;
  /** A value that must not come back in the answer (a NIK, an injection string). */
  probe?: string;
  /** For a 200: the body it must equal. */
  body?: () => unknown;
}

const req = (method: 'GET' | 'POST' | 'DELETE', path: string | (() => string), token: keyof typeof t | null, o: CallOptions = {}) => () =>
  call(api, method, typeof path === 'function' ? path() : path, { ...(token ? { token: t[token] } : {}), ...o });

/** Routes that take no input at all (no params, query or body): nothing to get wrong but the token. */
const NO_INPUT = ['GET /health', 'GET /ready', 'GET /metrics', 'GET /codec/login', 'DELETE /codec/session'];

const CASES: Record<string, BadCase[]> = {
  'POST /campaigns': [
    { label: 'the body is an array', send: req('POST', '/campaigns', 'pm', { body: [] }), status: 400, code: 'invalid_request' },
    { label: 'config is missing', send: req('POST', '/campaigns', 'pm', { body: { id: 'c-20260101-abcdef' } }), status: 400, code: 'invalid_request' },
    { label: 'desilMin above desilMax', send: req('POST', '/campaigns', 'pm', { body: { config: { name: 'Uji', regionCodes: [DESA.kecamatanCode], desilMin: 5, desilMax: 2 } } }), status: 400, code: 'invalid_request' },
    { label: 'a kecamatan that does not exist', send: req('POST', '/campaigns', 'pm', { body: { config: { name: 'Uji', regionCodes: ['999999'], desilMin: 1, desilMax: 4 } } }), status: 400, code: 'invalid_request' },
    { label: 'SQL in the id', send: req('POST', '/campaigns', 'pm', { body: { id: SQL, config: { name: 'Uji', regionCodes: [DESA.kecamatanCode], desilMin: 1, desilMax: 4 } } }), status: 400, code: 'invalid_request', probe: SQL },
    { label: 'a script as a timer', send: req('POST', '/campaigns', 'pm', { body: { config: { name: 'Uji', regionCodes: [DESA.kecamatanCode], desilMin: 1, desilMax: 4, timers: { packageDeadlineSeconds: SCRIPT } } } }), status: 400, code: 'invalid_request', probe: SCRIPT },
    { label: 'the id of an existing campaign', send: () => call(api, 'POST', '/campaigns', { token: t.pm, body: { id: campaignId, config: { name: 'Lagi', regionCodes: [DESA.kecamatanCode], desilMin: 1, desilMax: 4 } } }), status: 409, code: 'campaign_exists' },
  ],
  'GET /campaigns': [
    { label: 'an unknown status', send: req('GET', '/campaigns?status=bogus', 'pm'), status: 400, code: 'invalid_request' },
    { label: 'limit 0', send: req('GET', '/campaigns?limit=0', 'pm'), status: 400, code: 'invalid_request' },
    { label: 'limit is not a number', send: req('GET', '/campaigns?limit=ten', 'pm'), status: 400, code: 'invalid_request' },
    { label: 'SQL as the status', send: req('GET', `/campaigns?status=${enc("running' or '1'='1")}`, 'pm'), status: 400, code: 'invalid_request', probe: "'1'='1" },
    { label: 'an unknown parameter', send: req('GET', '/campaigns?orderBy=name', 'pm'), status: 400, code: 'invalid_request' },
  ],
  'GET /campaigns/{id}': [
    { label: 'SQL as the id', send: req('GET', `/campaigns/${enc("c' or '1'='1")}`, 'pm'), status: 400, code: 'invalid_request' },
    { label: 'a script as the id', send: req('GET', `/campaigns/${enc(SCRIPT)}`, 'pm'), status: 400, code: 'invalid_request', probe: SCRIPT },
    { label: 'an unknown id', send: req('GET', `/campaigns/${UNKNOWN_CAMPAIGN}`, 'pm'), status: 404, code: 'not_found' },
  ],
  'POST /campaigns/{id}/cancel': [
    { label: 'an id with a path in it', send: req('POST', `/campaigns/${enc('../etc')}/cancel`, 'pm'), status: 400, code: 'invalid_request' },
    { label: 'by a supervisor', send: req('POST', () => `/campaigns/${campaignId}/cancel`, 'supIn'), status: 403, code: 'forbidden_role' },
  ],
  'GET /campaigns/{id}/report': [
    { label: 'an id with a path in it', send: req('GET', `/campaigns/${enc('../../etc/passwd')}/report`, 'pm'), status: 400, code: 'invalid_request' },
    { label: 'while the campaign runs', send: req('GET', () => `/campaigns/${campaignId}/report`, 'pm'), status: 409, code: 'not_ready' },
  ],
  'GET /campaigns/{id}/feedback.csv': [
    { label: 'an id with a path in it', send: req('GET', `/campaigns/${enc('../../etc/passwd')}/feedback.csv`, 'pm'), status: 400, code: 'invalid_request' },
    { label: 'while the campaign runs', send: req('GET', () => `/campaigns/${campaignId}/feedback.csv`, 'pm'), status: 409, code: 'not_ready' },
    { label: 'an unknown campaign', send: req('GET', `/campaigns/${UNKNOWN_CAMPAIGN}/feedback.csv`, 'admin'), status: 404, code: 'not_found' },
  ],
  'GET /campaigns/{id}/feedback.json': [
    { label: 'an id with a path in it', send: req('GET', `/campaigns/${enc('../secret')}/feedback.json`, 'pm'), status: 400, code: 'invalid_request' },
    { label: 'while the campaign runs', send: req('GET', () => `/campaigns/${campaignId}/feedback.json`, 'admin'), status: 409, code: 'not_ready' },
  ],
  'GET /campaigns/{id}/plan': [
    { label: 'no plan yet', send: req('GET', () => `/campaigns/${campaignId}/plan`, 'pm'), status: 404, code: 'no_plan' },
    { label: 'SQL as the id', send: req('GET', `/campaigns/${enc(SQL)}/plan`, 'pm'), status: 400, code: 'invalid_request' },
  ],
  'GET /campaigns/{id}/dashboard': [
    { label: 'SQL as the id', send: req('GET', `/campaigns/${enc(SQL)}/dashboard`, 'pm'), status: 400, code: 'invalid_request' },
    { label: 'an unknown id', send: req('GET', `/campaigns/${UNKNOWN_CAMPAIGN}/dashboard`, 'pm'), status: 404 },
  ],
  'POST /campaigns/{id}/plan/decision': [
    { label: 'an unknown decision', send: req('POST', () => `/campaigns/${campaignId}/plan/decision`, 'pm', { body: { decision: 'maybe' } }), status: 400, code: 'invalid_request' },
    { label: 'a partial approval without programmes', send: req('POST', () => `/campaigns/${campaignId}/plan/decision`, 'pm', { body: { decision: 'approve_partial' } }), status: 400, code: 'invalid_request' },
    { label: 'programmes as a string', send: req('POST', () => `/campaigns/${campaignId}/plan/decision`, 'pm', { body: { decision: 'approve_partial', programmes: 'pkh' } }), status: 400, code: 'invalid_request' },
    { label: 'a reason of 1001 characters', send: req('POST', () => `/campaigns/${campaignId}/plan/decision`, 'pm', { body: { decision: 'approve', reason: big(1001) } }), status: 400, code: 'invalid_request' },
    { label: 'SQL as the decision id', send: req('POST', () => `/campaigns/${campaignId}/plan/decision`, 'pm', { body: { decision: 'approve', decisionId: SQL } }), status: 400, code: 'invalid_request', probe: SQL },
    { label: 'an oversized body', send: req('POST', () => `/campaigns/${campaignId}/plan/decision`, 'pm', { payload: JSON.stringify({ decision: 'reject', reason: big(API_BODY_LIMIT_BYTES) }) }), status: 413, code: 'payload_too_large' },
    { label: 'an unknown campaign', send: req('POST', `/campaigns/${UNKNOWN_CAMPAIGN}/plan/decision`, 'pm', { body: { decision: 'approve' } }), status: 404, code: 'not_found' },
    { label: 'no plan waiting (the campaign is in the field)', send: req('POST', () => `/campaigns/${campaignId}/plan/decision`, 'pm', { body: { decision: 'reject', reason: `tidak ${SCRIPT}` } }), status: 409, code: 'plan_not_waiting' },
  ],
  'GET /me/packages': [{ label: 'by a program manager', send: req('GET', '/me/packages', 'pm'), status: 403, code: 'forbidden_role' }],
  'GET /packages/{packageId}': [
    { label: 'an id too short', send: req('GET', '/packages/a', 'verA'), status: 400, code: 'invalid_request' },
    { label: 'SQL as the id', send: req('GET', `/packages/${enc(SQL)}`, 'verA'), status: 404, code: 'unknown_package' },
    { label: "another officer's package", send: req('GET', () => `/packages/${enc(pkgB)}`, 'verA'), status: 403, code: 'wrong_officer' },
    { label: 'a package handed in', send: req('GET', () => `/packages/${enc(pkgA)}`, 'verA'), status: 409, code: 'package_closed' },
  ],
  'POST /packages/{packageId}/results': [
    { label: 'submissionId is a number', send: () => call(api, 'POST', results(pkgB), { token: t.verB, body: { submissionId: 12345678, result: visitWithoutHousehold(famB, 'moved', past()) } }), status: 400, code: 'invalid_request' },
    { label: 'result is missing', send: req('POST', () => results(pkgB), 'verB', { body: { submissionId: `sub-${randomUUID()}` } }), status: 400, code: 'invalid_request' },
    { label: 'members is not a list', send: () => call(api, 'POST', results(pkgB), { token: t.verB, body: { submissionId: `sub-${randomUUID()}`, result: { ...withMembers(famB, []), members: 'semua' } } }), status: 400, code: 'invalid_request' },
    { label: 'an unknown top-level field', send: () => call(api, 'POST', results(pkgB), { token: t.verB, body: { submissionId: `sub-${randomUUID()}`, result: visitWithoutHousehold(famB, 'moved', past()), officerId: VER_A } }), status: 400, code: 'invalid_request' },
    ...Object.entries(BAD_NIKS).map(([kind, nik]) => ({
      label: `a NIK with ${kind}`,
      send: () => call(api, 'POST', results(pkgB), { token: t.verB, body: { submissionId: `sub-${randomUUID()}`, result: withMembers(famB, [member(nik)]) } }),
      status: 400,
      code: 'invalid_request',
      probe: nik,
    })),
    { label: 'a member born in the future', send: () => call(api, 'POST', results(pkgB), { token: t.verB, body: { submissionId: `sub-${randomUUID()}`, result: withMembers(famB, [member('6409041501990001', '2099-01-15')]) } }), status: 400, code: 'invalid_request' },
    { label: 'visitedAt in words with members listed', send: () => call(api, 'POST', results(pkgB), { token: t.verB, body: { submissionId: `sub-${randomUUID()}`, result: { ...withMembers(famB, [member('6409041501990001')]), visitedAt: 'kemarin' } } }), status: 400, code: 'invalid_request' },
    { label: 'SQL as the family id', send: () => call(api, 'POST', results(pkgB), { token: t.verB, body: { submissionId: `sub-${randomUUID()}`, result: { ...visitWithoutHousehold(famB, 'moved', past()), familyId: SQL } } }), status: 404, code: 'unknown_family' },
    { label: 'a script in the note of an invalid result', send: () => call(api, 'POST', results(pkgB), { token: t.verB, body: { submissionId: `sub-${randomUUID()}`, result: { ...visitWithoutHousehold(famB, 'moved', past()), note: SCRIPT, gps: { lat: 'utara', lon: 116 } } } }), status: 400, code: 'invalid_request', probe: SCRIPT },
    { label: 'an unknown package', send: () => call(api, 'POST', results(`${campaignId}/${DESA.code}/99`), { token: t.verB, body: { submissionId: `sub-${randomUUID()}`, result: visitWithoutHousehold(famB, 'moved', past()) } }), status: 404, code: 'unknown_package' },
    { label: "another officer's package", send: () => call(api, 'POST', results(pkgB), { token: t.verA, body: { submissionId: `sub-${randomUUID()}`, result: visitWithoutHousehold(famB, 'moved', past()) } }), status: 403, code: 'wrong_officer' },
    { label: 'a family of another package', send: () => call(api, 'POST', results(pkgB), { token: t.verB, body: { submissionId: `sub-${randomUUID()}`, result: visitWithoutHousehold(famA, 'moved', past()) } }), status: 404, code: 'family_not_in_package' },
    { label: 'a package handed in', send: () => call(api, 'POST', results(pkgA), { token: t.verA, body: { submissionId: `sub-${randomUUID()}`, result: visitWithoutHousehold(famA, 'moved', past()) } }), status: 409, code: 'package_closed' },
    {
      label: 'a used submission id with other content',
      send: () => call(api, 'POST', results(pkgA), { token: t.verA, body: { submissionId: firstSubmission!.id, result: { ...firstSubmission!.result, note: 'isi lain' } } }),
      status: 409,
      code: 'submission_id_reused',
    },
    {
      label: 'a resent submission (same id, same content): the first receipt, nothing recorded twice',
      send: () => call(api, 'POST', results(pkgA), { token: t.verA, body: { submissionId: firstSubmission!.id, result: firstSubmission!.result } }),
      status: 200,
      body: () => firstSubmission!.response,
    },
  ],
  'POST /packages/{packageId}/hand-in': [
    { label: 'handInId is a number', send: req('POST', () => handIn(pkgB), 'verB', { body: { handInId: 12345678 } }), status: 400, code: 'invalid_request' },
    { label: 'SQL as the handInId', send: req('POST', () => handIn(pkgB), 'verB', { body: { handInId: SQL } }), status: 400, code: 'invalid_request', probe: SQL },
    { label: 'an unknown field', send: req('POST', () => handIn(pkgB), 'verB', { body: { force: true } }), status: 400, code: 'invalid_request' },
    { label: 'malformed JSON', send: req('POST', () => handIn(pkgB), 'verB', { payload: '{"handInId": ' }), status: 400, code: 'malformed_json' },
    { label: 'an oversized body', send: req('POST', () => handIn(pkgB), 'verB', { payload: JSON.stringify({ handInId: big(API_BODY_LIMIT_BYTES) }) }), status: 413, code: 'payload_too_large' },
    { label: "another officer's package", send: req('POST', () => handIn(pkgB), 'verA'), status: 403, code: 'wrong_officer' },
    { label: 'families without a result', send: req('POST', () => handIn(pkgB), 'verB'), status: 409, code: 'package_not_complete' },
    { label: 'a package handed in already', send: req('POST', () => handIn(pkgA), 'verA'), status: 409, code: 'package_closed' },
    { label: 'an unknown package', send: req('POST', () => handIn(`${campaignId}/${DESA.code}/99`), 'verA'), status: 404, code: 'unknown_package' },
  ],
  'GET /escalations': [
    { label: 'an unknown status', send: req('GET', '/escalations?status=closed', 'supIn'), status: 400, code: 'invalid_request' },
    { label: 'a negative limit', send: req('GET', '/escalations?limit=-1', 'supIn'), status: 400, code: 'invalid_request' },
    { label: 'SQL as the campaign id', send: req('GET', `/escalations?campaignId=${enc(SQL)}`, 'supIn'), status: 400, code: 'invalid_request', probe: SQL },
    { label: 'by an officer', send: req('GET', '/escalations', 'verA'), status: 403, code: 'forbidden_role' },
  ],
  'POST /escalations/{campaignId}/{familyId}/decision': [
    { label: 'an unknown decision', send: req('POST', () => decision(campaignId, caseFamily), 'supIn', { body: { decision: 'approve', reason: 'dicek' } }), status: 400, code: 'invalid_request' },
    { label: 'no reason', send: req('POST', () => decision(campaignId, caseFamily), 'supIn', { body: { decision: 'keep_p3ke' } }), status: 400, code: 'invalid_request' },
    { label: 'a reason of blanks', send: req('POST', () => decision(campaignId, caseFamily), 'supIn', { body: { decision: 'keep_p3ke', reason: '   a   ' } }), status: 400, code: 'invalid_request' },
    { label: 'a reason of 1001 characters', send: req('POST', () => decision(campaignId, caseFamily), 'supIn', { body: { decision: 'keep_p3ke', reason: big(1001) } }), status: 400, code: 'invalid_request' },
    { label: 'reason is a number', send: req('POST', () => decision(campaignId, caseFamily), 'supIn', { body: { decision: 'keep_p3ke', reason: 12345 } }), status: 400, code: 'invalid_request' },
    { label: 'an unknown field', send: req('POST', () => decision(campaignId, caseFamily), 'supIn', { body: { decision: 'keep_p3ke', reason: 'dicek', level: 'program_manager' } }), status: 400, code: 'invalid_request' },
    { label: 'malformed JSON', send: req('POST', () => decision(campaignId, caseFamily), 'supIn', { payload: "{'decision': 'keep_p3ke'}" }), status: 400, code: 'malformed_json' },
    { label: 'an oversized body', send: req('POST', () => decision(campaignId, caseFamily), 'supIn', { payload: JSON.stringify({ decision: 'keep_p3ke', reason: big(API_BODY_LIMIT_BYTES) }) }), status: 413, code: 'payload_too_large' },
    { label: 'an unknown case', send: req('POST', () => decision(campaignId, famB), 'supIn', { body: { decision: 'keep_p3ke', reason: 'dicek' } }), status: 404, code: 'unknown_case' },
    { label: 'SQL as the family id', send: req('POST', () => decision(campaignId, SQL), 'supIn', { body: { decision: 'keep_p3ke', reason: 'dicek' } }), status: 404, code: 'unknown_case' },
    { label: 'a family id of 65 characters', send: req('POST', () => decision(campaignId, big(65)), 'supIn', { body: { decision: 'keep_p3ke', reason: 'dicek' } }), status: 400, code: 'invalid_request' },
    { label: 'a supervisor of another kecamatan', send: req('POST', () => decision(campaignId, caseFamily), 'supOut', { body: { decision: 'keep_p3ke', reason: 'dicek' } }), status: 403, code: 'outside_area' },
    { label: 'by an officer', send: req('POST', () => decision(campaignId, caseFamily), 'verA', { body: { decision: 'keep_p3ke', reason: 'dicek' } }), status: 403, code: 'forbidden_role' },
  ],
  'POST /officers/{id}/unavailable': [
    { label: 'an unknown officer', send: req('POST', '/officers/nobody-here/unavailable', 'admin'), status: 404, code: 'unknown_officer' },
    { label: 'an id of 65 characters', send: req('POST', `/officers/${big(65)}/unavailable`, 'admin'), status: 400, code: 'invalid_request' },
    { label: 'SQL as the id', send: req('POST', `/officers/${enc(SQL)}/unavailable`, 'admin'), status: 404, code: 'unknown_officer' },
    { label: 'by a program manager', send: req('POST', `/officers/${VER_B}/unavailable`, 'pm'), status: 403, code: 'forbidden_role' },
  ],
  'GET /audit': [
    { label: 'limit 0', send: req('GET', '/audit?limit=0', 'admin'), status: 400, code: 'invalid_request' },
    { label: 'a negative beforeId', send: req('GET', '/audit?beforeId=-1', 'admin'), status: 400, code: 'invalid_request' },
    { label: 'SQL as the campaign id', send: req('GET', `/audit?campaignId=${enc(SQL)}`, 'admin'), status: 400, code: 'invalid_request', probe: SQL },
    { label: 'an unknown parameter', send: req('GET', '/audit?where=1', 'admin'), status: 400, code: 'invalid_request' },
  ],
  'POST /codec/encode': [
    { label: 'payloads is not a list', send: req('POST', '/codec/encode', 'admin', { body: { payloads: 'x' } }), status: 400, code: 'invalid_request' },
    { label: 'malformed JSON', send: req('POST', '/codec/encode', 'admin', { payload: '{"payloads": [' }), status: 400, code: 'malformed_json' },
    { label: 'another namespace', send: req('POST', '/codec/encode', 'admin', { body: { payloads: [] }, headers: { 'x-namespace': 'elsewhere' } }), status: 400, code: 'namespace_not_served' },
    { label: 'a body over the codec limit', send: req('POST', '/codec/encode', 'admin', { payload: JSON.stringify({ payloads: [{ metadata: {}, data: big(CODEC_BODY_LIMIT_BYTES) }] }) }), status: 413, code: 'payload_too_large' },
  ],
  'POST /codec/decode': [
    { label: 'a payload that is not ours', send: req('POST', '/codec/decode', 'admin', { body: { payloads: [{ metadata: { encoding: Buffer.from('binary/encrypted').toString('base64') }, data: Buffer.from('not ciphertext').toString('base64') }] } }), status: 400 },
    { label: 'payloads missing', send: req('POST', '/codec/decode', 'admin', { body: {} }), status: 400, code: 'invalid_request' },
    { label: 'by a program manager', send: req('POST', '/codec/decode', 'pm', { body: { payloads: [] } }), status: 403, code: 'forbidden_role' },
  ],
  'POST /codec/session': [
    { label: 'token is a number', send: req('POST', '/codec/session', null, { body: { token: 42 } }), status: 400, code: 'invalid_request' },
    { label: 'an unknown token', send: req('POST', '/codec/session', null, { body: { token: `vv_${big(43)}` } }), status: 401, code: 'unauthorized' },
    { label: "a program manager's token", send: () => call(api, 'POST', '/codec/session', { body: { token: t.pm } }), status: 403, code: 'forbidden_role' },
  ],
  'POST /admin/subject-export': [
    { label: 'a NIK with a letter', send: req('POST', '/admin/subject-export', 'admin', { body: { nik: '64090432019O0001' } }), status: 400, code: 'invalid_request', probe: '64090432019O0001' },
    { label: 'an oversized body', send: req('POST', '/admin/subject-export', 'admin', { payload: JSON.stringify({ nik: big(API_BODY_LIMIT_BYTES) }) }), status: 413, code: 'payload_too_large' },
  ],
};

const E = temporal.api.enums.v1.EventType;
const WORKFLOW_TASK_EVENTS = new Set<number>([E.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED, E.EVENT_TYPE_WORKFLOW_TASK_STARTED, E.EVENT_TYPE_WORKFLOW_TASK_COMPLETED, E.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT]);

/** The campaign's workflows as Temporal sees them: a refused Update leaves no event in their histories. */
async function workflowState(): Promise<unknown> {
  const handles = {
    campaign: api.h.client.workflow.getHandle(campaignWorkflowId(campaignId)),
    packageB: api.h.client.workflow.getHandle(`package/${pkgB}`),
    case: api.h.client.workflow.getHandle(escalationCaseWorkflowId(campaignId, caseFamily)),
  };
  // A workflow task that only ran a validator may be recorded (it carries no command): events other than those.
  const events = async (h: WorkflowHandle) => ((await h.fetchHistory()).events ?? []).map((e) => e.eventType ?? 0).filter((type) => !WORKFLOW_TASK_EVENTS.has(type));
  return {
    campaign: { events: await events(handles.campaign), progress: await handles.campaign.query(campaignProgressQuery) },
    packageB: { events: await events(handles.packageB), status: await handles.packageB.query(workPackageStatusQuery) },
    case: { events: await events(handles.case), status: await handles.case.query(escalationCaseStatusQuery) },
  };
}
const everything = async () => ({ tables: await snapshotTables(api.h.orm), workflows: await workflowState() });

beforeAll(async () => {
  api = await openApiHarness();
  sim = await startP3keSimulator({ token: TEST_P3KE_TOKEN, families: 6, defectRate: 0, area: [DESA] });
  await insertOfficers(api.h.orm, [
    { id: VER_A, role: 'field_verifier', kecamatanCode: DESA.kecamatanCode, desaCoverage: [DESA.code] },
    { id: VER_B, role: 'field_verifier', kecamatanCode: DESA.kecamatanCode, desaCoverage: [DESA.code] },
  ]);
  t = await seedUsers(api.h.orm, {
    pm: { id: `${P}-pm`, name: 'PM', role: 'program_manager', allAreas: true },
    supIn: { id: `${P}-sup-in`, name: 'Supervisor here', role: 'supervisor', kecamatanCodes: [DESA.kecamatanCode] },
    supOut: { id: `${P}-sup-out`, name: 'Supervisor elsewhere', role: 'supervisor', kecamatanCodes: ['317305'] },
    verA: { id: VER_A, name: 'Officer A', role: 'officer' },
    verB: { id: VER_B, name: 'Officer B', role: 'officer' },
    admin: { id: `${P}-admin`, name: 'Admin', role: 'admin' },
  });
  await api.h.startWorker({ p3ke: createP3keClient({ baseUrl: sim.url, token: TEST_P3KE_TOKEN, timeoutMs: 5_000 }) });
  const config = {
    name: 'Uji masukan buruk',
    regionCodes: [DESA.kecamatanCode],
    desilMin: 1,
    desilMax: 10,
    ingestPageSize: 50,
    // Long timers: nothing fires (no reminder, deadline or escalation) while the cases run, so any change is theirs.
    timers: { packageDeadlineSeconds: 1800, reminderEverySeconds: 1800, escalationTimeoutSeconds: 1800, approvalDeadlineSeconds: 1800 },
    maxFamiliesPerPackage: 3,
    maxReassignments: 1,
    maxRevisitRounds: 0,
    budgetRupiah: 1_000_000_000,
  };
  expect((await call(api, 'POST', '/campaigns', { token: t.pm, body: { id: campaignId, config } })).status).toBe(201);
  const packages = await waitUntil(async () => {
    const r = await rows<{ id: string; officer_id: string; status: string; family_ids: string[] }>(
      api.h.orm,
      `select wp.id, wp.officer_id, wp.status, array_agg(pf.family_id order by pf.family_id) as family_ids
       from work_package wp join package_family pf on pf.package_id = wp.id where wp.campaign_id = ? group by wp.id order by wp.id`,
      [campaignId],
    );
    return r.length >= 2 && r.every((p) => p.status === 'open') && r.some((p) => p.officer_id === VER_A) && r.some((p) => p.officer_id === VER_B) ? r : undefined;
  }, 60_000, 'open packages for both officers');
  const a = packages.find((p) => p.officer_id === VER_A)!;
  const b = packages.find((p) => p.officer_id === VER_B)!;
  [pkgA, famA, pkgB, famB] = [a.id, a.family_ids[0]!, b.id, b.family_ids[0]!];

  // Officer A answers every family (deceased: each becomes a case) and hands in; the first submission is kept.
  for (const familyId of a.family_ids) {
    const id = `sub-${randomUUID()}`;
    const result = visitWithoutHousehold(familyId, 'deceased', past());
    const r = await call(api, 'POST', results(pkgA), { token: t.verA, body: { submissionId: id, result } });
    expect(r.status).toBe(200);
    firstSubmission ??= { id, result, response: r.body };
  }
  expect((await call(api, 'POST', handIn(pkgA), { token: t.verA, body: { handInId: `hand-in-${randomUUID()}` } })).status).toBe(200);
  caseFamily = (await waitUntil(async () => (await rows<{ family_id: string }>(api.h.orm, `select family_id from escalation_case where campaign_id = ? and status = 'open' order by family_id`, [campaignId]))[0], 30_000, 'an open case')).family_id;
  await waitUntil(async () => (await rows<{ status: string }>(api.h.orm, 'select status from work_package where id = ?', [pkgA]))[0]?.status === 'closed', 30_000, 'package A to close');
  // Settled: two looks a second apart agree (the package workflow has finished starting its cases).
  await waitUntil(async () => {
    const first = JSON.stringify(await everything());
    await new Promise((r) => setTimeout(r, 1000));
    return first === JSON.stringify(await everything());
  }, 30_000, 'the campaign to settle');
});

afterAll(async () => {
  await api.h.client.workflow.getHandle(campaignWorkflowId(campaignId)).terminate('test done').catch(() => undefined);
  await api?.close();
  await sim?.close();
});

describe('bad input on every route', () => {
  it('when the OpenAPI document is read, then every route has bad-input cases here (or takes no input)', async () => {
    const doc = await call<{ paths: Record<string, Record<string, unknown>> }>(api, 'GET', '/openapi.json');
    const routes = Object.entries(doc.body.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    expect(routes.filter((r) => !NO_INPUT.includes(r) && !(r in CASES))).toEqual([]);
    expect(Object.keys(CASES).filter((r) => !routes.includes(r))).toEqual([]);
  });

  it.each(Object.keys(CASES))('when %s gets bad input, then each case is a 4xx with a reason, and nothing changes', async (route) => {
    const before = await everything();
    const outcomes: unknown[] = [];
    const expected: unknown[] = [];
    for (const c of CASES[route]!) {
      const r = await c.send();
      const message = (r.body as { error?: { message?: unknown } } | undefined)?.error?.message;
      outcomes.push({
        label: c.label,
        status: r.status,
        ...(c.code ? { code: errorCode(r) } : {}),
        reason: c.status === 200 ? 'n/a' : typeof message === 'string' && message.length > 0,
        echoed: c.probe ? r.text.includes(c.probe) : false,
        json: (r.headers['content-type'] ?? '').startsWith('application/json'),
        ...(c.body ? { body: r.body } : {}),
      });
      expected.push({ label: c.label, status: c.status, ...(c.code ? { code: c.code } : {}), reason: c.status === 200 ? 'n/a' : true, echoed: false, json: true, ...(c.body ? { body: c.body() } : {}) });
    }
    expect(outcomes).toEqual(expected);
    expect(await everything()).toEqual(before);
  });
});
