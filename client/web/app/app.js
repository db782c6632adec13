// The officers' and supervisors' page: sign in with a token, then the officer's packages or the supervisor's
// escalation queue, whichever the token's role may see. Everything goes through the JSON API; nothing here is
// trusted by the server.
import { ApiError, NetworkError, createApi, forgetToken, readToken, saveToken } from '/web/api.js';
import { byId, fill, h } from '/web/dom.js';
import rules from '/web/field-rules.js';
import { createI18n } from '/web/i18n.js';
import { renderCases } from './escalations.js';
import { messages } from './messages.js';
import { createOfficerView } from './officer.js';
import { createOutbox, ownerOf } from './outbox.js';

/** Queued results are retried on the browser's `online` event, and on this beat in case that event never comes. */
const RETRY_EVERY_MS = 5_000;

const i18n = createI18n(messages);
const { t } = i18n;
const api = createApi(readToken);
const session = { role: null, owner: null, cases: [], waitingForNetwork: false };
/** The role of this tab's token, kept beside it, so a reload without a network can still show the outbox. */
const ROLE_KEY = 'verivali.role';

function notify(text, kind = 'info') {
  const notice = byId('notice');
  notice.className = `notice ${kind}`;
  fill(notice, text);
}

const outbox = createOutbox({
  api,
  owner: () => session.owner,
  onSent: (entry, receipt) => {
    officer.sent(entry, receipt);
    notify(t('outbox.sent', { family: entry.familyId, version: receipt.version }), 'ok');
  },
  onChange: () => {
    renderOutbox();
    officer.outboxChanged();
  },
});
const officer = createOfficerView({ api, i18n, rules, outbox, notify, onUnauthorized: () => signOut(t('signin.expired')) });

function renderOutbox() {
  const entries = session.role === 'officer' ? outbox.list() : [];
  byId('outbox').hidden = entries.length === 0;
  fill(byId('outbox-count'), t('outbox.count', { n: entries.filter((e) => e.state === 'waiting').length }));
  fill(byId('outbox-list'), entries.map((e) =>
    h('li', { class: `outbox-entry ${e.state}`, dataset: { submissionId: e.submissionId, familyId: e.familyId } },
      h('span', { class: 'badge' }, t(`outbox.state.${e.state}`)),
      ` ${e.familyId} · ${new Date(e.queuedAt).toLocaleTimeString(i18n.lang === 'id' ? 'id-ID' : 'en-GB')}`,
      e.error ? h('p', { class: 'field-error' }, e.error) : null,
      e.state === 'rejected' ? h('button', { type: 'button', class: 'small danger', onclick: () => outbox.discard(e.submissionId) }, t('outbox.discard')) : null,
    ),
  ));
}

function renderConnection() {
  const online = navigator.onLine;
  const pill = byId('connection');
  pill.className = `pill ${online ? 'online' : 'offline'}`;
  fill(pill, t(online ? 'net.online' : 'net.offline'));
}

function showView(view) {
  byId('signin-view').hidden = view !== 'signin';
  byId('officer-view').hidden = view !== 'officer';
  byId('supervisor-view').hidden = view !== 'supervisor';
  byId('sign-out').hidden = view === 'signin';
  fill(byId('who'), session.role ? t(`role.${session.role}`) : '');
}

async function loadCases() {
  session.cases = (await api.get('/escalations?status=open&limit=200')).cases;
  drawCases();
}

function drawCases() {
  renderCases(byId('case-list'), session.cases, {
    api,
    i18n,
    onDecided: (c, answer) => {
      session.cases = session.cases.filter((x) => x !== c);
      drawCases();
      notify(t('cases.decided', { family: c.familyId, decision: i18n.value('decision', answer.decision) }), 'ok');
    },
    onError: (err) => {
      if (err instanceof ApiError && err.status === 401) signOut(t('signin.expired'));
    },
  });
}

