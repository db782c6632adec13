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

export interface TourAddresses {
  webUiUrl: string | null;
  /** The codec endpoint the dev server was started with; null when the demo reused a running server or a cluster. */
  uiCodecEndpoint: string | null;
  apiUrl: string;
  workerMetricsUrl: string | null;
  feedbackDir: string;
  p3keUrl: string;
}

export interface TourUser {
  id: string;
  role: string;
  purpose: string;
  token: string;
}

/** The demo users and their tokens, with how to use one from the shell. */
export function renderDemoUsers(users: readonly TourUser[], apiUrl: string): void {
  console.log('\nDemo users (fresh tokens on every run; the previous ones stop working):');
  for (const u of users) console.log(`  ${u.role.padEnd(16)} ${u.id.padEnd(22)} ${u.token}  ${u.purpose}`);
  const officer = users.find((u) => u.role === 'officer');
  if (officer) console.log(`  e.g.  VERIVALI_API_URL=${apiUrl} VERIVALI_TOKEN=${officer.token} npx verivali tasks list`);
}

/** What stays running, where, and how the admin sees decoded payloads in the Web UI. */
export function renderTour(a: TourAddresses, users: readonly TourUser[]): void {
  const rows: [string, string | null][] = [
    ['Temporal Web UI', a.webUiUrl],
    ['HTTP API', a.apiUrl],
    ['Swagger UI', `${a.apiUrl}/docs`],
    ['officer page', `${a.apiUrl}/app/`],
    ['dashboard', `${a.apiUrl}/dashboard/`],
    ['worker metrics', a.workerMetricsUrl ?? 'off (WORKER_METRICS_ADDRESS is empty)'],
    ['API metrics', `${a.apiUrl}/metrics`],
    ['P3KE simulator', a.p3keUrl],
    ['feedback files', a.feedbackDir],
  ];
  console.log('\nThe stack keeps running; Ctrl-C stops what the demo started (the Temporal dev server stays up):');
  for (const [k, v] of rows) if (v !== null) console.log(`  ${k.padEnd(16)} ${v}`);
  renderDemoUsers(users, a.apiUrl);
  const admin = users.find((u) => u.role === 'admin');
  if (a.webUiUrl && admin) {
    console.log('\nDecoded payloads in the Web UI (admins only):');
    console.log(`  1. open ${a.apiUrl}/codec/login and paste the admin token (${admin.id}); the browser gets a codec session cookie`);
    if (a.uiCodecEndpoint) {
      console.log(`  2. open ${a.webUiUrl} (127.0.0.1, not localhost: the cookie belongs to that host name), the codec endpoint`);
      console.log(`     is already ${a.uiCodecEndpoint}; in its settings (Codec Server) turn on "Include cross-origin credentials"`);
    } else {
      console.log(`  2. open ${a.webUiUrl}; this dev server was already running, so set its codec endpoint (Codec Server settings)`);
      console.log(`     to ${a.apiUrl}/codec and turn on "Include cross-origin credentials"`);
    }
  }
}
