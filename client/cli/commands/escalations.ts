/** `verivali escalations …`: the escalation cases of the caller's area and their decisions. */
import { type Command, Option } from 'commander';
import { z } from 'zod';
import { CASE_DECISIONS } from '../../../domain/contracts/escalation-case';
import { caseDecisionResponse, caseView } from '../../api/schemas/escalations';
import { segment } from '../api-client';
import { writeJson, writeLine, writeTable } from '../io';
import { apiFor, type CliContext } from '../context';

export function registerEscalationCommands(program: Command, ctx: CliContext): void {
  const escalations = program.command('escalations').description('escalation cases (supervisor, program manager)');

  escalations
    .command('list')
    .description("cases in your area")
    .addOption(new Option('--status <status>', 'which cases').choices(['open', 'decided', 'all']).default('open'))
    .option('--campaign <id>', 'only this campaign')
    .option('--json', 'print JSON')
    .action(async (o: { status: string; campaign?: string; json?: boolean }) => {
      const query = new URLSearchParams({ status: o.status, ...(o.campaign ? { campaignId: o.campaign } : {}) }).toString();
      const { cases } = await apiFor(ctx).get(`/escalations?${query}`, z.object({ cases: z.array(caseView) }));
      if (o.json) return writeJson(ctx.io, cases);
      writeTable(ctx.io, ['CAMPAIGN', 'FAMILY', 'DESA', 'LEVEL', 'STATUS', 'MISMATCHES', 'DECISION'],
        cases.map((c) => [c.campaignId, c.familyId, c.desaCode, c.level, c.status, c.mismatchTypes.join(','), c.decision ?? '-']));
    });

  escalations
    .command('decide <campaignId> <familyId>')
    .description('decide a case')
    .addOption(new Option('--decision <decision>', 'the decision').choices([...CASE_DECISIONS]).makeOptionMandatory())
    .requiredOption('--reason <text>', 'why (at least 3 characters; recorded in the audit log)')
    .option('--decision-id <id>', 'idempotency id (8–128 characters), so a resent decision is applied once')
    .action(async (campaignId: string, familyId: string, o: { decision: string; reason: string; decisionId?: string }) => {
      const r = await apiFor(ctx).post(`/escalations/${segment(campaignId)}/${segment(familyId)}/decision`, caseDecisionResponse, {
        decision: o.decision,
        reason: o.reason,
        ...(o.decisionId ? { decisionId: o.decisionId } : {}),
      });
      writeLine(ctx.io, `Decided family ${r.familyId}: ${r.decision} (by ${r.decidedBy}, ${r.level})`);
    });
}
