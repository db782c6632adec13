/**
 * Data-subject access on the real API and database: an admin exports everything held about one NIK present in
 * two campaigns (and nothing about the other members of the family), the export is audited with the NIK masked,
 * an unknown NIK gives an empty export, a non-admin and a malformed NIK are refused with nothing written, and the
 * CLI reads the NIK from stdin.
 */
import { Command } from 'commander';
import { registerSubjectCommands } from '../../client/cli/commands/subject';
import { maskNik } from '../../domain/masking';
import { call, errorCode, openApiHarness, seedUsers, snapshotTables, type ApiHarness } from '../api/api-harness';
import { uniqueCampaignId } from '../support/harness';
import { rows } from '../support/lifecycle-helpers';
import { FAMILY, KEEP_P3KE_MEMBERS } from '../support/seed-lifecycle';
import { seedFinishedCampaign, SUBJECT } from './privacy-fixtures';

interface ExportBody {
  nik: string;
  families: { campaignId: string; familyId: string; as: string[]; family: Record<string, unknown>; individuals: { nik: string }[]; fieldResults: { member: unknown; otherMembers: number }[]; escalationCase: { decision: string } | null; interventions: { programme: string }[] }[];
  quarantined: { campaignId: string; sourceId: string }[];
  reads: { actor: string; entityId: string; action: string }[];
}

const PATH = '/admin/subject-export';
const UNKNOWN_NIK = '6409041507990001';
let api: ApiHarness;
let t: Record<'admin' | 'pm', string>;
const first = uniqueCampaignId('dsa-a');
const second = uniqueCampaignId('dsa-b');
const ours = (b: ExportBody) => b.families.filter((f) => [first, second].includes(f.campaignId));

beforeAll(async () => {
  api = await openApiHarness();
  await seedFinishedCampaign(api.h.orm, first, { status: 'completed', finishedDaysAgo: 3 });
  await seedFinishedCampaign(api.h.orm, second, { status: 'running', finishedDaysAgo: null });
  t = await seedUsers(api.h.orm, {
    admin: { id: `${first}-admin`, name: 'Admin', role: 'admin' },
    pm: { id: `${first}-pm`, name: 'PM', role: 'program_manager', allAreas: true },
  });
});
afterAll(async () => {
  await api?.close();
});

