/**
 * The ingest reconciles with what the P3KE simulator served: every record is stored or quarantined, per kind,
 * and the quarantine reasons match the defects planted (the simulator's manifest). Quarantine reasons carry no
 * personal data, and running the campaign's ingest again changes nothing. Real Temporal and PostgreSQL.
 */
import { createP3keClient } from '../../activities/p3ke/p3ke-client';
import { QUARANTINE_REASONS } from '../../activities/ingest/validate-page';
import { campaignWorkflowId } from '../../domain/contracts/workflow-ids';
import { startP3keSimulator, type RunningP3keSimulator } from '../../sim/p3ke-api/server';
import type { SnapshotManifest } from '../../sim/p3ke-api/snapshots';
import { openHarness, uniqueCampaignId, type Harness } from '../support/harness';
import { installQuietRuntime } from '../support/worker-process';
import { testCampaignConfig, TEST_P3KE_TOKEN } from '../support/campaign-fixtures';
import {
  campaignChecksums,
  fetchManifest,
  ingestAccounting,
  runCampaignThroughChecks,
  type CampaignRun,
  type IngestAccounting,
} from '../support/sim-manifest';

let h: Harness;
let sim: RunningP3keSimulator;
const campaignId = uniqueCampaignId('reconcile');
const config = testCampaignConfig({ ingestPageSize: 250 });
let run: CampaignRun;
let manifest: SnapshotManifest;
let accounting: IngestAccounting;

beforeAll(async () => {
  installQuietRuntime();
  h = await openHarness();
  sim = await startP3keSimulator({ token: TEST_P3KE_TOKEN, families: 1000, defectRate: 0.08, seed: 4242 });
  await h.startWorker({ p3ke: createP3keClient({ baseUrl: sim.url, token: TEST_P3KE_TOKEN, timeoutMs: 5_000 }) });
  run = await runCampaignThroughChecks({ client: h.client, taskQueue: h.taskQueue, campaignId, config, startedBy: 'pm-reconcile' });
  if (!run.progress.snapshotId) throw new Error('the campaign recorded no snapshot');
  manifest = await fetchManifest(sim, TEST_P3KE_TOKEN, run.progress.snapshotId);
  accounting = await ingestAccounting(h.orm, campaignId);
});
afterAll(async () => {
  await h?.close();
  await sim?.close();
});

