/**
 * What an admin sees in the Temporal Web UI, on the real dev server and PostgreSQL: one campaign's workflows are
 * found by search attribute (and nothing of another campaign); a running work package's current details say what
 * it waits for, with ids, counts and times only, never a NIK or a name from the P3KE rows.
 */
import type { temporal } from '@temporalio/proto';
import type { WorkflowExecutionInfo } from '@temporalio/client';
import { campaignWorkflow } from '../../workflows';
import { campaignWorkflowId } from '../../domain/contracts/workflow-ids';
import { SA_CAMPAIGN_ID, SA_KIND, WORKFLOW_KINDS } from '../../domain/contracts/search-attributes';
import { createP3keClient } from '../../activities/p3ke/p3ke-client';
import { startP3keSimulator, type RunningP3keSimulator } from '../../sim/p3ke-api/server';
import { demoRoster, upsertOfficers } from '../../sim/field-actors/roster';
import { driveCampaign } from '../../sim/field-actors/drive-campaign';
import { openHarness, uniqueCampaignId, type Harness } from '../support/harness';
import { testCampaignConfig, TEST_P3KE_TOKEN } from '../support/campaign-fixtures';
import { rows, waitUntil } from '../support/lifecycle-helpers';

const MUARA_JAWA = '640214';
const METADATA_QUERY = '__temporal_workflow_metadata';
let h: Harness;
let sim: RunningP3keSimulator;

beforeAll(async () => {
  h = await openHarness();
  sim = await startP3keSimulator({ token: TEST_P3KE_TOKEN, families: 300, defectRate: 0.05 });
  await upsertOfficers(h.orm, demoRoster());
  await h.startWorker({ p3ke: createP3keClient({ baseUrl: sim.url, token: TEST_P3KE_TOKEN, timeoutMs: 5_000 }) });
});
afterAll(async () => {
  await h?.close();
  await sim?.close();
});

const startCampaign = (campaignId: string) =>
  h.client.workflow.start(campaignWorkflow, {
    taskQueue: h.taskQueue,
    workflowId: campaignWorkflowId(campaignId),
    staticSummary: `Campaign ${campaignId}, kecamatan ${MUARA_JAWA}`,
    args: [{ campaignId, startedBy: 'pm-starter', config: testCampaignConfig({ regionCodes: [MUARA_JAWA], maxFamiliesPerPackage: 10 }) }],
  });

async function list(query: string): Promise<WorkflowExecutionInfo[]> {
  const found: WorkflowExecutionInfo[] = [];
  for await (const info of h.client.workflow.list({ query })) found.push(info);
  return found;
}

const kindOf = (info: WorkflowExecutionInfo): string | undefined => info.typedSearchAttributes.get(SA_KIND);
const metadata = (workflowId: string) => h.client.workflow.getHandle(workflowId).query<temporal.api.sdk.v1.IWorkflowMetadata>(METADATA_QUERY);

/** Every name and NIK of the campaign's P3KE rows (families and individuals). */
async function personalData(campaignId: string): Promise<string[]> {
  const individuals = await rows<{ nama: string; nik: string }>(h.orm, 'select nama, nik from p3ke_individual where campaign_id = ?', [campaignId]);
  const families = await rows<{ kepala_keluarga: string; nik: string }>(h.orm, 'select kepala_keluarga, nik from p3ke_family where campaign_id = ?', [campaignId]);
  return [...individuals.flatMap((i) => [i.nama, i.nik]), ...families.flatMap((f) => [f.kepala_keluarga, f.nik])].filter((v) => v.trim().length >= 4);
}

