/** `verivali campaign …`: start, list, follow, cancel and read the report of verification campaigns. */
import { type Command } from 'commander';
import { z } from 'zod';
import { CAMPAIGN_PHASES } from '../../../domain/contracts/campaign';
import { campaignDetail, campaignSummary, cancelResponse, reportResponse, startCampaignResponse } from '../../api/schemas/campaigns';
import { segment } from '../api-client';
import { formatCounts, writeJson, writeLine, writeTable, type CliIo } from '../io';
import { apiFor, readJsonFile, type CliContext } from '../context';

export const WATCH_INTERVAL_MS = 2_000;
const BAR_WIDTH = 20;
/** The phases a running campaign walks through, in order: the progress bar is the position among them. */
const RUNNING_PHASES = CAMPAIGN_PHASES.slice(0, CAMPAIGN_PHASES.indexOf('completed'));

export function progressBar(phase: string, status: string): string {
  const done = status !== 'running' ? RUNNING_PHASES.length : Math.max(0, RUNNING_PHASES.indexOf(phase as (typeof RUNNING_PHASES)[number]));
  const filled = Math.round((done / RUNNING_PHASES.length) * BAR_WIDTH);
  return `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${Math.round((done / RUNNING_PHASES.length) * 100)}%`;
}

type Detail = z.infer<typeof campaignDetail>;

function statusLine(id: string, d: Detail): string {
  const phase = d.progress?.phase ?? d.campaign?.phase ?? 'unknown';
  const status = d.progress?.status ?? d.campaign?.status ?? 'unknown';
  const counts = d.progress?.counts ?? d.campaign?.counts ?? {};
  return `${id} ${status} ${phase.padEnd(10)} ${progressBar(phase, status)} ${formatCounts(counts)}`;
}

async function watch(ctx: CliContext, id: string, io: CliIo): Promise<void> {
  const api = apiFor(ctx);
  const sleep = io.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let last = '';
  for (;;) {
    const d = await api.get(`/campaigns/${segment(id)}`, campaignDetail);
    const line = statusLine(id, d);
    const running = (d.progress?.status ?? d.campaign?.status ?? 'running') === 'running';
    if (io.isTTY) io.stdout(`\r\x1b[K${line}${running ? '' : '\n'}`);
    else if (line !== last) writeLine(io, line);
    last = line;
    if (!running) return;
    await sleep(WATCH_INTERVAL_MS);
  }
}

export function registerCampaignCommands(program: Command, ctx: CliContext): void {
  const campaign = program.command('campaign').description('start, follow, cancel and report on verification campaigns');

  campaign
    .command('start')
    .description('start a campaign from a configuration file (program manager)')
    .requiredOption('--config <file.json>', 'the campaign configuration (name, regionCodes, desilMin, desilMax, …)')
    .option('--id <id>', 'the campaign id (generated when omitted)')
    .option('--json', 'print the API response as JSON')
    .action(async (o: { config: string; id?: string; json?: boolean }) => {
      const config = readJsonFile(o.config);
      const started = await apiFor(ctx).post('/campaigns', startCampaignResponse, { ...(o.id ? { id: o.id } : {}), config });
      if (o.json) writeJson(ctx.io, started);
      else writeLine(ctx.io, `Started campaign ${started.campaignId} (workflow ${started.workflowId}, by ${started.startedBy})`);
    });

  campaign
    .command('list')
    .description('campaigns, newest first')
    .option('--status <status>', 'running, completed, cancelled or failed')
    .option('--limit <n>', 'at most this many (default 100)')
    .option('--json', 'print JSON')
    .action(async (o: { status?: string; limit?: string; json?: boolean }) => {
      const query = new URLSearchParams({ ...(o.status ? { status: o.status } : {}), ...(o.limit ? { limit: o.limit } : {}) }).toString();
      const { campaigns } = await apiFor(ctx).get(`/campaigns${query ? `?${query}` : ''}`, z.object({ campaigns: z.array(campaignSummary) }));
      if (o.json) return writeJson(ctx.io, campaigns);
      writeTable(ctx.io, ['ID', 'NAME', 'STATUS', 'PHASE', 'REGIONS', 'CREATED', 'COUNTS'],
        campaigns.map((c) => [c.id, c.name, c.status, c.phase, c.regionCodes.join(','), c.createdAt, formatCounts(c.counts)]));
    });

  campaign
    .command('status <id>')
    .description('one campaign with its live progress')
    .option('--watch', `follow the progress (every ${WATCH_INTERVAL_MS / 1000} s) until the campaign is no longer running`)
    .option('--json', 'print JSON (not with --watch)')
    .action(async (id: string, o: { watch?: boolean; json?: boolean }) => {
      if (o.watch) return watch(ctx, id, ctx.io);
      const d = await apiFor(ctx).get(`/campaigns/${segment(id)}`, campaignDetail);
      if (o.json) return writeJson(ctx.io, d);
      writeLine(ctx.io, statusLine(id, d));
      if (d.progress?.detail) writeLine(ctx.io, d.progress.detail);
      if (d.progressUnavailable) writeLine(ctx.io, `(no live progress: ${d.progressUnavailable})`);
    });

  campaign
    .command('cancel <id>')
    .description('cancel a running campaign (program manager)')
    .action(async (id: string) => {
      const r = await apiFor(ctx).post(`/campaigns/${segment(id)}/cancel`, cancelResponse);
      writeLine(ctx.io, `Cancellation requested for ${r.campaignId}`);
    });

  campaign
    .command('report <id>')
    .description("the close-out report of a finished campaign")
    .option('--json', 'print the whole report as JSON')
    .action(async (id: string, o: { json?: boolean }) => {
      const r = await apiFor(ctx).get(`/campaigns/${segment(id)}/report`, reportResponse);
      if (o.json) return writeJson(ctx.io, r);
      writeLine(ctx.io, `${r.campaignId} ${r.status}`);
      writeLine(ctx.io, `counts: ${formatCounts(r.counts)}`);
      writeLine(ctx.io, `feedback files: ${r.feedbackFiles.join(', ') || '-'}`);
    });
}
