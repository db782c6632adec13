/** `verivali plan …`: a campaign's intervention plan and its four-eyes decision (program manager). */
import { type Command } from 'commander';
import { planDecisionResponse, planResponse } from '../../api/schemas/plans';
import { segment } from '../api-client';
import { writeJson, writeLine, writeTable, type CliIo } from '../io';
import { apiFor, type CliContext } from '../context';

const rupiah = (n: number): string => `Rp ${n.toLocaleString('en-US')}`;
const list = (value: string): string[] => value.split(',').map((v) => v.trim()).filter(Boolean);

async function decide(ctx: CliContext, campaignId: string, body: Record<string, unknown>, io: CliIo): Promise<void> {
  const r = await apiFor(ctx).post(`/campaigns/${segment(campaignId)}/plan/decision`, planDecisionResponse, body);
  writeLine(io, `Plan ${r.planId}: ${r.status} (${r.approvedItems} items, ${rupiah(r.approvedRupiah)})`);
}

export function registerPlanCommands(program: Command, ctx: CliContext): void {
  const plan = program.command('plan').description("a campaign's intervention plan (program manager; the starter may not decide)");

  plan
    .command('show <campaignId>')
    .description('the plan with totals by programme')
    .option('--json', 'print JSON (with totals by desa)')
    .action(async (campaignId: string, o: { json?: boolean }) => {
      const r = await apiFor(ctx).get(`/campaigns/${segment(campaignId)}/plan`, planResponse);
      if (o.json) return writeJson(ctx.io, r);
      const p = r.plan;
      writeLine(ctx.io, `Plan ${p.planId} for ${p.campaignId}: ${p.status} (proposed by ${p.proposedBy}; rules ${p.rulesVersion})`);
      writeLine(ctx.io, `budget ${rupiah(p.budgetRupiah)}, funded ${rupiah(p.fundedRupiah)}, deferred ${rupiah(p.deferredRupiah)}, approved ${rupiah(p.approvedRupiah)}`);
      writeTable(ctx.io, ['PROGRAMME', 'FAMILIES', 'ITEMS', 'COST', 'FUNDED'],
        r.byProgramme.map((b) => [b.programme, String(b.families), String(b.items), rupiah(b.costRupiah), rupiah(b.fundedRupiah)]));
    });

  plan
    .command('approve <campaignId>')
    .description('approve the plan, or with --programmes only those programmes')
    .option('--programmes <a,b>', 'approve only these programmes (approve_partial)', list)
    .requiredOption('--reason <text>', 'why (recorded in the audit log)')
    .action(async (campaignId: string, o: { programmes?: string[]; reason: string }) => {
      const body = o.programmes && o.programmes.length > 0 ? { decision: 'approve_partial', programmes: o.programmes, reason: o.reason } : { decision: 'approve', reason: o.reason };
      await decide(ctx, campaignId, body, ctx.io);
    });

  plan
    .command('reject <campaignId>')
    .description('reject the plan')
    .requiredOption('--reason <text>', 'why (at least 3 characters)')
    .action(async (campaignId: string, o: { reason: string }) => decide(ctx, campaignId, { decision: 'reject', reason: o.reason }, ctx.io));
}
