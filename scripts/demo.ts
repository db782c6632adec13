/**
 * `npm run demo`: the tour. Starts whatever is missing (PostgreSQL database, Temporal dev server with the API's
 * codec endpoint, P3KE simulator, worker with its metrics endpoint, HTTP API), imports the demo roster, makes the
 * demo API users and prints their tokens, runs a verification campaign on simulated P3KE data with simulated
 * officers, supervisors and a program manager, shows live progress, and prints the report. Without --exit it
 * leaves everything running (Web UI, API with Swagger UI, officer page, dashboard, metrics) until Ctrl-C, and
 * prints where each is.
 */
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { MikroORM } from '@mikro-orm/postgresql';
import { loadEnv } from '../config/env';
import { temporalConnectionOptions } from '../config/temporal-connection';
import { ormConfig } from '../db/mikro-orm.config';
import { verivaliDataConverter } from '../client/codec/data-converter';
import { campaignProgressQuery, type CampaignReport } from '../domain/contracts/campaign';
import { campaignWorkflowId } from '../domain/contracts/workflow-ids';
import { loadIknArea } from '../domain/regions';
import { startP3keSimulator } from '../sim/p3ke-api/server';
import { demoRoster, demoUsers, upsertOfficers } from '../sim/field-actors/roster';
import { driveCampaign } from '../sim/field-actors/drive-campaign';
import { startApiServer } from '../client/api/main';
import { CODEC_PREFIX } from '../client/api/routes/codec';
import { availableMetricsAddress, installWorkerRuntime } from '../workers/runtime';
import { startWorker } from '../workers/run-worker';
import { campaignWorkflow } from '../workflows';
import { DemoUsageError, parseDemoArgs } from './demo-args';
import { dataPath, ensurePostgres, ensureTemporal, type StackPiece } from './lib/local-stack';
import { freePort, isListening } from './lib/ports';
import { explainAndExit } from './lib/setup-error';
import { renderDemoUsers, renderProgress, renderReport, renderTour } from './lib/demo-output';
import { ensureDemoUsers } from './lib/demo-users';

async function main(): Promise<void> {
  const args = parseDemoArgs(process.argv.slice(2));
  const env = loadEnv();
  // Before any Temporal connection (the Runtime is once per process). A worker already serving metrics on the
  // configured port (npm run worker) keeps it; the demo's worker takes a free one.
  const metricsAddress = env.WORKER_METRICS_ADDRESS === null ? null : await availableMetricsAddress(env.WORKER_METRICS_ADDRESS);
  // The SDK logs every worker state change at INFO; the demo's own lines say what matters.
  const runtime = await installWorkerRuntime({ metricsAddress, logLevel: 'WARN' });
  const say = (line: string): void => console.log(line);
  const started: StackPiece[] = [];
  let stopping: Promise<void> | undefined;
  const stopAll = (): Promise<void> =>
    (stopping ??= (async () => {
      for (const piece of started.reverse()) await piece.stop().catch((err: unknown) => console.error(`could not stop ${piece.description}:`, err));
    })());
  // Ctrl-C at any point stops what the demo started (the Runtime alone would stop only the worker and hang).
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stopAll().then(() => process.exit(args.exit ? 130 : 0)));

  // The API's port is chosen first: the dev server is told its codec endpoint when it starts.
  const apiPort = (await isListening(env.API_PORT)) ? await freePort() : env.API_PORT;
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const uiCodecEndpoint = `${apiUrl}${CODEC_PREFIX}`;

  const pg = await ensurePostgres(env, say);
  if (pg.started) started.push(pg.started);
  const temporal = await ensureTemporal({ ...env }, say, { detached: !args.exit, uiCodecEndpoint });
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
  say('Starting the worker (bundling workflows)…');
  const worker = await startWorker({ env, orm, p3keBaseUrl: p3keUrl, dataConverter });
  started.push({ description: 'worker', stop: () => worker.stop() });
  say(`Worker on task queue ${env.TEMPORAL_TASK_QUEUE}; metrics ${runtime.metricsUrl ?? 'off'}`);

  // The Web UI's origin may call the codec endpoint from the browser, whatever port the UI runs on.
  const uiOrigins = [`http://127.0.0.1:${env.TEMPORAL_DEV_UI_PORT}`, `http://localhost:${env.TEMPORAL_DEV_UI_PORT}`];
  const api = await startApiServer(
    { ...env, API_HOST: '127.0.0.1', API_PORT: apiPort, API_CODEC_CORS_ORIGINS: [...new Set([...env.API_CODEC_CORS_ORIGINS, ...uiOrigins])] },
    { orm, logger: { level: 'warn' } },
  );
  started.push({ description: 'HTTP API', stop: () => api.close() });
  const users = await ensureDemoUsers(orm, officers);
  say(`HTTP API: ${apiUrl} (Swagger UI ${apiUrl}/docs)`);
  renderDemoUsers(users, apiUrl);
  say('');

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
  if (args.exit) {
    await stopAll();
    // The report is the last line of stdout, after everything that stopping printed.
    if (args.json) console.log(JSON.stringify(report));
    process.exit(report.status === 'completed' ? 0 : 1);
  }
  renderTour(
    {
      webUiUrl: temporal.webUiUrl,
      uiCodecEndpoint: temporal.started ? uiCodecEndpoint : null,
      apiUrl,
      workerMetricsUrl: runtime.metricsUrl,
      feedbackDir: dataPath(env, 'feedback', campaignId),
      p3keUrl,
    },
    users,
  );
  if (args.json) console.log(JSON.stringify(report));
}

main().catch((err: unknown) => {
  if (err instanceof DemoUsageError) {
    (err.help ? console.log : console.error)(err.message);
    process.exit(err.help ? 0 : 2);
  }
  explainAndExit(err);
});
