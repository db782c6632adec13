// The officer's part of the page: the inbox of open packages, one package's families with the hand-in, and one
// family's P3KE record beside the field form. Results that cannot be sent go to the outbox and are retried.
import { ApiError, NetworkError } from '/web/api.js';
import { h, fill, byId, newRequestId } from '/web/dom.js';
import { buildFieldForm } from './field-form.js';
import { renderRecord } from './record-view.js';
import { validateResult } from './validate.js';

/** A server issue path (body.result.members[0].nik) as the form names it (members[0].nik). */
const formPath = (path) => path.replace(/^body\.result\.?/, '').replace(/^body(\.|$)/, '') || '(root)';

export function createOfficerView({ api, i18n, rules, outbox, notify, onUnauthorized }) {
  const { t } = i18n;
  // Handed-in packages leave the inbox at once: the package projection closes them a moment after the workflow.
  const state = { packages: [], pkg: null, family: null, form: null, handedIn: new Set() };
  const show = (which) => {
    for (const id of ['inbox-view', 'package-view', 'family-view']) byId(id).hidden = id !== which;
    const heading = byId(which).querySelector('h2');
    heading?.setAttribute('tabindex', '-1');
    heading?.focus();
  };

  const queuedFamilies = () => new Set(outbox.list().filter((e) => e.state === 'waiting').map((e) => `${e.packageId}|${e.familyId}`));

  function failed(err) {
    if (err instanceof ApiError && err.status === 401) return onUnauthorized();
    return notify(err instanceof NetworkError ? t('net.failed') : t('form.serverRefused', { status: err.status, message: err.message }), 'error');
  }

  async function loadInbox() {
    try {
      state.packages = (await api.get('/me/packages')).packages.filter((p) => !state.handedIn.has(p.packageId));
    } catch (err) {
      failed(err);
    }
    renderInbox();
  }

  function renderInbox() {
    const list = byId('package-list');
    if (state.packages.length === 0) return fill(list, h('li', { class: 'empty' }, t('inbox.empty')));
    // Every card's button says the same words: its heading (aria-describedby) says which package it opens.
    return fill(list, state.packages.map((p, i) =>
      h('li', { class: 'card package', dataset: { packageId: p.packageId } },
        h('h3', { id: `package-${i}` }, t('inbox.package', { desa: p.desaCode, round: p.round })),
        h('p', {}, p.campaignName ?? p.campaignId),
        h('p', {}, t('inbox.progress', { submitted: p.submitted, families: p.families })),
        h('progress', { max: p.families, value: p.submitted, 'aria-label': t('inbox.progress', { submitted: p.submitted, families: p.families }) }),
        p.deadlineAt ? h('p', { class: 'hint' }, t('inbox.deadline', { at: new Date(p.deadlineAt).toLocaleString(i18n.lang === 'id' ? 'id-ID' : 'en-GB') })) : null,
        h('button', { type: 'button', class: 'primary', 'aria-describedby': `package-${i}`, onclick: () => openPackage(p.path) }, t('inbox.open')),
      ),
    ));
  }

  async function openPackage(path) {
    try {
      state.pkg = await api.get(path);
    } catch (err) {
      return failed(err);
    }
    renderPackage();
    return show('package-view');
  }

  function renderPackage() {
    const { package: pkg, families } = state.pkg;
    const queued = queuedFamilies();
    const statusOf = (f) => (queued.has(`${pkg.packageId}|${f.familyId}`) ? 'queued' : f.status);
    fill(byId('package-title'), t('package.title', { desa: pkg.desaCode, round: pkg.round }));
    fill(byId('family-list'), families.map((f, i) =>
      h('li', { class: `card family status-${statusOf(f)}`, dataset: { familyId: f.familyId } },
        h('h3', { id: `family-${i}` }, f.kepalaKeluarga.nama),
        h('p', {}, `${f.familyId} · ${f.alamat}`),
        h('p', { class: 'badge' }, t(`family.status.${statusOf(f)}`)),
        h('button', { type: 'button', 'aria-describedby': `family-${i}`, onclick: () => openFamily(f.familyId) }, t(f.status === 'submitted' ? 'family.correct' : 'family.open')),
      ),
    ));
    const complete = families.every((f) => f.status === 'submitted');
    const handIn = byId('hand-in');
    handIn.disabled = !complete;
    fill(byId('hand-in-hint'), complete ? t('package.readyToHandIn') : t('package.notComplete'));
  }

  function openFamily(familyId, draft) {
    const family = state.pkg.families.find((f) => f.familyId === familyId);
    state.family = family;
    state.form = buildFieldForm({ family, rules, i18n, draft, onSubmit: (result) => submit(result) });
    fill(byId('family-title'), t('family.title', { name: family.kepalaKeluarga.nama }));
    fill(byId('family-columns'), renderRecord(family, i18n), state.form.element);
    show('family-view');
  }

  function markSubmitted(packageId, familyId, receipt) {
    if (!state.pkg || state.pkg.package.packageId !== packageId) return;
    const family = state.pkg.families.find((f) => f.familyId === familyId);
    if (family) Object.assign(family, { status: 'submitted', latestVersion: receipt.version });
  }

  async function submit(result) {
    const form = state.form;
    const problems = validateResult(result, rules, Date.now());
    if (problems.length > 0) {
      form.showProblems(problems.map((p) => ({ path: p.path, message: t(p.key, p.params) })), t('form.fixBrowser'));
      return;
    }
    form.clearProblems();
    const pkg = state.pkg.package;
    const entry = { submissionId: newRequestId('web'), packageId: pkg.packageId, packagePath: pkg.path, familyId: result.familyId, result };
    const queue = () => {
      outbox.add(entry);
      notify(t('outbox.queuedOne', { name: state.family.kepalaKeluarga.nama }), 'warn');
      renderPackage();
      show('package-view');
    };
    if (!navigator.onLine) return queue();
    form.setBusy(true);
    try {
      const answer = await api.post(`${pkg.path}/results`, { submissionId: entry.submissionId, result });
      markSubmitted(pkg.packageId, result.familyId, answer.receipt);
      notify(t('form.sent', { name: state.family.kepalaKeluarga.nama, version: answer.receipt.version }), 'ok');
      renderPackage();
      return show('package-view');
    } catch (err) {
      if (err instanceof NetworkError || (err instanceof ApiError && err.status >= 500)) return queue();
      if (err.status === 401) return onUnauthorized();
      const issues = (err.issues ?? []).map((i) => ({ path: formPath(i.path), message: i.message }));
      if (issues.length > 0) form.showProblems(issues, t('form.fixServer'));
      form.showServerMessage(t('form.serverRefused', { status: err.status, message: err.message }));
      return undefined;
    } finally {
      form.setBusy(false);
    }
  }

  async function handIn() {
    const pkg = state.pkg.package;
    const error = byId('hand-in-error');
    error.textContent = '';
    try {
      const status = await api.post(`${pkg.path}/hand-in`, { handInId: newRequestId('hand-in') });
      notify(t('package.handedIn', { submitted: status.submitted, total: status.total }), 'ok');
      state.handedIn.add(pkg.packageId);
      state.pkg = null;
      await loadInbox();
      show('inbox-view');
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return onUnauthorized();
      error.textContent = err instanceof ApiError ? t('form.serverRefused', { status: err.status, message: err.message }) : t('net.failed');
    }
    return undefined;
  }

  byId('hand-in').addEventListener('click', () => void handIn());
  byId('back-to-inbox').addEventListener('click', () => { void loadInbox(); show('inbox-view'); });
  byId('back-to-package').addEventListener('click', () => { renderPackage(); show('package-view'); });

  return {
    async start() {
      await loadInbox();
      show('inbox-view');
    },
    /** A queued result reached the server. */
    sent(entry, receipt) {
      markSubmitted(entry.packageId, entry.familyId, receipt);
      if (!byId('package-view').hidden) renderPackage();
    },
    outboxChanged() {
      if (state.pkg && !byId('package-view').hidden) renderPackage();
    },
    /** The language changed: draw again, keeping what was typed into an open form. */
    redraw() {
      renderInbox();
      if (state.pkg) renderPackage();
      if (state.family && !byId('family-view').hidden) openFamily(state.family.familyId, state.form.read());
    },
  };
}
