/**
 * The set-based SQL of the pre-verification checks and the TypeScript rules they are generated from must agree,
 * row for row: the implied desil, the BKKBN stunting assessment, the NIK functions of migration nik_rules, and the
 * NIK flags. Compared on a simulator snapshot ingested by the real campaign (defects on), then on hand-made edge
 * NIKs. Any disagreement is printed with the row it concerns (ids and codes only).
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import { createP3keClient } from '../../activities/p3ke/p3ke-client';
import { impliedDesilSql } from '../../db/sql/desil-proxy-sql';
import { stuntingAssessmentSql } from '../../db/sql/stunting-sql';
import { CHECK_CODES, checkStatements, bindInputs } from '../../db/sql/pre-verification-checks';
import { DEFAULT_CHECK_LIMITS } from '../../activities/checks/check-activities';
import { desilInconsistent, impliedDesil, type HousingIndicators } from '../../domain/desil-proxy';
import { assessStuntingRisk, type StuntingMemberFacts } from '../../domain/stunting';
import { checkNik, nikContradictions, NIK_PROBLEMS } from '../../domain/nik';
import type { FasilitasBab, HubunganKeluarga, JenisKelamin, SumberAirMinum } from '../../domain/p3ke/value-lists';
import { startP3keSimulator, type RunningP3keSimulator } from '../../sim/p3ke-api/server';
import { openHarness, uniqueCampaignId, type Harness } from '../support/harness';
import { testCampaignConfig, TEST_P3KE_TOKEN } from '../support/campaign-fixtures';
import { installQuietRuntime } from '../support/worker-process';
import { runCampaignThroughChecks } from '../support/sim-manifest';

let h: Harness;
let sim: RunningP3keSimulator;
const campaignId = uniqueCampaignId('parity');
const config = testCampaignConfig({ ingestPageSize: 1000 });
/** The date the campaign's checks ran against: its workflow's start. */
let checksReferenceDate: string;

/** A sound reference, a leap day, and the sim's own as-of date (some babies are born after the first two). */
const REFERENCE_DATES = ['2026-12-04', '2024-02-29', '2025-07-01'] as const;

beforeAll(async () => {
  installQuietRuntime();
  h = await openHarness();
  sim = await startP3keSimulator({ token: TEST_P3KE_TOKEN, families: 2000, defectRate: 0.08, seed: 2026 });
  await h.startWorker({ p3ke: createP3keClient({ baseUrl: sim.url, token: TEST_P3KE_TOKEN, timeoutMs: 5_000 }) });
  const run = await runCampaignThroughChecks({ client: h.client, taskQueue: h.taskQueue, campaignId, config, startedBy: 'pm-parity' });
  checksReferenceDate = (await run.handle.describe()).startTime.toISOString().slice(0, 10);
});
afterAll(async () => {
  await h?.close();
  await sim?.close();
});

const sql = <T>(orm: MikroORM, text: string, params: unknown[] = []): Promise<T[]> => orm.em.fork().getConnection().execute<T[]>(text, params);

type FamilyRow = HousingIndicators & { id: string; desil: number; sumber_air_minum: SumberAirMinum; fasilitas_bab: FasilitasBab };
type MemberRow = { family: string; jenis_kelamin: JenisKelamin; tanggal_lahir: string; hubungan: HubunganKeluarga; hamil: boolean };

const readFamilies = () =>
  sql<FamilyRow & { implied: number | null }>(
    h.orm,
    `select f.id_keluarga_p3ke as id, f.desil_kesejahteraan as desil, f.jenis_atap, f.jenis_dinding, f.jenis_lantai, f.sumber_penerangan,
            f.bahan_bakar_memasak, f.sumber_air_minum, f.fasilitas_bab, f.kepemilikan_rumah, f.memiliki_simpanan,
            ${impliedDesilSql('f')} as implied
     from p3ke_family f where f.campaign_id = ? order by f.id_keluarga_p3ke`,
    [campaignId],
  );

const readMembers = async (): Promise<Map<string, StuntingMemberFacts[]>> => {
  const rows = await sql<MemberRow>(
    h.orm,
    `select id_keluarga_p3ke as family, jenis_kelamin, to_char(tanggal_lahir, 'YYYY-MM-DD') as tanggal_lahir,
            hubungan_dengan_kepala_keluarga as hubungan, hamil
     from p3ke_individual where campaign_id = ?`,
    [campaignId],
  );
  const byFamily = new Map<string, StuntingMemberFacts[]>();
  for (const r of rows) {
    const members = byFamily.get(r.family) ?? [];
    members.push({ jenis_kelamin: r.jenis_kelamin, tanggal_lahir: r.tanggal_lahir, hubungan_dengan_kepala_keluarga: r.hubungan, hamil: r.hamil });
    byFamily.set(r.family, members);
  }
  return byFamily;
};

