// Two languages, Bahasa Indonesia first. Markup names its text with data-i18n="key" (and data-i18n-placeholder,
// data-i18n-aria-label); code calls t('key', { n: 3 }). The choice is remembered in localStorage.

export const LANG_KEY = 'verivali.lang';
export const LANGS = ['id', 'en'];

export function createI18n(messages) {
  let lang = LANGS.includes(localStorage.getItem(LANG_KEY)) ? localStorage.getItem(LANG_KEY) : 'id';
  const listeners = [];

  /** The message, or the key itself when a language lacks it (visible in review, never a blank). */
  function t(key, params = {}) {
    const text = messages[lang][key] ?? messages.id[key] ?? key;
    return text.replace(/\{(\w+)\}/g, (_, name) => (params[name] === undefined ? `{${name}}` : String(params[name])));
  }

  /** A value from a value list (genteng, kepala_keluarga…): its label when the dictionary has one. */
  function value(list, code) {
    const key = `${list}.${code}`;
    return messages[lang][key] ?? messages.id[key] ?? String(code).replace(/_/g, ' ');
  }

  function apply(root = document) {
    document.documentElement.lang = lang;
    for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
    for (const el of root.querySelectorAll('[data-i18n-placeholder]')) el.setAttribute('placeholder', t(el.dataset.i18nPlaceholder));
    for (const el of root.querySelectorAll('[data-i18n-aria-label]')) el.setAttribute('aria-label', t(el.dataset.i18nAriaLabel));
  }

  function setLang(next) {
    if (!LANGS.includes(next)) return;
    lang = next;
    localStorage.setItem(LANG_KEY, next);
    apply();
    for (const fn of listeners) fn(lang);
  }

  return { t, value, apply, setLang, get lang() { return lang; }, onChange: (fn) => listeners.push(fn) };
}
