/**
 * Payload encryption on the real stack. A campaign runs through the encrypting client and worker; then its raw
 * histories (campaign and every child) are read by a client with no codec, as anyone with access to Temporal's
 * database, or the Web UI without the codec endpoint, would see them.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { isEncrypted } from '../../client/codec/aes-gcm-codec';
import { P3keFamilySchema } from '../../db/entities/p3ke-family.entity';
import { P3keIndividualSchema } from '../../db/entities/p3ke-individual.entity';
import { campaignProgressQuery, type CampaignInput, type CampaignPhase } from '../../domain/contracts/campaign';
import { FAILURE_TYPES } from '../../domain/contracts/errors';
import { SA_CAMPAIGN_ID, SA_KIND, SA_OFFICER_ID, SA_PHASE, SA_REGION, WORKFLOW_KINDS } from '../../domain/contracts/search-attributes';
import { campaignWorkflowId } from '../../domain/contracts/workflow-ids';
import { createP3keClient } from '../../activities/p3ke/p3ke-client';
import { failFirstAttempts } from '../../activities/faults';
import { startP3keSimulator, type RunningP3keSimulator } from '../../sim/p3ke-api/server';
import { campaignWorkflow } from '../../workflows';
import { PATCHES } from '../../workflows/patches';
import { openHarness, uniqueCampaignId, type Harness } from '../support/harness';
import { testCampaignConfig, TEST_P3KE_TOKEN } from '../support/campaign-fixtures';

const { History } = temporal.api.history.v1;

/** Phases after which the ingest and the checks have written every P3KE row of the campaign. */
const EARLY_PHASES: readonly CampaignPhase[] = ['registered', 'ingest', 'checks', 'assignment'];
const MAX_WORKFLOWS = 300;

const PATCH_IDS: unknown[] = Object.values(PATCHES);

/**
 * A patch marker's data is written by the SDK's core, outside the payload codec: it may stay plain because it
 * holds one patch id of workflows/patches.ts and nothing else.
 */
function isPatchMarker(p: { path: string; payload: Payload }): boolean {
  if (!/\.markerRecordedEventAttributes\.details\.patch-data\.payloads\.\d+$/.test(p.path)) return false;
  const text = Buffer.from(p.payload.data ?? []).toString('utf8');
  return PATCH_IDS.some((id) => typeof id === 'string' && text.includes(id)) && !/\d{16}/.test(text);
}

/** What the SDK's core records about a local activity run, beside its (encoded) result: ids, a type name, times. */
const LOCAL_ACTIVITY_MARKER_KEYS = new Set(['seq', 'attempt', 'activity_id', 'activity_type', 'complete_time', 'backoff', 'original_schedule_time']);

/**
 * A local activity marker's `data` is written by the core outside the payload codec, like a patch marker's. It may
 * stay plain because it holds only the bookkeeping above (its result, the activity's output, is encrypted), and
 * the test checks exactly that: the known keys, a numeric id, an activity name, no 16-digit number.
 */
function isLocalActivityMarkerData(p: { path: string; payload: Payload }): boolean {
  if (!/\.markerRecordedEventAttributes\.details\.data\.payloads\.\d+$/.test(p.path)) return false;
  const text = Buffer.from(p.payload.data ?? []).toString('utf8');
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return false;
  }
  return (
    Object.keys(data).every((k) => LOCAL_ACTIVITY_MARKER_KEYS.has(k)) &&
    /^\d+$/.test(String(data['activity_id'])) &&
    /^[a-zA-Z]{1,64}$/.test(String(data['activity_type'])) &&
    !/\d{16}/.test(text)
  );
}

let h: Harness;
let sim: RunningP3keSimulator;
let plainConnection: Connection;
/** A client without the codec: what Temporal stores, as it stores it. */
let plain: Client;
let input: CampaignInput;
let handle: WorkflowHandle<typeof campaignWorkflow>;
let rawHistories: Map<string, temporal.api.history.v1.IHistory>;
let personal: string[];

