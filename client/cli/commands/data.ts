/**
 * `verivali data purge`: the retention purge (db/repositories/retention-repository.ts) for campaigns finished more
 * than RETENTION_DAYS ago. Writes PostgreSQL directly through DATABASE_URL, like `users`: it is an operator's job
 * (cron), not a person's request, and must work with the API down. `npm run purge` runs the same command.
 */
import { type Command } from 'commander';
import { loadEnv } from '../../../config/env';
import { purgeExpiredPersonalData, type PurgeReport } from '../../../db/repositories/retention-repository';
import { withOrm } from '../database';
import { CliError, writeJson, writeLine, writeTable } from '../io';
import { type CliContext } from '../context';

function positiveDays(value: string): number {
  const days = Number(value);
  if (!/^\d+$/.test(value) || days < 1) throw new CliError(`--retention-days must be a whole number of days, at least 1 (got "${value}")`);
  return days;
}

function writeReport(ctx: CliContext, report: PurgeReport): void {
  const verb = report.dryRun ? 'would be anonymised' : 'anonymised';
  writeLine(ctx.io, `Retention ${report.retentionDays} days: campaigns finished before ${report.cutoff}.${report.dryRun ? ' Dry run: nothing changed.' : ''}`);
  writeTable(
    ctx.io,
    ['CAMPAIGN', 'STATUS', 'FINISHED', 'ROWS', 'FILES'],
    report.campaigns.map((c) => [
      c.campaignId,
      c.status,
      c.completedAt,
      Object.entries(c.rows).filter(([, n]) => n > 0).map(([t, n]) => `${t}=${n}`).join(' ') || '-',
      c.files.join(',') || '-',
    ]),
  );
  writeLine(ctx.io, `${report.campaigns.length} campaign(s) ${verb}.`);
}

export function registerDataCommands(program: Command, ctx: CliContext): void {
  const data = program.command('data').description('personal data held (admin; PostgreSQL via DATABASE_URL)');

  data
    .command('purge')
    .description('anonymise the personal data of campaigns finished more than RETENTION_DAYS ago (keeps counts and the audit trail)')
    .option('--dry-run', 'list what would be anonymised; change nothing', false)
    .option('--retention-days <days>', 'override RETENTION_DAYS for this run', positiveDays)
    .option('--json', 'print JSON')
    .action(async (o: { dryRun: boolean; retentionDays?: number; json?: boolean }) => {
      const env = loadEnv(ctx.io.env);
      const report = await withOrm(ctx.io, (orm) =>
        purgeExpiredPersonalData(orm, {
          retentionDays: o.retentionDays ?? env.RETENTION_DAYS,
          dryRun: o.dryRun,
          actor: ctx.io.env.USER ?? 'admin-cli',
          dataDir: env.VERIVALI_DATA_DIR,
        }),
      );
      if (o.json) return writeJson(ctx.io, report);
      writeReport(ctx, report);
    });
}