describe('ingest reconciliation against the simulator manifest', () => {
  it('when a snapshot with 8 % defects is ingested, then stored + quarantined equals what was served, per kind', () => {
    // Arrange: the snapshot is big enough to hold every kind of defect.
    expect(manifest.totals.families).toBeGreaterThan(900);
    expect(manifest.withheldFamilies).toBeGreaterThan(0);

    // Assert
    expect(accounting.storedFamilies + accounting.quarantinedFamilies).toBe(manifest.totals.families);
    expect(accounting.storedIndividuals + accounting.quarantinedIndividuals).toBe(manifest.totals.individuals);
    expect(run.progress.counts.fetched).toBe(manifest.totals.families + manifest.totals.individuals);
    expect(run.progress.counts.stored).toBe(accounting.storedFamilies + accounting.storedIndividuals);
    expect(run.progress.counts.quarantined).toBe(accounting.quarantinedFamilies + accounting.quarantinedIndividuals);
  });

  it('when records fail the wire schema, then exactly the manifest schemaFailures are quarantined as schema_invalid', () => {
    const q = accounting.quarantineByKindAndReason;
    expect(q[`family:${QUARANTINE_REASONS.schema}`] ?? 0).toBe(manifest.schemaFailures.families);
    expect(q[`individual:${QUARANTINE_REASONS.schema}`] ?? 0).toBe(manifest.schemaFailures.individuals);
    expect(manifest.schemaFailures.families).toBeGreaterThan(0);
    expect(manifest.schemaFailures.individuals).toBeGreaterThan(0);
  });

  it('when families are withheld, then exactly their individuals are quarantined as family_missing', () => {
    const q = accounting.quarantineByKindAndReason;
    expect(q[`individual:${QUARANTINE_REASONS.familyMissing}`] ?? 0).toBe(manifest.defects.family_missing.individuals);
    expect(q[`family:${QUARANTINE_REASONS.familyMissing}`]).toBeUndefined();
  });

  it('when a family record is quarantined, then its valid individuals are quarantined as family_quarantined, pointing at it', async () => {
    // Arrange
    const conn = h.orm.em.fork().getConnection();

    // Act: each such individual must belong to a family that sits in the quarantine, not one P3KE withheld.
    const [row] = await conn.execute<{ total: string; traced: string; families: string }[]>(
      `select count(*) as total,
              count(*) filter (where exists (select 1 from quarantined_record f where f.campaign_id = q.campaign_id and f.kind = 'family'
                                             and f.source_id = q.raw->>'id_keluarga_p3ke')) as traced,
              count(distinct q.raw->>'id_keluarga_p3ke') as families
       from quarantined_record q where q.campaign_id = ? and q.kind = 'individual' and q.reason_code = ?`,
      [campaignId, QUARANTINE_REASONS.familyQuarantined],
    );

    // Assert: the family schema failures leave individuals behind, and every one of them is traced to its family.
    expect(Number(row?.total)).toBeGreaterThan(0);
    expect(Number(row?.traced)).toBe(Number(row?.total));
    expect(Number(row?.families)).toBeLessThanOrEqual(manifest.schemaFailures.families);
    const known = new Set<string>(Object.values(QUARANTINE_REASONS));
    const unknown = Object.keys(accounting.quarantineByKindAndReason).filter((key) => !known.has(key.split(':')[1] ?? ''));
    expect(unknown).toEqual([]);
  });

  it('when quarantine reasons are read, then none of them holds a NIK, a name, an address or a birth date from its raw record', async () => {
    // Arrange: the personal values of each quarantined record, as received.
    const rows = await h.orm.em
      .fork()
      .getConnection()
      .execute<{ reason: string; raw: Record<string, unknown> }[]>('select reason, raw from quarantined_record where campaign_id = ?', [campaignId]);
    const personal = ['nik', 'nama', 'kepala_keluarga', 'alamat', 'tanggal_lahir'];

    // Act
    const leaks = rows.filter((r) =>
      personal.some((key) => {
        const value = r.raw[key];
        return (typeof value === 'string' || typeof value === 'number') && String(value).length >= 4 && r.reason.includes(String(value));
      }),
    );

    // Assert: also no run of 8+ digits, which could only be (part of) an identity number.
    expect(rows.length).toBe(accounting.quarantinedFamilies + accounting.quarantinedIndividuals);
    expect(leaks.map((l) => l.reason)).toEqual([]);
    expect(rows.filter((r) => /\d{8,}/.test(r.reason)).map((r) => r.reason)).toEqual([]);
    expect(rows.every((r) => r.reason.length > 0)).toBe(true);
  });

  it('when the same campaign runs its ingest again under another workflow id, then no count and no row changes', async () => {
    // Arrange
    const before = await campaignChecksums(h.orm, campaignId);

    // Act: the same campaign and starter, so registration accepts the existing row.
    const rerun = await runCampaignThroughChecks({
      client: h.client,
      taskQueue: h.taskQueue,
      campaignId,
      config,
      startedBy: 'pm-reconcile',
      workflowId: `${campaignWorkflowId(campaignId)}/rerun`,
    });

    // Assert
    expect(rerun.progress.snapshotId).toBe(run.progress.snapshotId);
    expect(rerun.progress.counts).toEqual(run.progress.counts);
    expect(await ingestAccounting(h.orm, campaignId)).toEqual(accounting);
    expect(await campaignChecksums(h.orm, campaignId)).toEqual(before);
    expect(before.p3ke_family.rows).toBe(accounting.storedFamilies);
  });
});