beforeAll(async () => {
  h = await openHarness();
  sim = await startP3keSimulator({ token: TEST_P3KE_TOKEN, families: 60, defectRate: 0.05 });
  plainConnection = await Connection.connect({ address: h.stack.temporalAddress });
  plain = new Client({ connection: plainConnection, namespace: h.stack.namespace });

  // One failed attempt puts an error into the history, to show that failure messages are encrypted too.
  const faults = failFirstAttempts({ 'registerCampaign:afterWrite': 1 });
  await h.startWorker({ p3ke: createP3keClient({ baseUrl: sim.url, token: TEST_P3KE_TOKEN, timeoutMs: 5_000 }), faults });
  const campaignId = uniqueCampaignId('codec');
  // A marker in the input: it must be readable through the codec and nowhere in the raw bytes.
  input = { campaignId, config: testCampaignConfig({ name: `Kampanye rahasia ${randomUUID()}` }), startedBy: 'pm-codec-test' };
  handle = await h.client.workflow.start(campaignWorkflow, { taskQueue: h.taskQueue, workflowId: campaignWorkflowId(campaignId), args: [input] });

  await untilPastChecks(handle);
  rawHistories = await fetchWorkflowTree(plain, handle.workflowId);
  personal = await personalDataOf(campaignId);
}, 110_000);

afterAll(async () => {
  // The campaign may be waiting for field officers; its children end with it.
  await handle?.terminate('raw-history test done').catch(() => undefined);
  await plainConnection?.close();
  await h?.close();
  await sim?.close();
});

