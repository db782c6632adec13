// The program managers' dashboard: pick a campaign, follow its phase and field progress, and read the charts of
// mismatches, desil shift and interventions. It refreshes itself every few seconds while the tab is visible.
import { ApiError, NetworkError, createApi, forgetToken, readToken, saveToken } from '/web/api.js';
import { byId, fill, h } from '/web/dom.js';
import { createI18n } from '/web/i18n.js';
import { groupedBars, horizontalBars } from './charts.js';
import { messages } from './messages.js';

const REFRESH_MS = 5_000;

const i18n = createI18n(messages);
const { t } = i18n;
const api = createApi(readToken);
const state = { campaigns: [], selected: null, data: null, live: null, timer: null, loading: false };

const locale = () => (i18n.lang === 'id' ? 'id-ID' : 'en-GB');
const number = (v) => new Intl.NumberFormat(locale()).format(v);
const rupiah = (v) => new Intl.NumberFormat(locale(), { style: 'currency', currency: 'IDR', maximumFractionDigits: 0 }).format(v);

function showError(err) {
  const message =
    err instanceof NetworkError ? t('net.failed')
    : err instanceof ApiError && err.status === 401 ? t('signin.unknownToken')
    : err instanceof ApiError ? t('error.refused', { status: err.status, message: err.message })
    : String(err);
  fill(byId('dash-error'), message);
}

