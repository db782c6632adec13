/**
 * The callers' process (bench/lib/caller-process.ts): runs one round at a time as the parent asks, and answers
 * with the latencies it measured. Payloads to Temporal are encrypted with the run's key ring
 * (VERIVALI_CODEC_KEYS_FILE, inherited), as the bench's own client does.
 */
import { Agent, request } from 'node:http';
import { Client, Connection } from '@temporalio/client';
import { verivaliDataConverter } from '../../client/codec/data-converter';
import { CALLER_READY, type CallerRound, type CallerTask, type HttpOpenTask, type HttpRoundTask, type UpdateRoundTask } from './caller-process';

/**
 * One keep-alive connection per officer, as a phone keeps its own. Node's own HTTP client rather than fetch: the
 * callers share the machine's two cores with the service, and fetch (undici) cost about 1 ms more CPU a request
 * than a gRPC Update call does on the no-op side, load that is neither side's service.
 */
const agent = new Agent({ keepAlive: true, maxSockets: 64 });

function send(url: string, token: string, method: 'GET' | 'POST', body?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { authorization: `Bearer ${token}` };
    if (body !== undefined) Object.assign(headers, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    const req = request(url, { method, agent, headers }, (res) => {
      res.on('data', () => undefined);
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function httpRound(task: HttpRoundTask): Promise<CallerRound> {
  const latencies: number[] = [];
  let refused = 0;
  await Promise.all(
    task.officers.map(async (o) => {
      for (const body of o.bodies) {
        const t0 = performance.now();
        const status = await send(o.url, o.token, 'POST', body);
        const ms = performance.now() - t0;
        if (status === 200) latencies.push(ms);
        else refused += 1;
      }
    }),
  );
  return { latencies, refused };
}

async function httpOpen(task: HttpOpenTask): Promise<CallerRound> {
  const statuses = await Promise.all(task.officers.map((o) => send(o.url, o.token, 'GET')));
  return { latencies: [], refused: statuses.filter((s) => s !== 200).length };
}

/** One connection per address for the life of the process, as a service keeps its client. */
const clients = new Map<string, Client>();
async function clientFor(address: string, namespace: string): Promise<Client> {
  const key = `${address}/${namespace}`;
  const known = clients.get(key);
  if (known) return known;
  const client = new Client({ connection: await Connection.connect({ address }), namespace, dataConverter: verivaliDataConverter() });
  clients.set(key, client);
  return client;
}

async function updateRound(task: UpdateRoundTask): Promise<CallerRound> {
  const client = await clientFor(task.temporalAddress, task.namespace);
  const latencies: number[] = [];
  await Promise.all(
    task.workflowIds.map(async (id) => {
      const handle = client.workflow.getHandle(id);
      for (let i = 0; i < task.perClient; i += 1) {
        const t0 = performance.now();
        await handle.executeUpdate(task.updateName, { args: [i] });
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return { latencies, refused: 0 };
}

process.on('message', (task: CallerTask) => {
  const round = task.kind === 'http' ? httpRound(task) : task.kind === 'http-open' ? httpOpen(task) : updateRound(task);
  round.then(
    (r) => process.send?.({ round: r }),
    (err: unknown) => process.send?.({ error: err instanceof Error ? err.message : String(err) }),
  );
});
process.once('SIGTERM', () => {
  void Promise.all([...clients.values()].map((c) => c.connection.close())).finally(() => process.exit(0));
});
process.send?.(CALLER_READY);
