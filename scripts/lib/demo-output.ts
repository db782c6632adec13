/** What the demo prints: a live progress line and the final report, readable in a terminal and in a log. */
import type { CampaignProgress, CampaignReport } from '../../domain/contracts/campaign';

let lastLine = '';

function bar(done: number, total: number, width = 24): string {
  const filled = total > 0 ? Math.min(width, Math.round((done / total) * width)) : 0;
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
}

export function renderProgress(p: CampaignProgress): void {
  const c = p.counts;
  const line =
    `${p.phase.padEnd(10)} ${bar(c.verified, c.assigned)} fetched ${c.fetched} stored ${c.stored} quarantined ${c.quarantined} ` +
    `flagged ${c.flagged} assigned ${c.assigned} verified ${c.verified} open ${p.openTasks} escalated ${c.escalated} waiting ${p.openEscalations} | ${p.detail}`;
  if (line === lastLine) return;
  lastLine = line;
  if (process.stdout.isTTY) process.stdout.write(`\r${line.slice(0, (process.stdout.columns ?? 160) - 1).padEnd(Math.min(160, (process.stdout.columns ?? 160) - 1))}`);
  else console.log(line);
}

export function renderReport(r: CampaignReport): void {
  if (process.stdout.isTTY) process.stdout.write('\n');
  const rows: [string, string][] = [
    ['campaign', r.campaignId],
    ['status', r.status],
    ['snapshot', r.snapshotId ?? '-'],
    ...Object.entries(r.counts).map(([k, v]): [string, string] => [k, String(v)]),
    ['plan', r.planStatus ?? '-'],
  ];
  console.log('\nCampaign report');
  for (const [k, v] of rows) console.log(`  ${k.padEnd(14)} ${v}`);
  const section = (title: string, entries: [string, string][]): void => {
    if (entries.length === 0) return;
    console.log(`\n${title}`);
    for (const [k, v] of entries) console.log(`  ${k.padEnd(30)} ${v}`);
  };
  section('Quarantined by reason', Object.entries(r.quarantineByReason).map(([k, v]) => [k, String(v)]));
  section('Pre-verification flags (families)', Object.entries(r.flagsByCode).map(([k, v]) => [k, String(v)]));
  section('Mismatches by type (families)', Object.entries(r.mismatchesByType).map(([k, v]) => [k, String(v)]));
  section(
    'Interventions by programme',
    Object.entries(r.interventionsByProgram).map(([k, v]) => [k, `${v.approved}/${v.items} approved, Rp ${v.approvedRupiah.toLocaleString('id-ID')} of Rp ${v.costRupiah.toLocaleString('id-ID')}`]),
  );
  section('Feedback files', r.feedbackFiles.map((f, i) => [String(i + 1), f]));
}
