/** `verivali officers import`: the field roster from CSV into PostgreSQL (an admin set-up task). */
import { basename } from 'node:path';
import { type Command } from 'commander';
import { upsertOfficers } from '../../../sim/field-actors/roster';
import { withOrm } from '../database';
import { CliError, writeLine } from '../io';
import { parseRosterCsv, ROSTER_COLUMNS, RosterCsvError } from '../officer-csv';
import { readTextFile, type CliContext } from '../context';

export function registerOfficerCommands(program: Command, ctx: CliContext): void {
  const officers = program.command('officers').description('the field roster (admin; writes PostgreSQL via DATABASE_URL)');

  officers
    .command('import <file.csv>')
    .description(`import or update officers from CSV (${ROSTER_COLUMNS.join(',')}; desa_coverage semicolon-separated); a bad row imports nothing`)
    .action(async (file: string) => {
      let roster;
      try {
        roster = parseRosterCsv(readTextFile(file), basename(file));
      } catch (err) {
        if (err instanceof RosterCsvError) throw new CliError(`${err.message}; nothing imported`);
        throw err;
      }
      const written = await withOrm(ctx.io, (orm) => upsertOfficers(orm, roster));
      writeLine(ctx.io, `Imported ${roster.length} officers from ${basename(file)} (${written} new or changed).`);
    });
}