/** Both sides' answers for a list of NIKs at one reference date. */
async function nikFunctionsDisagreements(niks: readonly string[], referenceDate: string) {
  const rows = await sql<{ nik: string; problem: string | null; sex: string | null; birth: string | null }>(
    h.orm,
    `select n as nik, verivali_nik_problem(n, ?::date) as problem, verivali_nik_sex(n) as sex,
            to_char(verivali_nik_birth_date(n, ?::date), 'YYYY-MM-DD') as birth
     from json_array_elements_text(?::json) as n`,
    [referenceDate, referenceDate, JSON.stringify(niks)],
  );
  if (rows.length !== niks.length) throw new Error(`SQL read ${rows.length} of ${niks.length} NIKs`);
  return rows
    .map((r) => {
      const ts = checkNik(r.nik, referenceDate);
      return { nik: r.nik, referenceDate, sql: [r.problem, r.sex, r.birth], ts: [ts.problems[0] ?? null, ts.impliedSex, ts.impliedBirthDate] };
    })
    .filter((d) => JSON.stringify(d.sql) !== JSON.stringify(d.ts));
}

describe('SQL checks and TypeScript rules agree', () => {
  it('when the implied desil is computed for every family, then impliedDesilSql equals impliedDesil()', async () => {
    // Arrange
    const families = await readFamilies();

    // Act
    const disagreements = families
      .map((f) => ({ id: f.id, sql: f.implied === null ? null : Number(f.implied), ts: impliedDesil(f)?.desil ?? null }))
      .filter((d) => d.sql !== d.ts);

    // Assert: a range of desil is implied, not one constant.
    expect(families.length).toBeGreaterThan(1800);
    expect(new Set(families.map((f) => f.implied)).size).toBeGreaterThan(4);
    expect(disagreements).toEqual([]);
  });

  it('when families are assessed for stunting risk at several reference dates, then the SQL and assessStuntingRisk() give the same reasons', async () => {
    // Arrange
    const families = new Map((await readFamilies()).map((f) => [f.id, f]));
    const members = await readMembers();
    const seen = { targets: new Set<string>(), risks: new Set<string>() };
    const disagreements: unknown[] = [];

    for (const referenceDate of REFERENCE_DATES) {
      // Act
      const rows = await sql<{ family_id: string; target_reasons: string[]; risk_factors: string[] }>(h.orm, stuntingAssessmentSql(), [
        referenceDate,
        campaignId,
        campaignId,
      ]);
      for (const row of rows) {
        const family = families.get(row.family_id);
        if (!family) throw new Error(`the assessment returned a family that is not stored: ${row.family_id}`);
        const ts = assessStuntingRisk(
          { members: members.get(row.family_id) ?? [], sumber_air_minum: family.sumber_air_minum, fasilitas_bab: family.fasilitas_bab },
          referenceDate,
        );
        row.target_reasons.forEach((t) => seen.targets.add(t));
        row.risk_factors.forEach((r) => seen.risks.add(r));
        const sqlSide = { targets: row.target_reasons, risks: row.risk_factors };
        const tsSide = { targets: ts.targetReasons, risks: ts.riskFactors };
        if (JSON.stringify(sqlSide) !== JSON.stringify(tsSide)) disagreements.push({ family: row.family_id, referenceDate, sql: sqlSide, ts: tsSide });
      }
      expect(rows).toHaveLength(families.size);
    }

    // Assert: every target reason and risk factor occurs, so each branch was compared.
    expect(disagreements).toEqual([]);
    expect([...seen.targets].sort()).toEqual(['child_0_23_months', 'child_24_59_months', 'couple_childbearing_age', 'pregnant_woman']);
    expect([...seen.risks].sort()).toEqual(['births_too_close', 'mother_too_old', 'mother_too_young', 'too_many_children', 'unsafe_drinking_water', 'unsafe_sanitation']);
  });

  it('when every stored NIK is read, then verivali_nik_problem/sex/birth_date equal checkNik()', async () => {
    // Arrange: individuals' NIKs and the heads' NIKs on the family records, planted defects included.
    const niks = (
      await sql<{ nik: string }>(
        h.orm,
        'select nik from p3ke_individual where campaign_id = ? union select nik from p3ke_family where campaign_id = ?',
        [campaignId, campaignId],
      )
    ).map((r) => r.nik);
    const problems = new Set(niks.map((n) => checkNik(n, REFERENCE_DATES[0]).problems[0] ?? 'ok'));

    // Act
    const disagreements = (await Promise.all(REFERENCE_DATES.map((d) => nikFunctionsDisagreements(niks, d)))).flat();

    // Assert: the planted invalid NIKs give several kinds of problem.
    expect(niks.length).toBeGreaterThan(6000);
    expect(problems.size).toBeGreaterThanOrEqual(4);
    expect(disagreements).toEqual([]);
  });

  it('when hand-made edge NIKs are read, then the SQL functions and checkNik() agree on each', async () => {
    // Arrange: prefix 640201, DDMMYY, serial; each line one edge.
    const edges = [
      '6402012902000001', // 29 Feb 2000: a leap day (1900 was not one: see the 1999 reference date)
      '6402012902010001', // 29 Feb 2001: no such date
      '6402016902000001', // a woman (+40) born on 29 Feb 2000
      '6402016902010001', // a woman on 29 Feb 2001
      '6402014101900001', // DD 41: a woman born on the 1st
      '6402017101900001', // DD 71: a woman born on the 31st
      '6402017201900001', // DD 72: neither range
      '6402013201900001', // DD 32: neither range
      '6402014001900001', // DD 40: neither range
      '6402010001900001', // DD 00
      '6402011513900001', // month 13
      '6402011500900001', // month 00
      '6402013104900001', // 31 April
      '6402017104900001', // a woman on 31 April
      '6402011501900000', // serial 0000
      '6402012902000000', // leap day with serial 0000
      '0002011501900001', // province 00
      '6400011501900001', // kabupaten 00
      '6402001501900001', // kecamatan 00
      '0000000000000000', // everything zero
      '0002017213900000', // several problems: the first one counts
      '640201150190001', // 15 digits
      '64020115019000011', // 17 digits
      '6402011501A00001', // a letter
      '', // empty
      ' 6402011501900001', // a leading space (the check does not trim)
      '6402011501900001\n', // a trailing newline
      '６４０２０１１５０１９０００１', // full-width digits
      '6402011512260001', // 15 Dec 26: after the 2026-12-04 reference, so 1926
      '6402010412260001', // 4 Dec 26: on the reference date, so 2026
      '6402010512260001', // 5 Dec 26: one day after it
    ];

    // Act
    const disagreements = (await Promise.all([...REFERENCE_DATES, '1999-12-31', '2000-02-29'].map((d) => nikFunctionsDisagreements(edges, d)))).flat();

    // Assert: the edges reach every problem the rules know.
    expect(disagreements).toEqual([]);
    expect(new Set(edges.flatMap((n) => checkNik(n, REFERENCE_DATES[0]).problems))).toEqual(new Set(NIK_PROBLEMS));
  });

  it('when the campaign flagged NIKs that contradict the record, then the flags are those nikContradictions() finds on sound NIKs', async () => {
    // Arrange
    const rows = await sql<{ id: string; nik: string; jenis_kelamin: JenisKelamin; tanggal_lahir: string; flags: string[] }>(
      h.orm,
      `select i.id_individu as id, i.nik, i.jenis_kelamin, to_char(i.tanggal_lahir, 'YYYY-MM-DD') as tanggal_lahir,
              coalesce(array_agg(ff.code) filter (where ff.code is not null), '{}') as flags
       from p3ke_individual i
       left join family_flag ff on ff.campaign_id = i.campaign_id and ff.individual_id = i.id_individu and ff.code in (?, ?)
       where i.campaign_id = ? group by i.id_individu, i.nik, i.jenis_kelamin, i.tanggal_lahir`,
      [CHECK_CODES.nikSexMismatch, CHECK_CODES.nikBirthDateMismatch, campaignId],
    );

    // Act: the SQL judges contradictions on structurally sound NIKs only (the rest get NIK_STRUCTURE_INVALID).
    const expectedFlags = (r: (typeof rows)[number]): string[] => {
      if (!checkNik(r.nik, checksReferenceDate).ok) return [];
      const found = nikContradictions(r.nik, { jenis_kelamin: r.jenis_kelamin, tanggal_lahir: r.tanggal_lahir });
      return [
        ...(found.includes('sex_differs') ? [CHECK_CODES.nikSexMismatch] : []),
        ...(found.includes('birth_date_differs') ? [CHECK_CODES.nikBirthDateMismatch] : []),
      ];
    };
    const disagreements = rows.map((r) => ({ id: r.id, sql: [...r.flags].sort(), ts: expectedFlags(r).sort() })).filter((d) => JSON.stringify(d.sql) !== JSON.stringify(d.ts));

    // Assert
    expect(rows.filter((r) => r.flags.length > 0).length).toBeGreaterThan(10);
    expect(disagreements).toEqual([]);
  });

  it('when a person aged 100 or more has a NIK that matches the record, then no birth-date mismatch is flagged (no century guess)', async () => {
    // Arrange: hand-made members of a campaign of their own; the NIK's DDMMYY equals the recorded date in both.
    const edgeCampaign = uniqueCampaignId('parity-edge');
    const referenceDate = '2026-12-04';
    const people = [
      { id: 'E1', nik: '6402010111260001', sex: 'L', born: '1926-11-01' }, // 100 years old: NIK date read as 2026-11-01
      { id: 'E2', nik: '6402014111260001', sex: 'P', born: '1926-11-01' }, // the same, a woman
      { id: 'E3', nik: '6402010111260002', sex: 'L', born: '2026-11-01' }, // a baby: matches in both readings
      { id: 'E4', nik: '6402010211260001', sex: 'L', born: '1926-11-01' }, // a real contradiction: the day differs
    ];
    await insertIndividuals(h.orm, edgeCampaign, people);

    // Act: the generated NIK statements, run as the checks activity runs them.
    for (const statement of checkStatements().filter((s) => s.code === CHECK_CODES.nikBirthDateMismatch || s.code === CHECK_CODES.nikSexMismatch)) {
      await h.orm.em
        .fork()
        .getConnection()
        .execute(statement.sql, bindInputs(statement, { ...DEFAULT_CHECK_LIMITS, campaignId: edgeCampaign, regionCodes: [], referenceDate }), 'run');
    }
    const flagged = await sql<{ individual_id: string; code: string }>(h.orm, 'select individual_id, code from family_flag where campaign_id = ? order by 1, 2', [
      edgeCampaign,
    ]);

    // Assert
    const expected = people.flatMap((p) =>
      nikContradictions(p.nik, { jenis_kelamin: p.sex as JenisKelamin, tanggal_lahir: p.born }).map((c) => ({
        individual_id: p.id,
        code: c === 'sex_differs' ? CHECK_CODES.nikSexMismatch : CHECK_CODES.nikBirthDateMismatch,
      })),
    );
    expect(expected).toEqual([{ individual_id: 'E4', code: CHECK_CODES.nikBirthDateMismatch }]);
    expect(flagged).toEqual(expected);
  });

  it('when the campaign flagged desil and stunting, then the flags are exactly the families desilInconsistent() and assessStuntingRisk() pick', async () => {
    // Arrange
    const families = await readFamilies();
    const members = await readMembers();
    const flagged = async (code: string) =>
      new Set((await sql<{ family_id: string }>(h.orm, 'select family_id from family_flag where campaign_id = ? and code = ?', [campaignId, code])).map((r) => r.family_id));

    // Act
    const desilTs = new Set(families.filter((f) => desilInconsistent(f.desil, f, DEFAULT_CHECK_LIMITS.desilTolerance)).map((f) => f.id));
    const stuntingTs = new Set(
      families
        .filter((f) => assessStuntingRisk({ members: members.get(f.id) ?? [], sumber_air_minum: f.sumber_air_minum, fasilitas_bab: f.fasilitas_bab }, checksReferenceDate).atRisk)
        .map((f) => f.id),
    );

    // Assert
    expect(desilTs.size).toBeGreaterThan(0);
    expect([...(await flagged(CHECK_CODES.desilHousing))].sort()).toEqual([...desilTs].sort());
    expect(stuntingTs.size).toBeGreaterThan(0);
    expect([...(await flagged(CHECK_CODES.stuntingRisk))].sort()).toEqual([...stuntingTs].sort());
  });
});

/** Individuals written straight to the table, every other column a plain valid value. */
async function insertIndividuals(orm: MikroORM, campaignId: string, people: { id: string; nik: string; sex: string; born: string }[]): Promise<void> {
  const rows = people.map((p, position) => ({
    campaign_id: campaignId,
    id_individu: p.id,
    source_position: position,
    id_keluarga_p3ke: 'EDGE-FAMILY',
    nama: 'Edge Case',
    nik: p.nik,
    padan_dukcapil: true,
    jenis_kelamin: p.sex,
    hubungan_dengan_kepala_keluarga: 'famili_lain',
    tanggal_lahir: p.born,
    status_kawin: 'kawin',
    pekerjaan: 'tidak_bekerja',
    pendidikan: 'sd',
    hamil: false,
    penerima_bpnt: false,
    penerima_bpum: false,
    penerima_bst: false,
    penerima_pkh: false,
    penerima_sembako: false,
    resiko_stunting: false,
    kode_kemendagri: '6402012001',
    desil_kesejahteraan: 1,
  }));
  await orm.em
    .fork()
    .getConnection()
    .execute('insert into p3ke_individual select * from json_populate_recordset(null::p3ke_individual, ?::json)', [JSON.stringify(rows)], 'run');
}
