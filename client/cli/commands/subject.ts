/**
 * `verivali subject export`: everything held about one NIK (data-subject access), through the API's admin route
 * POST /admin/subject-export, so the export is audited like any other read.
 *
 * The NIK is read from stdin by default (`echo 6409… | verivali subject export`, or typed at the prompt): a command
 * line argument lands in shell history and is visible to every user of the machine in `ps`. `--nik` is accepted
 * for scripts that already hold it in a safer place, but stdin is the documented way.
 */
import { type Command } from 'commander';
import { subjectExportResponse } from '../../api/schemas/subjects';
import { CliError, writeJson } from '../io';
import { apiFor, type CliContext } from '../context';

/** The first line of stdin (the whole of it when piped). */
export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

export function registerSubjectCommands(program: Command, ctx: CliContext, stdin: () => Promise<string> = readStdin): void {
  const subject = program.command('subject').description('data-subject access (admin)');

  subject
    .command('export')
    .description('print, as JSON, everything held about one NIK (read from stdin; audited)')
    .option('--nik <nik>', 'the NIK (discouraged: shell history and ps show it; pipe it on stdin instead)')
    .action(async (o: { nik?: string }) => {
      if (o.nik === undefined && process.stdin.isTTY && stdin === readStdin) ctx.io.stderr('NIK (16 digits), then Enter and Ctrl-D: ');
      const nik = (o.nik ?? (await stdin()).split(/\r?\n/)[0] ?? '').trim();
      if (!/^\d{16}$/.test(nik)) throw new CliError('a NIK is exactly 16 digits (give it on stdin)');
      writeJson(ctx.io, await apiFor(ctx).post('/admin/subject-export', subjectExportResponse, { nik }));
    });
}
