/**
 * The pre-verification checks find the data errors the simulator planted, on the right record, and nothing it did
 * not plant: the simulator says per record which defect it carries (the snapshot manifest counts them). Every flag
 * is well formed and free of personal data, priorities follow the documented formula, and running the checks
 * again (a re-run of the campaign) leaves exactly the same flags and priorities.
 */
import { createP3keClient } from '../../activities/p3ke/p3ke-client';
import { CHECK_CODES } from '../../db/sql/pre-verification-checks';
import { campaignWorkflowId } from '../../domain/contracts/workflow-ids';
import { pickContradictingVariant, SCHEMA_FAILING_KINDS, variantRoll } from '../../sim/p3ke-api/defects';
import { familyId, individualId } from '../../sim/p3ke-api/records-builder';
import { startP3keSimulator, type RunningP3keSimulator } from '../../sim/p3ke-api/server';
import type { SnapshotManifest } from '../../sim/p3ke-api/snapshots';
import { openHarness, uniqueCampaignId, type Harness } from '../support/harness';
import { testCampaignConfig, TEST_P3KE_TOKEN } from '../support/campaign-fixtures';
import { installQuietRuntime } from '../support/worker-process';
import { campaignChecksums, fetchManifest, runCampaignThroughChecks, type CampaignRun } from '../support/sim-manifest';

let h: Harness;
let sim: RunningP3keSimulator;
const campaignId = uniqueCampaignId('flags');
const config = testCampaignConfig({ ingestPageSize: 500 });
let run: CampaignRun;
let manifest: SnapshotManifest;

interface FlagRow {
  family_id: string;
  code: string;
  individual_id: string;
  severity: number;
  reason: string;
}
const key = (f: { family_id: string; code: string; individual_id: string }) => `${f.code} ${f.family_id} ${f.individual_id || '-'}`;

const readFlags = () =>
  h.orm.em
    .fork()
    .getConnection()
    .execute<FlagRow[]>('select family_id, code, individual_id, severity, reason from family_flag where campaign_id = ? order by family_id, code, individual_id', [campaignId]);

/** The flags the planted defects must raise, from the simulator's own record of which record got which defect. */
function plantedFlags(): string[] {
  const pop = sim.population;
  const expected: string[] = [];
  const flag = (code: string, family: number, member: number | null) =>
    expected.push(key({ code, family_id: familyId(family), individual_id: member === null ? '' : individualId(family, member) }));
  const nikFlag = (kind: string, family: number, member: number) => {
    if (kind === 'nik_invalid_structure') flag(CHECK_CODES.nikStructure, family, member);
    if (kind === 'nik_contradicts_record') {
      const variant = pickContradictingVariant(variantRoll(pop.ctx.seed, family, member));
      flag(variant === 'sex' ? CHECK_CODES.nikSexMismatch : CHECK_CODES.nikBirthDateMismatch, family, member);
    }
  };
  for (let i = 0; i < pop.size; i++) {
    const kind = pop.familyDefect(i);
    // Members of a withheld or quarantined family are quarantined with it: nothing of theirs is checked.
    if (kind === 'family_missing' || (kind !== null && SCHEMA_FAILING_KINDS.includes(kind))) continue;
    if (kind !== null) nikFlag(kind, i, 0); // a family-level NIK defect sits on the head's NIK
    if (kind === 'region_outside_area') flag(CHECK_CODES.regionOutside, i, null);
    if (kind === 'nik_in_two_families') {
      flag(CHECK_CODES.nikDuplicate, i, pop.ctx.householdSize(i)); // the copy, listed after the household
      flag(CHECK_CODES.nikDuplicate, pop.partnerOf(i), 0); // and the head it copies
    }
    for (let m = 1; m < pop.ctx.householdSize(i); m++) {
      const individualKind = pop.individualDefect(i, m);
      if (individualKind !== null) nikFlag(individualKind, i, m);
    }
  }
  return expected.sort();
}

const PLANTED_CODES: readonly string[] = [CHECK_CODES.nikStructure, CHECK_CODES.nikSexMismatch, CHECK_CODES.nikBirthDateMismatch, CHECK_CODES.nikDuplicate, CHECK_CODES.regionOutside];

beforeAll(async () => {
  installQuietRuntime();
  h = await openHarness();
  sim = await startP3keSimulator({ token: TEST_P3KE_TOKEN, families: 1000, defectRate: 0.08, seed: 5151 });
  await h.startWorker({ p3ke: createP3keClient({ baseUrl: sim.url, token: TEST_P3KE_TOKEN, timeoutMs: 5_000 }) });
  run = await runCampaignThroughChecks({ client: h.client, taskQueue: h.taskQueue, campaignId, config, startedBy: 'pm-flags' });
  manifest = await fetchManifest(sim, TEST_P3KE_TOKEN, run.progress.snapshotId ?? '');
});
afterAll(async () => {
  await h?.close();
  await sim?.close();
});

