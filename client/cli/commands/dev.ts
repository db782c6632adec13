/** `verivali dev …`: the local stack for development (scripts/lib/local-stack.ts): PostgreSQL and a Temporal dev server. */
import { type Command } from 'commander';
import { loadEnv } from '../../../config/env';
import { temporalAddress } from '../../../config/temporal-connection';
import { ensurePostgres, ensureTemporal, stopRecordedDevServer } from '../../../scripts/lib/local-stack';
import { CODEC_PREFIX } from '../../api/routes/codec';
import { isListening } from '../../../scripts/lib/ports';
import { SetupError } from '../../../scripts/lib/setup-error';
import { connectionFrom } from '../api-client';
import { CliError, writeJson, writeLine, writeTable } from '../io';
import { type CliContext } from '../context';

const EMBEDDED_POSTGRES_PORT = 54329;

async function asCliError<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof SetupError) throw new CliError(`${err.message} ${err.hint}`);
    throw err;
  }
}

const portOf = (url: string, fallback: number): number => {
  try {
    const port = new URL(url).port;
    return port ? Number(port) : fallback;
  } catch {
    return fallback;
  }
};

export function registerDevCommands(program: Command, ctx: CliContext): void {
  const dev = program.command('dev').description('the local development stack');

  dev
    .command('up')
    .description('PostgreSQL (migrated) and a Temporal dev server: reuses what runs, starts what is missing')
    .action(async () => {
      const env = loadEnv(ctx.io.env);
      const log = (line: string): void => writeLine(ctx.io, line);
      const pg = await asCliError(() => ensurePostgres(env, log));
      // The Web UI decodes payloads through the API's codec endpoint, where the API will listen (API_PORT).
      const temporal = await asCliError(() => ensureTemporal(env, log, { detached: true, uiCodecEndpoint: `http://127.0.0.1:${env.API_PORT}${CODEC_PREFIX}` }));
      writeLine(ctx.io, `PostgreSQL: ${pg.databaseUrl.replace(/\/\/[^@/]*@/, '//…@')}`);
      writeLine(ctx.io, `Temporal:   ${temporal.address}${temporal.webUiUrl ? ` (Web UI ${temporal.webUiUrl})` : ''}`);
      writeLine(ctx.io, 'Stop the dev server with `verivali dev down`.');
      if (pg.started) {
        // The embedded PostgreSQL lives as long as this process: stay in the foreground until Ctrl-C.
        writeLine(ctx.io, `${pg.started.description} runs while this command does: export DATABASE_URL=${pg.databaseUrl} and press Ctrl-C to stop it.`);
        await new Promise<void>((resolve) => process.once('SIGINT', resolve));
        await pg.started.stop();
      }
    });

  dev
    .command('down')
    .description('stop the Temporal dev server that `dev up` (or the demo) started')
    .action(async () => {
      const stopped = await stopRecordedDevServer(loadEnv(ctx.io.env));
      writeLine(ctx.io, stopped ? 'Stopped the Temporal dev server.' : 'No dev server recorded as started by verivali: nothing to stop.');
    });

  dev
    .command('status')
    .description('what answers on which port')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      const env = loadEnv(ctx.io.env);
      const apiUrl = connectionFrom(program.opts<{ apiUrl?: string }>(), ctx.io).apiUrl;
      const temporalPort = portOf(`grpc://${temporalAddress(env)}`, env.TEMPORAL_DEV_PORT);
      const checks = [
        { service: 'PostgreSQL (DATABASE_URL)', port: portOf(env.DATABASE_URL, 5432) },
        { service: 'PostgreSQL (embedded)', port: EMBEDDED_POSTGRES_PORT },
        { service: 'Temporal frontend', port: temporalPort },
        { service: 'Temporal Web UI', port: env.TEMPORAL_DEV_UI_PORT },
        { service: 'Verivali API', port: portOf(apiUrl, 80) },
        { service: 'P3KE simulator', port: env.P3KE_SIM_PORT },
      ];
      const results = await Promise.all(checks.map(async (c) => ({ ...c, up: await isListening(c.port) })));
      if (o.json) return writeJson(ctx.io, results);
      writeTable(ctx.io, ['SERVICE', 'PORT', 'STATE'], results.map((r) => [r.service, String(r.port), r.up ? 'answers' : '-']));
    });
}