describe('Web UI metadata', () => {
  it('when a campaign runs, then its workflows are listed by campaign id with their kind, and a running package says what it waits for without personal data', async () => {
    const campaignId = uniqueCampaignId('webui');
    const otherId = uniqueCampaignId('webui-other');
    const handle = await startCampaign(campaignId);
    // Another campaign on the same server: started and terminated, it must never show up in the first one's list.
    const other = await startCampaign(otherId);
    await waitUntil(async () => (await list(`VerivaliCampaignId = '${otherId}'`)).length > 0, 30_000, 'the other campaign to be visible');
    await other.terminate('not needed beyond its search attributes');
    expect(await handle.describe().then((d) => d.staticSummary())).toBe(`Campaign ${campaignId}, kecamatan ${MUARA_JAWA}`);

    // (b) Before anybody works, a package waits for its officer: its current details say for what, and until when.
    const running = await waitUntil(
      async () => (await list(`VerivaliCampaignId = '${campaignId}' AND VerivaliKind = '${WORKFLOW_KINDS.workPackage}' AND ExecutionStatus = 'Running'`))[0],
      120_000,
      'a running work package',
    );
    const pkg = await metadata(running.workflowId);
    expect(pkg.definition?.type).toBe('workPackageWorkflow');
    const details = pkg.currentDetails ?? '';
    expect(details).toMatch(/^waiting for \d+ of \d+ field results from officer ver-\d+-\d+; deadline \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/);
    const packageSummary = await h.client.workflow.getHandle(running.workflowId).describe().then((d) => d.staticSummary());
    expect(packageSummary).toMatch(/^Work package \d+ of desa \d{10}, round 1, \d+ families, officer ver-\d+-\d+$/);
    const campaignDetails = (await metadata(campaignWorkflowId(campaignId))).currentDetails ?? '';
    expect(campaignDetails).toMatch(/^field: \d+\/\d+ desa done, \d+ families waiting for a result, \d+ cases waiting$/);
    const desa = await waitUntil(
      async () => (await list(`VerivaliCampaignId = '${campaignId}' AND VerivaliKind = '${WORKFLOW_KINDS.desa}' AND ExecutionStatus = 'Running'`))[0],
      30_000,
      'a running desa',
    );
    expect((await metadata(desa.workflowId)).currentDetails).toMatch(/^round 1: \d+ of \d+ packages closed, waiting for \d+$/);

    const personal = await personalData(campaignId);
    expect(personal.length).toBeGreaterThan(0);
    for (const shown of [details, packageSummary ?? '', campaignDetails]) {
      expect(personal.filter((p) => shown.includes(p))).toEqual([]);
    }

    // (a) Once the campaign is done, one query by campaign id finds all its workflows, each with its kind.
    const people = await driveCampaign({ client: h.client, orm: h.orm, campaignId, seed: 7, timeoutMs: 240_000 });
    expect(people.status).toBe('COMPLETED');
    await handle.result();
    const expectedKinds: Record<string, string> = {
      campaignWorkflow: WORKFLOW_KINDS.campaign,
      desaWorkflow: WORKFLOW_KINDS.desa,
      workPackageWorkflow: WORKFLOW_KINDS.workPackage,
      escalationCaseWorkflow: WORKFLOW_KINDS.escalationCase,
    };
    const all = await waitUntil(
      async () => {
        const found = await list(`VerivaliCampaignId = '${campaignId}'`);
        const kinds = new Set(found.map(kindOf));
        return Object.values(expectedKinds).every((k) => kinds.has(k)) && found.every((f) => f.status.name !== 'RUNNING') ? found : null;
      },
      30_000,
      'every kind of workflow of the campaign to be listed',
    );
    for (const info of all) {
      expect(kindOf(info)).toBe(expectedKinds[info.type]);
      expect(info.typedSearchAttributes.get(SA_CAMPAIGN_ID)).toBe(campaignId);
      expect(info.workflowId).toContain(campaignId);
      expect(info.workflowId).not.toContain(otherId);
    }
    expect(all.filter((i) => kindOf(i) === WORKFLOW_KINDS.campaign).map((i) => i.workflowId)).toEqual([campaignWorkflowId(campaignId)]);

    // A case's static summary names the family by its P3KE id and the mismatch codes only.
    const closedCase = all.find((i) => kindOf(i) === WORKFLOW_KINDS.escalationCase);
    const caseSummary = await h.client.workflow.getHandle(closedCase?.workflowId as string).describe().then((d) => d.staticSummary());
    expect(caseSummary).toMatch(/^Escalation case for family \S+ of package \S+ \(kecamatan \d{6}\), mismatches: .+, severity \d+$/);
    expect(personal.filter((p) => (caseSummary ?? '').includes(p))).toEqual([]);
  });
});