describe('payload encryption on the real stack', () => {
  it('when a campaign runs through the encrypting client and worker, then every payload in its raw histories is binary/encrypted', () => {
    const found = Array.from(rawHistories, ([id, history]) => collect(history, id)).flat();
    const payloads = found.flatMap((f) => f.payloads).filter((p) => !p.path.includes('.searchAttributes.'));

    expect(payloads.length).toBeGreaterThan(5);
    expect(payloads.filter((p) => !isEncrypted(p.payload) && !isPatchMarker(p) && !isLocalActivityMarkerData(p)).map((p) => p.path)).toEqual([]);

  });

  it('when a local activity marker holds only the core’s bookkeeping, then it may stay plain; with anything more it may not', () => {
    // A committed history recorded with the desa's local activities (whether a live desa has run one by the time the
    // tree above is read depends on the roster the database happens to hold).
    const recorded = History.decode(readFileSync(join(__dirname, '..', 'histories', 'desaWorkflow--desa_replay-local-activities_6402132014.binpb')));
    const plainPayloads = collect(recorded, 'desa').payloads.filter((p) => !p.path.includes('.searchAttributes.') && !isEncrypted(p.payload) && !isPatchMarker(p));
    expect(plainPayloads.length).toBeGreaterThan(0);
    expect(plainPayloads.filter((p) => !isLocalActivityMarkerData(p)).map((p) => p.path)).toEqual([]);
    const [marker] = plainPayloads;
    const planted = (change: (d: Record<string, unknown>) => void) => {
      const data = JSON.parse(Buffer.from(marker?.payload.data ?? []).toString('utf8')) as Record<string, unknown>;
      change(data);
      return { path: marker?.path ?? '', payload: { ...marker?.payload, data: Buffer.from(JSON.stringify(data)) } };
    };
    expect(isLocalActivityMarkerData(planted(() => undefined))).toBe(true);
    expect(isLocalActivityMarkerData(planted((d) => { d['nik'] = '6402134506890001'; }))).toBe(false);
    expect(isLocalActivityMarkerData(planted((d) => { d['activity_type'] = 'Budi Santoso 6402134506890001'; }))).toBe(false);
  });

  it('when the raw histories are serialized, then no NIK, name or address of the campaign is in them, as text or base64', () => {
    expect(personal.length).toBeGreaterThanOrEqual(20);
    // The search is not blind: the same data in a plain payload is found.
    const plainHistory = History.create({
      events: [{ workflowExecutionStartedEventAttributes: { input: { payloads: [defaultPayloadConverter.toPayload({ people: personal })] } } }],
    });
    expect(personalDataIn(serialize(plainHistory), personal)).toEqual(personal);

    const leaks = Array.from(rawHistories, ([id, history]) => personalDataIn(serialize(history), personal).map((hit) => `${id}: ${hit}`)).flat();

    expect(leaks).toEqual([]);
    expect(personalDataIn(serialize(rawHistories.get(handle.workflowId)), [input.config.name, input.startedBy])).toEqual([]);
  });

  it('when an activity attempt failed, then its message and stack are encoded in the raw history and readable through the codec', async () => {
    const failures = Array.from(rawHistories, ([id, history]) => collect(history, id)).flatMap((f) => f.failures);
    const injected = failures.filter((f) => f.failure.applicationFailureInfo?.type === FAILURE_TYPES.injectedFault);

    expect(injected.length).toBeGreaterThan(0);
    expect(failures.filter((f) => f.failure.message !== 'Encoded failure' || f.failure.stackTrace !== '').map((f) => f.path)).toEqual([]);
    expect(failures.every((f) => f.failure.encodedAttributes && isEncrypted(f.failure.encodedAttributes))).toBe(true);
    const [attributes] = await decodeWithClient([injected[0]?.failure.encodedAttributes as Payload]);
    expect(defaultPayloadConverter.fromPayload(attributes as Payload)).toMatchObject({ message: expect.stringContaining('injected fault at registerCampaign:afterWrite') });
  });

  it('when the same history is fetched through the codec client, then it decodes to the workflow input', async () => {
    const history = await h.client.workflow.getHandle(handle.workflowId).fetchHistory();
    const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;

    const decoded = await decodeWithClient(started?.input?.payloads ?? []);

    expect(decoded.map((p) => defaultPayloadConverter.fromPayload(p))).toEqual([input]);
    // And every other encrypted payload of the tree is readable with the same key ring.
    const all = Array.from(rawHistories, ([id, raw]) => collect(raw, id)).flatMap((f) => f.payloads.map((p) => p.payload)).filter(isEncrypted);
    expect((await decodeWithClient(all)).filter(isEncrypted)).toEqual([]);
  });

  it('when the search attributes of the campaign tree are listed, then they hold ids, phases, kinds and region codes only', async () => {
    const rules: Record<string, (value: unknown) => boolean> = {
      [SA_CAMPAIGN_ID.name]: (v) => v === input.campaignId,
      [SA_KIND.name]: (v) => (Object.values(WORKFLOW_KINDS) as unknown[]).includes(v),
      [SA_PHASE.name]: (v) => typeof v === 'string' && /^[a-z][a-z0-9_-]{0,31}$/.test(v),
      // Kecamatan (6 digits) and desa (10 digits) codes, with or without the dots of the Kemendagri notation.
      [SA_REGION.name]: (v) => typeof v === 'string' && /^(\d{2}\.?\d{2}\.?\d{2}(\.?\d{4})?)(,\d{2}\.?\d{2}\.?\d{2}(\.?\d{4})?)*$/.test(v),
      [SA_OFFICER_ID.name]: (v) => typeof v === 'string' && /^[A-Za-z0-9._-]{1,64}$/.test(v) && !/\d{16}/.test(v),
      // Set by patched(): the ids of workflows/patches.ts the run took.
      TemporalChangeVersion: (v) => Array.isArray(v) && v.every((id) => PATCH_IDS.includes(id)),
      // Set by the server: the worker build ids the workflow ran on.
      BuildIds: (v) => Array.isArray(v) && v.every((id) => typeof id === 'string' && /^[\w.:@/+-]{1,200}$/.test(id)),
    };
    const attributes: { workflowId: string; name: string; value: unknown }[] = [];
    for (const workflowId of rawHistories.keys()) {
      const description = await plain.workflow.getHandle(workflowId).describe();
      for (const { key, value } of description.typedSearchAttributes.getAll()) attributes.push({ workflowId, name: key.name, value });
    }

    expect(attributes.filter((a) => a.workflowId === handle.workflowId).map((a) => a.name)).toContain(SA_CAMPAIGN_ID.name);
    expect(attributes.filter((a) => !(rules[a.name]?.(a.value) ?? false))).toEqual([]);
    expect(personalDataIn({ bytes: Buffer.alloc(0), json: JSON.stringify(attributes) }, personal)).toEqual([]);
    // The Web UI lists by these attributes: the campaign is found by its id, with nothing else to show.
    const listed = await listByCampaign(input.campaignId);
    expect(listed).toContain(handle.workflowId);
  });
});

/** Polls until the campaign is past its checks (every P3KE row written) or has closed, whichever comes first. */
async function untilPastChecks(wf: WorkflowHandle<typeof campaignWorkflow>): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    const { status } = await wf.describe();
    if (status.name !== 'RUNNING') return;
    const { phase } = await wf.query(campaignProgressQuery);
    if (!EARLY_PHASES.includes(phase)) {
      // Let the first children start, so that their histories are read too.
      await waitFor(async () => (await wf.fetchHistory()).events?.some((e) => e.childWorkflowExecutionStartedEventAttributes) ?? false, 10_000);
      return;
    }
    await sleep(250);
  }
  throw new Error(`campaign ${wf.workflowId} did not get past its checks within 90 s`);
}

