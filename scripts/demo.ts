/**
 * `npm run demo`: the tour. Starts whatever is missing (PostgreSQL database, Temporal dev server, P3KE simulator,
 * worker), imports the demo roster, runs a verification campaign on simulated P3KE data with simulated officers,
 * supervisors and a program manager, shows live progress, and prints the report. Without --exit it leaves the
 * stack running (Web UI, simulator, worker) until Ctrl-C.
 */
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import { MikroORM } from '@mikro-orm/postgresql';
import { loadEnv } from '../config/env';
import { temporalConnectionOptions } from '../config/temporal-connection';
import { ormConfig } from '../db/mikro-orm.config';
import { verivaliDataConverter } from '../client/codec/data-converter';
import { campaignProgressQuery, type CampaignReport } from '../domain/contracts/campaign';
import { campaignWorkflowId } from '../domain/contracts/workflow-ids';
import { loadIknArea } from '../domain/regions';
import { createP3keClient } from '../activities/p3ke/p3ke-client';
import { startP3keSimulator } from '../sim/p3ke-api/server';
import { demoRoster, demoUsers, upsertOfficers } from '../sim/field-actors/roster';
import { driveCampaign } from '../sim/field-actors/drive-campaign';
import { createVerivaliWorker } from '../workers/create-worker';
import { campaignWorkflow } from '../workflows';
import { parseDemoArgs } from './demo-args';
import { dataPath, ensurePostgres, ensureTemporal, type StackPiece } from './lib/local-stack';
import { freePort, isListening } from './lib/ports';
import { explainAndExit } from './lib/setup-error';
import { renderProgress, renderReport } from './lib/demo-output';

async function main(): Promise<void> {
  const args = parseDemoArgs(process.argv.slice(2));
  // The SDK logs every worker state change at INFO; the demo's own lines say what matters.
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const env = loadEnv();
  const say = (line: string): void => console.log(line);
  const started: StackPiece[] = [];
  const stopAll = async (): Promise<void> => {
    for (const piece of started.reverse()) await piece.stop().catch((err: unknown) => console.error(`could not stop ${piece.description}:`, err));
  };

  const pg = await ensurePostgres(env, say);
  if (pg.started) started.push(pg.started);
  const temporal = await ensureTemporal({ ...env }, say, { detached: !args.exit });
  if (temporal.started && args.exit) started.push(temporal.started);

  const orm = await MikroORM.init(ormConfig(pg.databaseUrl));
  started.push({ description: 'database connections', stop: () => orm.close() });
  const officers = demoRoster(loadIknArea());
  await upsertOfficers(orm, officers);
  say(`Roster: ${officers.length} officers over the IKN area`);

  let p3keUrl = env.P3KE_API_URL;
  if (!p3keUrl) {
    const port = (await isListening(env.P3KE_SIM_PORT)) ? await freePort() : env.P3KE_SIM_PORT;
    const sim = await startP3keSimulator({ token: env.P3KE_API_TOKEN, families: args.families, seed: args.seed, port });
    started.push({ description: 'P3KE simulator', stop: () => sim.close() });
    p3keUrl = sim.url;
    say(`P3KE simulator: ${sim.url} (${args.families} families)`);
  }

  const dataConverter = verivaliDataConverter(env);
  const nativeConnection = await NativeConnection.connect(temporalConnectionOptions(env));
  say('Starting the worker (bundling workflows)…');
  const worker: Worker = await createVerivaliWorker({
    connection: nativeConnection,
    namespace: env.TEMPORAL_NAMESPACE,
    taskQueue: env.TEMPORAL_TASK_QUEUE,
    deps: { orm, p3ke: createP3keClient({ baseUrl: p3keUrl, token: env.P3KE_API_TOKEN, timeoutMs: env.P3KE_API_TIMEOUT_MS }), dataDir: env.VERIVALI_DATA_DIR },
    dataConverter,
  });
  const workerRun = worker.run();
  started.push({ description: 'worker', stop: async () => { worker.shutdown(); await workerRun; await nativeConnection.close(); } });

  const connection = await Connection.connect(temporalConnectionOptions(env));
  started.push({ description: 'client connection', stop: () => connection.close() });
  const client = new Client({ connection, namespace: env.TEMPORAL_NAMESPACE, dataConverter });

  const campaignId = `demo-${new Date().toISOString().slice(0, 19).replace(/[-:T]/g, '').toLowerCase()}-${randomUUID().slice(0, 4)}`;
  const handle = await client.workflow.start(campaignWorkflow, {
    taskQueue: env.TEMPORAL_TASK_QUEUE,
    workflowId: campaignWorkflowId(campaignId),
    args: [
      {
        campaignId,
        startedBy: demoUsers().starter.id,
        config: {
          name: `Verivali IKN demo ${campaignId}`,
          regionCodes: loadIknArea().kecamatan.map((k) => k.code),
          desilMin: 1,
          desilMax: 10,
          ingestPageSize: 1000,
          // Demo pace: deadlines and escalation timers in seconds, so every timer path can be watched.
          timers: { packageDeadlineSeconds: 300, reminderEverySeconds: 10, escalationTimeoutSeconds: 20, approvalDeadlineSeconds: 180 },
          escalationThreshold: { maxSeverityAtLeast: 4, severitySumAtLeast: 6 },
          maxReassignments: 1,
          maxRevisitRounds: 1,
          budgetRupiah: Math.round(args.families * 3_000_000),
          maxFamiliesPerPackage: 50,
        },
      },
    ],
  });
  say(`Campaign ${campaignId} started${temporal.webUiUrl ? `: ${temporal.webUiUrl}/namespaces/${env.TEMPORAL_NAMESPACE}/workflows/${encodeURIComponent(handle.workflowId)}` : ''}`);

  const people = driveCampaign({ client, orm, campaignId, seed: args.seed });
  const ticker = setInterval(() => {
    handle.query(campaignProgressQuery).then((p) => renderProgress(p), () => undefined);
  }, 1000);
  let report: CampaignReport | null = null;
  try {
    report = await handle.result();
  } finally {
    clearInterval(ticker);
    await people.catch((err: unknown) => console.error('simulated people stopped:', err instanceof Error ? err.message : err));
  }
  renderReport(report);
  if (!args.exit) {
    say('');
    say('The stack keeps running (Ctrl-C stops the worker and the simulator; the Temporal dev server stays up):');
    if (temporal.webUiUrl) say(`  Temporal Web UI  ${temporal.webUiUrl}`);
    say(`  P3KE simulator   ${p3keUrl}`);
    say(`  Feedback files   ${dataPath(env, 'feedback', campaignId)}`);
  }
  if (args.exit) {
    await stopAll();
    // The report is the last line of stdout, after everything that stopping printed.
    if (args.json) console.log(JSON.stringify(report));
    process.exit(report.status === 'completed' ? 0 : 1);
  }
  if (args.json) console.log(JSON.stringify(report));
  process.once('SIGINT', () => void stopAll().then(() => process.exit(0)));
}

main().catch(explainAndExit);
