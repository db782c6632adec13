/** `verivali tasks …`: an officer's open packages, and submitting one field result. */
import { createHash } from 'node:crypto';
import { type Command } from 'commander';
import { z } from 'zod';
import { openPackage, packageStatusResponse, packageView, receiptResponse } from '../../api/schemas/packages';
import { segment } from '../api-client';
import { writeJson, writeLine, writeTable } from '../io';
import { apiFor, readTextFile, type CliContext } from '../context';
import { CliError } from '../io';

/**
 * The default submission id: a hash of the file's bytes, so running the same command again (after a timeout, say)
 * sends the same id and the API answers with the first receipt instead of recording a second version.
 */
export const submissionIdFor = (content: string): string => `cli-${createHash('sha256').update(content).digest('hex').slice(0, 40)}`;

export function registerTaskCommands(program: Command, ctx: CliContext): void {
  const tasks = program.command('tasks').description("an officer's work packages and field results");

  tasks
    .command('list')
    .description('your open packages with their counts (officer)')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      const { packages } = await apiFor(ctx).get('/me/packages', z.object({ packages: z.array(openPackage) }));
      if (o.json) return writeJson(ctx.io, packages);
      writeTable(ctx.io, ['PACKAGE', 'CAMPAIGN', 'DESA', 'STATUS', 'DEADLINE', 'SUBMITTED'],
        packages.map((p) => [p.packageId, p.campaignName ?? p.campaignId, p.desaCode, p.status, p.deadlineAt ?? '-', `${p.submitted}/${p.families}`]));
    });

  tasks
    .command('show <packageId>')
    .description("a package's families with the P3KE data the visit needs (officer; each read is audited)")
    .option('--json', 'print JSON (every field, members and housing included: the base for a result file)')
    .action(async (packageId: string, o: { json?: boolean }) => {
      const view = await apiFor(ctx).get(`/packages/${segment(packageId)}`, packageView);
      if (o.json) return writeJson(ctx.io, view);
      const p = view.package;
      writeLine(ctx.io, `Package ${p.packageId}: ${p.status}, desa ${p.desaCode}, deadline ${p.deadlineAt ?? '-'}, ${p.familyCount} families`);
      writeTable(ctx.io, ['FAMILY', 'STATUS', 'VERSION', 'PRIORITY', 'MEMBERS', 'HEAD', 'ADDRESS'],
        view.families.map((f) => [f.familyId, f.status, String(f.latestVersion), String(f.priority), String(f.members.length), f.kepalaKeluarga.nama, f.alamat]));
    });

  tasks
    .command('hand-in <packageId>')
    .description('hand in a package once every family has a result (officer)')
    .option('--hand-in-id <id>', 'idempotency id (8–128 characters), so a resent hand-in is applied once')
    .action(async (packageId: string, o: { handInId?: string }) => {
      const r = await apiFor(ctx).post(`/packages/${segment(packageId)}/hand-in`, packageStatusResponse, o.handInId ? { handInId: o.handInId } : {});
      writeLine(ctx.io, `Handed in ${r.packageId}: ${r.submitted}/${r.total} results.`);
    });

  tasks
    .command('submit <packageId>')
    .description('submit one field result for a family of the package (officer)')
    .requiredOption('--result <file.json>', 'the field result (as POST /packages/:id/results takes in "result")')
    .option('--submission-id <id>', 'idempotency id (default: a hash of the file, so a retried command is applied once)')
    .option('--json', 'print the receipt as JSON')
    .action(async (packageId: string, o: { result: string; submissionId?: string; json?: boolean }) => {
      const content = readTextFile(o.result);
      let result: unknown;
      try {
        result = JSON.parse(content) as unknown;
      } catch (err) {
        throw new CliError(`${o.result} is not valid JSON: ${(err as Error).message}`);
      }
      const submissionId = o.submissionId ?? submissionIdFor(content);
      const r = await apiFor(ctx).post(`/packages/${segment(packageId)}/results`, receiptResponse, { submissionId, result });
      if (o.json) return writeJson(ctx.io, r);
      const flags = r.receipt.mismatchTypes.length > 0 ? ` mismatches: ${r.receipt.mismatchTypes.join(', ')}${r.receipt.escalate ? ' (escalated)' : ''}` : '';
      writeLine(ctx.io, `Recorded family ${r.receipt.familyId} version ${r.receipt.version} in ${r.packageId} (submission ${r.submissionId}).${flags}`);
    });
}