/** The raw history of a workflow and of every child it started, recursively, read without a codec. */
async function fetchWorkflowTree(client: Client, rootId: string): Promise<Map<string, temporal.api.history.v1.IHistory>> {
  const histories = new Map<string, temporal.api.history.v1.IHistory>();
  const queue = [rootId];
  while (queue.length > 0 && histories.size < MAX_WORKFLOWS) {
    const id = queue.shift() as string;
    if (histories.has(id)) continue;
    const history = await client.workflow.getHandle(id).fetchHistory();
    histories.set(id, history);
    for (const event of history.events ?? []) {
      const child = event.childWorkflowExecutionStartedEventAttributes?.workflowExecution?.workflowId;
      if (child) queue.push(child);
    }
  }
  return histories;
}

/** NIKs, names and addresses of the campaign's rows; names of one word are left out (they turn up in any base64). */
async function personalDataOf(campaignId: string): Promise<string[]> {
  const em = h.orm.em.fork();
  const people = await em.find(P3keIndividualSchema, { campaignId }, { limit: 100 });
  const families = await em.find(P3keFamilySchema, { campaignId }, { limit: 100 });
  const values = [
    ...people.flatMap((p) => [p.nik, p.nama]),
    ...families.flatMap((f) => [f.nik, f.kepala_keluarga, f.alamat]),
  ].filter((v) => /^\d{16}$/.test(v) || (v.includes(' ') && v.length >= 8));
  return [...new Set(values)];
}

interface Collected {
  payloads: { path: string; payload: Payload }[];
  failures: { path: string; failure: temporal.api.failure.v1.IFailure }[];
}

/**
 * Every Payload and Failure message in a decoded history, with where it sits. Found by shape: a Payload is the only
 * message with a `metadata` map of bytes, and failures sit in fields named `failure`, `lastFailure`, `cause`, ….
 */
function collect(node: unknown, path: string, out: Collected = { payloads: [], failures: [] }): Collected {
  if (node === null || typeof node !== 'object' || node instanceof Uint8Array) return out;
  if (isPayload(node)) {
    out.payloads.push({ path, payload: node });
    return out;
  }
  if (/(failure|\.cause)$/i.test(path) && !Array.isArray(node)) out.failures.push({ path, failure: node as temporal.api.failure.v1.IFailure });
  for (const [key, value] of Object.entries(node)) collect(value, `${path}.${key}`, out);
  return out;
}

function isPayload(node: object): node is Payload {
  const metadata = (node as { metadata?: unknown }).metadata;
  return typeof metadata === 'object' && metadata !== null && Object.values(metadata).every((v) => v instanceof Uint8Array);
}

interface Serialized {
  bytes: Buffer;
  json: string;
}

/** The history as protobuf bytes (what the server stores) and as proto3 JSON, bytes in base64 (what tools show). */
function serialize(history: temporal.api.history.v1.IHistory | undefined): Serialized {
  if (!history) throw new Error('no history');
  const bytes = Buffer.from(History.encode(history).finish());
  return { bytes, json: JSON.stringify(History.toObject(History.decode(bytes), { bytes: String, longs: String, enums: String })) };
}

/** The values found in the serialized history: as UTF-8 in the bytes or the JSON, or base64 at any alignment. */
function personalDataIn(haystack: Serialized, values: string[]): string[] {
  const text = haystack.bytes.toString('latin1');
  return values.filter((value) => {
    const needles = [Buffer.from(value, 'utf8').toString('latin1'), ...base64Needles(value)];
    return needles.some((n) => text.includes(n) || haystack.json.includes(n));
  });
}

/** The base64 text that `value` turns into wherever it starts in a byte string: the characters it alone decides. */
function base64Needles(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  return [0, 1, 2].map((offset) => {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    const start = offset === 0 ? 0 : 4;
    const end = Math.floor((offset + bytes.length) / 3) * 4;
    return encoded.slice(start, end);
  }).filter((needle) => needle.length >= 8);
}

function decodeWithClient(payloads: Payload[]): Promise<Payload[]> {
  const codecs = h.client.options.dataConverter.payloadCodecs ?? [];
  return codecs.reduceRight(async (acc, codec) => codec.decode(await acc), Promise.resolve(payloads));
}

async function listByCampaign(campaignId: string): Promise<string[]> {
  let ids: string[] = [];
  await waitFor(async () => {
    ids = [];
    for await (const wf of plain.workflow.list({ query: `${SA_CAMPAIGN_ID.name} = "${campaignId}"` })) ids.push(wf.workflowId);
    return ids.length > 0;
  }, 10_000);
  return ids;
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await sleep(200);
  }
  return false;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