async function signIn(token) {
  saveToken(token);
  fill(byId('signin-error'));
  try {
    state.campaigns = (await api.get('/campaigns?limit=100')).campaigns;
  } catch (err) {
    forgetToken();
    showView(false);
    fill(byId('signin-error'), err instanceof ApiError && err.code === 'forbidden_role' ? t('signin.wrongRole', { message: err.message }) : err instanceof ApiError && err.status === 401 ? t('signin.unknownToken') : t('net.failed'));
    return;
  }
  showView(true);
  drawCampaignChoice();
  const fromHash = decodeURIComponent(location.hash.replace(/^#c=/, ''));
  const first = state.campaigns.find((c) => c.id === fromHash) ?? state.campaigns[0];
  if (first) await select(first.id);
}

function showView(signedIn) {
  byId('signin-view').hidden = signedIn;
  byId('dashboard-view').hidden = !signedIn;
  byId('sign-out').hidden = !signedIn;
}

function drawCampaignChoice() {
  const choice = byId('campaign');
  fill(choice, state.campaigns.map((c) => h('option', { value: c.id, selected: c.id === state.selected }, `${c.name} — ${c.id} (${i18n.value('status', c.status)})`)));
  fill(byId('no-campaigns'), state.campaigns.length === 0 ? t('campaign.none') : '');
}

async function select(id) {
  state.selected = id;
  state.data = null;
  history.replaceState(null, '', `#c=${encodeURIComponent(id)}`);
  byId('campaign').value = id;
  await refresh();
}

async function refresh() {
  if (!state.selected || state.loading) return;
  state.loading = true;
  const id = encodeURIComponent(state.selected);
  try {
    const [detail, data] = await Promise.all([api.get(`/campaigns/${id}`), api.get(`/campaigns/${id}/dashboard`)]);
    state.live = detail.progress;
    state.data = data;
    fill(byId('dash-error'));
    draw();
  } catch (err) {
    showError(err);
    if (err instanceof ApiError && err.status === 401) signOut();
  } finally {
    state.loading = false;
  }
}

function draw() {
  const d = state.data;
  if (!d) return;
  const phase = state.live?.phase ?? d.phase;
  const current = d.phases.indexOf(phase);
  fill(byId('campaign-title'), d.name);
  fill(byId('campaign-status'), t('campaign.status', { status: i18n.value('status', d.status), phase: i18n.value('phase', phase) }));
  fill(byId('campaign-detail'), state.live?.detail ?? '');
  fill(byId('phases'), d.phases.filter((p) => !['cancelled', 'failed'].includes(p) || p === phase).map((p, i) =>
    h('li', { class: i < current ? 'done' : p === phase ? 'current' : '', 'aria-current': p === phase ? 'step' : null, dataset: { phase: p } }, i18n.value('phase', p)),
  ));

  const p = d.progress;
  const bar = byId('field-progress');
  bar.max = Math.max(1, p.assigned);
  bar.value = p.visited;
  fill(byId('field-progress-label'), t('progress.field', { visited: number(p.visited), assigned: number(p.assigned), pct: p.assigned ? Math.round((100 * p.visited) / p.assigned) : 0 }));
  const stat = (key, value) => h('div', { dataset: { stat: key } }, h('dt', {}, t(`stat.${key}`)), h('dd', {}, number(value)));
  fill(byId('stats'),
    stat('families', p.families),
    stat('assigned', p.assigned),
    stat('visited', p.visited),
    stat('packagesOpen', p.packages.open ?? 0),
    stat('packagesClosed', p.packages.closed ?? 0),
    stat('casesOpen', p.cases.open ?? 0),
    stat('casesDecided', p.cases.decided ?? 0),
    stat('settled', d.desilShift.settledFamilies),
  );

  fill(byId('chart-mismatch-type'), horizontalBars({
    title: t('chart.byType'),
    empty: t('chart.empty'),
    items: d.mismatchesByType.map((m) => ({ key: m.type, label: i18n.value('mismatch', m.type), value: m.families })),
  }));
  fill(byId('chart-mismatch-desa'), horizontalBars({
    title: t('chart.byDesa'),
    empty: t('chart.empty'),
    items: d.mismatchesByDesa.map((m) => ({ key: m.desaCode, label: `${m.desaName} (${m.desaCode})`, value: m.families })),
  }));
  const s = d.desilShift;
  fill(byId('chart-desil'),
    h('p', {}, t('chart.desilSummary', { settled: number(s.settledFamilies), higher: number(s.higher), lower: number(s.lower), unchanged: number(s.unchanged) })),
    s.settledFamilies === 0 ? h('p', { class: 'hint' }, t('chart.emptyDesil')) : groupedBars({
      title: t('chart.desil'),
      categories: s.byDesil.map((b) => ({ key: String(b.desil), label: String(b.desil), before: b.before, after: b.after })),
      series: [
        { key: 'before', label: t('chart.before'), className: 'bar-before', swatch: 'before' },
        { key: 'after', label: t('chart.after'), className: 'bar-after', swatch: 'after' },
      ],
    }),
  );
  const plan = d.interventions;
  fill(byId('chart-interventions'),
    h('p', {}, plan.planStatus ? t('chart.planStatus', { status: i18n.value('plan', plan.planStatus) }) : t('chart.noPlan')),
    plan.programmes.length === 0 ? null : horizontalBars({
      title: t('chart.interventions'),
      empty: t('chart.empty'),
      items: plan.programmes.map((x) => ({ key: x.programme, label: i18n.value('programme', x.programme), value: x.families, note: `${number(x.items)} ${t('chart.items')}, ${rupiah(x.costRupiah)}` })),
    }),
  );
  fill(byId('updated'), t('updated', { at: new Date(d.generatedAt).toLocaleTimeString(locale()) }));
}

function signOut() {
  forgetToken();
  state.selected = null;
  state.data = null;
  showView(false);
  byId('token').value = '';
}

function drawLanguageToggle() {
  const other = i18n.lang === 'id' ? 'en' : 'id';
  byId('lang-toggle').setAttribute('lang', other);
  fill(byId('lang-toggle'), t(`lang.${other}`));
}

byId('signin-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const token = byId('token').value.trim();
  if (token) void signIn(token);
  else fill(byId('signin-error'), t('signin.tokenRequired'));
});
byId('campaign').addEventListener('change', (event) => void select(event.target.value));
byId('sign-out').addEventListener('click', signOut);
byId('lang-toggle').addEventListener('click', () => i18n.setLang(i18n.lang === 'id' ? 'en' : 'id'));
i18n.onChange(() => {
  drawLanguageToggle();
  drawCampaignChoice();
  draw();
});
setInterval(() => {
  if (document.visibilityState === 'visible' && readToken()) void refresh();
}, REFRESH_MS);

i18n.apply();
drawLanguageToggle();
showView(false);
const saved = readToken();
if (saved) void signIn(saved);
document.body.dataset.ready = 'true';