describe('data-subject export', () => {
  it('when an admin exports a NIK held in two campaigns, then every record about that person comes back, and no other member\'s data', async () => {
    const r = await call<ExportBody>(api, 'POST', PATH, { token: t.admin, body: { nik: SUBJECT.nik } });
    expect(r.status).toBe(200);
    expect(r.headers['cache-control']).toBe('no-store');
    const families = ours(r.body);
    expect(families.map((f) => f.campaignId).sort()).toEqual([first, second].sort());
    for (const f of families) {
      expect(f.familyId).toBe(FAMILY.keepP3ke);
      expect(f.as).toEqual(['head', 'member']);
      expect(f.family).toMatchObject({ nik: SUBJECT.nik, kepala_keluarga: SUBJECT.nama, desil_kesejahteraan: 1 });
      expect(f.individuals.map((i) => i.nik)).toEqual([SUBJECT.nik]);
      expect(f.fieldResults).toHaveLength(1);
      expect(f.fieldResults[0]).toMatchObject({ member: null, otherMembers: 2 });
      expect(f.escalationCase?.decision).toBe('keep_p3ke');
      expect(f.interventions.map((i) => i.programme)).toEqual(['pkh']);
    }
    const wife = KEEP_P3KE_MEMBERS[1]!;
    expect(JSON.stringify(families)).not.toContain(wife.nik);
    expect(JSON.stringify(families)).not.toContain(wife.nama);
    expect(r.body.quarantined.filter((q) => [first, second].includes(q.campaignId)).map((q) => q.sourceId)).toEqual(['IND-000099', 'IND-000099']);
    // The fixtures' earlier read of the family by officer-1 is listed, in both campaigns.
    const reads = r.body.reads.filter((e) => e.actor === 'officer-1' && [first, second].some((c) => e.entityId === `${c}/${FAMILY.keepP3ke}`));
    expect(reads).toHaveLength(2);

    const audit = await rows<{ action: string; entity: string; entity_id: string; after: unknown }>(
      api.h.orm,
      `select action, entity, entity_id, after from audit_log where actor = ? order by id`,
      [`${first}-admin`],
    );
    expect(audit.filter((a) => a.action === 'api.subject.export').map((a) => a.entity_id)).toEqual([maskNik(SUBJECT.nik)]);
    expect(audit.filter((a) => a.action === 'read.personal_data').map((a) => a.entity_id).filter((id) => id.startsWith(first) || id.startsWith(second)).sort())
      .toEqual([`${first}/${FAMILY.keepP3ke}`, `${second}/${FAMILY.keepP3ke}`].sort());
    expect(JSON.stringify(audit)).not.toContain(SUBJECT.nik);
  });

  it('when the NIK is not held, then the export is empty (not an error) and the request is still audited', async () => {
    const r = await call<ExportBody>(api, 'POST', PATH, { token: t.admin, body: { nik: UNKNOWN_NIK } });
    expect([r.status, r.body.families, r.body.quarantined, r.body.reads]).toEqual([200, [], [], []]);
    const [entry] = await rows<{ after: { families: number } }>(api.h.orm, `select after from audit_log where action = 'api.subject.export' and entity_id = ?`, [maskNik(UNKNOWN_NIK)]);
    expect(entry?.after.families).toBe(0);
  });

  it('when a non-admin asks, or the NIK is malformed, missing or in the URL, then it is refused and nothing is written', async () => {
    const before = await snapshotTables(api.h.orm);
    const refusals: [string, number, string][] = [];
    const attempt = async (label: string, o: Parameters<typeof call>[3], path = PATH) => {
      const r = await call(api, 'POST', path, o);
      refusals.push([label, r.status, String(errorCode(r))]);
      expect(r.text).not.toContain(SUBJECT.nik);
    };
    await attempt('program manager', { token: t.pm, body: { nik: SUBJECT.nik } });
    await attempt('no token', { body: { nik: SUBJECT.nik } });
    await attempt('15 digits', { token: t.admin, body: { nik: SUBJECT.nik.slice(1) } });
    await attempt('letters', { token: t.admin, body: { nik: '6409O41102850021' } });
    await attempt('a number', { token: t.admin, body: { nik: Number(SUBJECT.nik) } });
    await attempt('missing', { token: t.admin, body: {} });
    await attempt('extra field', { token: t.admin, body: { nik: SUBJECT.nik, campaignId: first } });
    await attempt('sql', { token: t.admin, body: { nik: "1' or '1'='1" } });
    await attempt('malformed json', { token: t.admin, payload: `{"nik": "${SUBJECT.nik}"` });
    await attempt('in the url', { token: t.admin }, `${PATH}?nik=${SUBJECT.nik}`);
    expect(refusals).toEqual([
      ['program manager', 403, 'forbidden_role'],
      ['no token', 401, 'unauthorized'],
      ['15 digits', 400, 'invalid_request'],
      ['letters', 400, 'invalid_request'],
      ['a number', 400, 'invalid_request'],
      ['missing', 400, 'invalid_request'],
      ['extra field', 400, 'invalid_request'],
      ['sql', 400, 'invalid_request'],
      ['malformed json', 400, 'malformed_json'],
      ['in the url', 400, 'invalid_request'],
    ]);
    expect(await snapshotTables(api.h.orm)).toEqual(before);
  });

  it('when the CLI exports, then it reads the NIK from stdin and prints the export as JSON', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io = { stdout: (s: string) => out.push(s), stderr: (s: string) => err.push(s), env: {} };
    const program = new Command().option('--api-url <url>').option('--token <token>').exitOverride();
    registerSubjectCommands(program, { io, program }, async () => `${SUBJECT.nik}\n`);
    await program.parseAsync(['--api-url', api.base, '--token', t.admin, 'subject', 'export'], { from: 'user' });
    expect(err.join('')).toBe('');
    const printed = JSON.parse(out.join('')) as ExportBody;
    expect(ours(printed).map((f) => f.campaignId).sort()).toEqual([first, second].sort());

    const refused = new Command().option('--api-url <url>').option('--token <token>').exitOverride();
    registerSubjectCommands(refused, { io, program: refused }, async () => 'not-a-nik\n');
    await expect(refused.parseAsync(['--api-url', api.base, '--token', t.admin, 'subject', 'export'], { from: 'user' })).rejects.toThrow(/16 digits/);
  });
});