describe('pre-verification checks on planted defects', () => {
  it('when defects are planted, then each raises its flag on that record, and no clean record raises one of those flags', async () => {
    // Arrange: the snapshot holds the whole population, so every planted record was served.
    expect(manifest.totals.families + manifest.withheldFamilies).toBe(sim.population.size);
    const expected = plantedFlags();

    // Act
    const actual = (await readFlags()).filter((f) => PLANTED_CODES.includes(f.code)).map(key).sort();

    // Assert: every kind is present, and the two lists are the same, record for record.
    for (const code of PLANTED_CODES) expect(expected.filter((k) => k.startsWith(`${code} `)).length).toBeGreaterThan(0);
    expect(actual.filter((k) => !expected.includes(k))).toEqual([]);
    expect(expected.filter((k) => !actual.includes(k))).toEqual([]);
  });

  it('when flags are written, then each has a known code, a severity of 1 to 5 and a reason without personal data', async () => {
    // Arrange
    const flags = await readFlags();
    const codes = new Set<string>(Object.values(CHECK_CODES));

    // Act: any NIK, name, address or birth date of the family or its members inside the flag's reason.
    const [leaks] = await h.orm.em
      .fork()
      .getConnection()
      .execute<{ n: string }[]>(
        `select count(*) as n from family_flag ff
         left join p3ke_family f on f.campaign_id = ff.campaign_id and f.id_keluarga_p3ke = ff.family_id
         where ff.campaign_id = ? and (
           (length(f.nik) > 3 and position(f.nik in ff.reason) > 0)
           or position(f.kepala_keluarga in ff.reason) > 0 or position(f.alamat in ff.reason) > 0
           or exists (select 1 from p3ke_individual i
                      where i.campaign_id = ff.campaign_id and i.id_keluarga_p3ke = ff.family_id
                        and ((length(i.nik) > 3 and position(i.nik in ff.reason) > 0) or position(i.nama in ff.reason) > 0
                             or position(to_char(i.tanggal_lahir, 'YYYY-MM-DD') in ff.reason) > 0)))`,
        [campaignId],
      );

    // Assert: desa codes (10 digits) may appear in a reason; anything as long as a NIK may not.
    expect(flags.length).toBeGreaterThan(100);
    expect(flags.filter((f) => !codes.has(f.code))).toEqual([]);
    expect(flags.filter((f) => !Number.isInteger(f.severity) || f.severity < 1 || f.severity > 5)).toEqual([]);
    expect(flags.filter((f) => f.reason.trim().length === 0 || /\d{11,}/.test(f.reason)).map((f) => f.reason)).toEqual([]);
    expect(Number(leaks?.n)).toBe(0);
  });

  it('when the checks have run, then every family has the documented priority and flagged or stunting families rank higher', async () => {
    // Arrange
    const families = await h.orm.em
      .fork()
      .getConnection()
      .execute<{ id: string; desil: number; priority: number; severity: number | null; stunting: boolean | null }[]>(
        `select f.id_keluarga_p3ke as id, f.desil_kesejahteraan as desil, f.priority,
                (select sum(severity)::int from family_flag x where x.campaign_id = f.campaign_id and x.family_id = f.id_keluarga_p3ke) as severity,
                (select bool_or(code = ?) from family_flag x where x.campaign_id = f.campaign_id and x.family_id = f.id_keluarga_p3ke) as stunting
         from p3ke_family f where f.campaign_id = ?`,
        [CHECK_CODES.stuntingRisk, campaignId],
      );

    // Act: docs/RULES.md — severities summed, +10 for stunting risk, +2 per desil below 5.
    const expectedPriority = (f: (typeof families)[number]) => (f.severity ?? 0) + (f.stunting ? 10 : 0) + 2 * Math.max(0, 5 - f.desil);
    const wrong = families.filter((f) => f.priority !== expectedPriority(f));

    // Assert
    expect(wrong).toEqual([]);
    const flagged = families.filter((f) => f.severity !== null);
    const unflagged = families.filter((f) => f.severity === null);
    expect(flagged.length).toBeGreaterThan(0);
    expect(unflagged.length).toBeGreaterThan(0);
    for (const desil of new Set(families.map((f) => f.desil))) {
      const lowestFlagged = Math.min(...flagged.filter((f) => f.desil === desil).map((f) => f.priority));
      const highestUnflagged = Math.max(...unflagged.filter((f) => f.desil === desil).map((f) => f.priority));
      expect({ desil, above: lowestFlagged > highestUnflagged || !Number.isFinite(lowestFlagged) || !Number.isFinite(highestUnflagged) }).toEqual({ desil, above: true });
    }
    const stunting = families.filter((f) => f.stunting);
    expect(stunting.length).toBeGreaterThan(0);
    expect(Math.min(...stunting.map((f) => f.priority))).toBeGreaterThan(Math.max(...unflagged.map((f) => f.priority)));
  });

  it('when the checks run a second time for the same campaign, then the flags and priorities are identical', async () => {
    // Arrange
    const before = await campaignChecksums(h.orm, campaignId);
    const flagsBefore = await readFlags();

    // Act: the campaign again (same id and starter, another workflow id): ingest, reconcile and checks once more.
    const rerun = await runCampaignThroughChecks({
      client: h.client,
      taskQueue: h.taskQueue,
      campaignId,
      config,
      startedBy: 'pm-flags',
      workflowId: `${campaignWorkflowId(campaignId)}/checks-again`,
    });

    // Assert
    expect(rerun.progress.counts.flagged).toBe(run.progress.counts.flagged);
    expect(await readFlags()).toEqual(flagsBefore);
    expect(await campaignChecksums(h.orm, campaignId)).toEqual(before);
  });
});