/** Which part of the page this token may use: officers have packages, supervisors and managers a case queue. */
async function signIn(token) {
  const error = byId('signin-error');
  error.textContent = '';
  saveToken(token);
  session.owner = await ownerOf(token);
  session.waitingForNetwork = false;
  try {
    await api.get('/me/packages');
    session.role = 'officer';
  } catch (err) {
    if (err instanceof NetworkError && sessionStorage.getItem(ROLE_KEY)) return startOffline();
    if (!(err instanceof ApiError && err.code === 'forbidden_role')) return refuseSignIn(err);
    try {
      await api.get('/escalations?status=open&limit=1');
      session.role = 'supervisor';
    } catch (err2) {
      return refuseSignIn(err2);
    }
  }
  sessionStorage.setItem(ROLE_KEY, session.role);
  showView(session.role);
  if (session.role === 'officer') {
    renderOutbox();
    await officer.start();
    void outbox.flush();
  } else await loadCases();
  return undefined;
}

/** Opened again without a network (the service worker had the page): show what waits, sign in when back online. */
function startOffline() {
  session.role = sessionStorage.getItem(ROLE_KEY);
  session.waitingForNetwork = true;
  showView(session.role);
  if (session.role === 'officer') renderOutbox();
  notify(t('net.offlineStart'), 'warn');
}

function refuseSignIn(err) {
  forgetToken();
  sessionStorage.removeItem(ROLE_KEY);
  session.role = null;
  session.owner = null;
  showView('signin');
  const reason =
    err instanceof NetworkError ? t('net.failed')
    : err.status === 401 ? t('signin.unknownToken')
    : err.code === 'forbidden_role' ? t('signin.wrongRole')
    : t('form.serverRefused', { status: err.status, message: err.message });
  byId('signin-error').textContent = reason;
}

function signOut(message) {
  const waiting = outbox.list().filter((e) => e.state === 'waiting').length;
  // Queued results stay on the device for the next sign-in with the same token; say so before leaving.
  if (!message && waiting > 0 && !window.confirm(t('signout.pending', { n: waiting }))) return;
  forgetToken();
  sessionStorage.removeItem(ROLE_KEY);
  session.role = null;
  session.owner = null;
  showView('signin');
  if (message) byId('signin-error').textContent = message;
  byId('token').value = '';
  byId('token').focus();
}

function drawLanguageToggle() {
  const toggle = byId('lang-toggle');
  const other = i18n.lang === 'id' ? 'en' : 'id';
  toggle.setAttribute('lang', other);
  fill(toggle, t(`lang.${other}`));
}

byId('signin-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const token = byId('token').value.trim();
  if (!token) {
    byId('signin-error').textContent = t('signin.tokenRequired');
    return;
  }
  void signIn(token);
});
byId('sign-out').addEventListener('click', () => signOut());
byId('lang-toggle').addEventListener('click', () => i18n.setLang(i18n.lang === 'id' ? 'en' : 'id'));
byId('refresh-cases').addEventListener('click', () => void loadCases().catch(refuseSignIn));
i18n.onChange(() => {
  drawLanguageToggle();
  renderConnection();
  showView(session.role ?? 'signin');
  if (session.role === 'officer') {
    renderOutbox();
    officer.redraw();
  }
  if (session.role === 'supervisor') drawCases();
});
window.addEventListener('online', () => {
  renderConnection();
  if (session.waitingForNetwork && readToken()) void signIn(readToken());
  else void outbox.flush();
});
window.addEventListener('offline', renderConnection);
setInterval(() => {
  if (session.role === 'officer' && navigator.onLine && outbox.list().some((e) => e.state === 'waiting')) void outbox.flush();
}, RETRY_EVERY_MS);

// The page's files on the device, for a reload without a network (secure contexts only: https or 127.0.0.1).
if ('serviceWorker' in navigator) navigator.serviceWorker.register('/app/sw.js', { scope: '/app/' }).catch(() => undefined);

i18n.apply();
drawLanguageToggle();
renderConnection();
showView('signin');
const saved = readToken();
if (saved) void signIn(saved);
document.body.dataset.ready = 'true';
