/**
 * The callers' process (bench/lib/caller-process.ts): runs one round at a time as the parent asks, and answers
 * with the latencies it measured. Payloads to Temporal are encrypted with the run's key ring
 * (VERIVALI_CODEC_KEYS_FILE, inherited), as the bench's own client does.
 */
import { Client, Connection } from '@temporalio/client';
import { verivaliDataConverter } from '../../client/codec/data-converter';
import { CALLER_READY, type CallerRound, type CallerTask, type HttpRoundTask, type UpdateRoundTask } from './caller-process';

async function httpRound(task: HttpRoundTask): Promise<CallerRound> {
  const latencies: number[] = [];
  let refused = 0;
  await Promise.all(
    task.officers.map(async (o) => {
      for (const body of o.bodies) {
        const t0 = performance.now();
        const res = await fetch(o.url, { method: 'POST', headers: { authorization: `Bearer ${o.token}`, 'content-type': 'application/json' }, body });
        await res.arrayBuffer();
        const ms = performance.now() - t0;
        if (res.status === 200) latencies.push(ms);
        else refused += 1;
      }
    }),
  );
  return { latencies, refused };
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
  const round = task.kind === 'http' ? httpRound(task) : updateRound(task);
  round.then(
    (r) => process.send?.({ round: r }),
    (err: unknown) => process.send?.({ error: err instanceof Error ? err.message : String(err) }),
  );
});
process.once('SIGTERM', () => {
  void Promise.all([...clients.values()].map((c) => c.connection.close())).finally(() => process.exit(0));
});
process.send?.(CALLER_READY);
