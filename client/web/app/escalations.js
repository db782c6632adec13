// A supervisor's queue: the open escalation cases of their area, each with its decision form. The decision id is
// chosen here, so a decision resent after a dropped connection is applied once.
import { ApiError } from '/web/api.js';
import { h, fill, newRequestId } from '/web/dom.js';

const DECISIONS = ['accept_field', 'keep_p3ke', 'revisit'];
const REASON = { min: 3, max: 1000 };

export function renderCases(container, cases, { api, i18n, onDecided, onError }) {
  const { t, value } = i18n;
  if (cases.length === 0) return fill(container, h('li', { class: 'empty' }, t('cases.empty')));
  return fill(container, cases.map((c) => {
    const key = `${c.campaignId}-${c.familyId}`.replace(/[^A-Za-z0-9-]/g, '-');
    const error = h('p', { class: 'field-error', role: 'alert', id: `case-${key}-error` });
    const reason = h('textarea', { id: `case-${key}-reason`, rows: 2, maxlength: REASON.max, 'aria-describedby': error.id });
    const submit = h('button', { type: 'submit', class: 'primary' }, t('cases.decide'));
    const form = h('form', { novalidate: true },
      h('fieldset', {},
        h('legend', {}, t('cases.decision')),
        DECISIONS.map((d, i) => h('label', { class: 'choice' }, h('input', { type: 'radio', name: `decision-${key}`, value: d, checked: i === 0 }), value('decision', d))),
      ),
      h('label', { for: reason.id }, t('cases.reason')),
      reason,
      error,
      submit,
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const decision = form.querySelector(`input[name="decision-${key}"]:checked`).value;
      const text = reason.value.trim();
      if (text.length < REASON.min) {
        error.textContent = t('v.reasonTooShort', { min: REASON.min });
        reason.setAttribute('aria-invalid', 'true');
        reason.focus();
        return;
      }
      reason.removeAttribute('aria-invalid');
      error.textContent = '';
      submit.disabled = true;
      try {
        const answer = await api.post(c.path, { decision, reason: text, decisionId: newRequestId('decision') });
        onDecided(c, answer);
      } catch (err) {
        error.textContent = err instanceof ApiError ? t('form.serverRefused', { status: err.status, message: err.message }) : t('net.failed');
        onError(err);
      } finally {
        submit.disabled = false;
      }
    });
    return h('li', { class: 'card case', dataset: { familyId: c.familyId, campaignId: c.campaignId } },
      h('h3', {}, t('cases.family', { id: c.familyId })),
      h('dl', { class: 'pairs' },
        h('dt', {}, t('record.desa')), h('dd', {}, c.desaCode),
        h('dt', {}, t('cases.campaign')), h('dd', {}, c.campaignId),
        h('dt', {}, t('cases.mismatches')), h('dd', {}, c.mismatchTypes.map((m) => value('mismatch', m)).join(', ')),
        h('dt', {}, t('cases.severity')), h('dd', {}, String(c.severitySum)),
        h('dt', {}, t('cases.level')), h('dd', {}, value('role', c.level)),
        h('dt', {}, t('cases.opened')), h('dd', {}, new Date(c.openedAt).toLocaleString(i18n.lang === 'id' ? 'id-ID' : 'en-GB')),
      ),
      form,
    );
  }));
}
