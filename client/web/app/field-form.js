// The field-result form of one family, pre-filled from its P3KE record: the officer corrects what the visit found.
// Every input carries data-path (the API's name of the field), so the browser's and the server's messages land
// next to the field they are about.
import { h, fill } from '/web/dom.js';
import { stuntingFromMembers } from './validate.js';

const STUNTING_KEYS = ['pregnantWomen', 'childrenUnder2', 'childrenUnder5'];
let formSeq = 0;

/** `YYYY-MM-DDTHH:mm` of the device's local time, for a datetime-local input. */
export function localInputValue(ms) {
  const d = new Date(ms);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A datetime-local value as ISO with the device's offset (the date part stays the local visit date). */
export function withLocalOffset(value) {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return value;
  const local = new Date(value);
  if (Number.isNaN(local.getTime())) return value;
  const minutes = -local.getTimezoneOffset();
  const sign = minutes >= 0 ? '+' : '-';
  const abs = Math.abs(minutes);
  const pad = (n) => String(n).padStart(2, '0');
  return `${value.length === 16 ? `${value}:00` : value}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** `draft`: a result read from an earlier form of this family (after a language switch); else P3KE pre-fills. */
export function buildFieldForm({ family, rules, i18n, draft, onSubmit }) {
  const { t } = i18n;
  const uid = `ff${++formSeq}`;
  const errorSlots = new Map();

  /** An input with its label and its own error line (aria-describedby), keyed by the API path. */
  function field(path, labelText, control, extraClass = '') {
    const id = `${uid}-${path.replace(/[^A-Za-z0-9]/g, '-')}`;
    control.id = id;
    control.dataset.path = path;
    const error = h('p', { class: 'field-error', id: `${id}-error`, 'aria-live': 'polite' });
    control.setAttribute('aria-describedby', error.id);
    errorSlots.set(path, { error, control });
    return h('div', { class: `field ${extraClass}` }, h('label', { for: id }, labelText), control, error);
  }

  /** A group error line (members, housing…) for rules about the whole group. */
  function groupError(path) {
    const error = h('p', { class: 'field-error', 'aria-live': 'polite' });
    errorSlots.set(path, { error, control: null });
    return error;
  }

  const select = (list, label, selected) =>
    h('select', {}, list.map((code) => h('option', { value: code, selected: code === selected }, i18n.value(label, code))));

  // Outcome and visit time.
  const outcome = select(rules.outcomes, 'outcome', draft?.outcome ?? 'verified');
  const visitedAt = h('input', { type: 'datetime-local', required: true, value: draft ? draft.visitedAt.slice(0, 16) : localInputValue(Date.now()) });
  const nowButton = h('button', { type: 'button', class: 'small', onclick: () => { visitedAt.value = localInputValue(Date.now()); } }, t('form.now'));

  // GPS: typed, or taken from the device.
  const coordinate = (v) => (Number.isFinite(v) ? String(v) : null);
  const lat = h('input', { type: 'number', step: 'any', inputmode: 'decimal', required: true, value: coordinate(draft?.gps.lat) });
  const lon = h('input', { type: 'number', step: 'any', inputmode: 'decimal', required: true, value: coordinate(draft?.gps.lon) });
  const gpsStatus = h('span', { class: 'hint', role: 'status' });
  const locate = h('button', {
    type: 'button',
    class: 'small',
    onclick: () => {
      if (!navigator.geolocation) return fill(gpsStatus, t('form.gpsUnavailable'));
      fill(gpsStatus, t('form.gpsLocating'));
      navigator.geolocation.getCurrentPosition(
        (pos) => {
          lat.value = pos.coords.latitude.toFixed(6);
          lon.value = pos.coords.longitude.toFixed(6);
          fill(gpsStatus, t('form.gpsDone'));
        },
        () => fill(gpsStatus, t('form.gpsUnavailable')),
        { enableHighAccuracy: true, timeout: 15_000 },
      );
      return undefined;
    },
  }, t('form.useLocation'));

  // Members: one row each, pre-filled from P3KE (pregnancy is not in the officer's view of P3KE: asked anew).
  const memberRows = h('div', { class: 'members' });
  let memberCount = 0;
  function addMember(m = { nik: '', nama: '', hubungan_dengan_kepala_keluarga: 'anak', jenis_kelamin: 'L', tanggal_lahir: '' }) {
    const i = memberCount++;
    const p = `members[${i}]`;
    const row = h('fieldset', { class: 'member', dataset: { index: String(i) } },
      h('legend', {}, t('form.member', { n: i + 1 })),
      field(`${p}.nama`, t('field.nama'), h('input', { type: 'text', value: m.nama, autocomplete: 'off', maxlength: rules.limits.maxNameLength })),
      field(`${p}.nik`, t('field.nik'), h('input', { type: 'text', value: m.nik, inputmode: 'numeric', autocomplete: 'off', maxlength: 16 })),
      field(`${p}.hubungan_dengan_kepala_keluarga`, t('field.hubungan'), select(rules.relationships, 'hubungan', m.hubungan_dengan_kepala_keluarga)),
      field(`${p}.jenis_kelamin`, t('field.jenis_kelamin'), select(rules.sexes, 'jk', m.jenis_kelamin)),
      field(`${p}.tanggal_lahir`, t('field.tanggal_lahir'), h('input', { type: 'date', value: m.tanggal_lahir })),
      field(`${p}.hamil`, t('field.hamil'), h('input', { type: 'checkbox', checked: m.hamil === true }), 'check'),
      h('button', { type: 'button', class: 'small danger', onclick: () => { row.remove(); errorSlots.forEach((_, key) => key.startsWith(`${p}.`) && errorSlots.delete(key)); } }, t('form.removeMember')),
    );
    memberRows.append(row);
  }
  for (const m of draft?.members.length ? draft.members : family.members) addMember(m);
  const housing = draft?.housing ?? family.housing;

  // Housing: the P3KE columns under the same names and value lists.
  const housingFields = Object.entries(rules.housing).map(([name, list]) =>
    field(`housing.${name}`, t(`field.${name}`), select(list, name, housing[name])),
  );
  const simpanan = h('input', { type: 'checkbox', checked: housing.memiliki_simpanan === true });

  // Programmes asked in the field; P3KE only carries pkh and sembako/bpnt among them.
  const enrolled = draft?.programmes ?? { pkh: family.programmes.penerima_pkh === true, sembako_bpnt: family.programmes.penerima_sembako === true || family.programmes.penerima_bpnt === true };
  const programmeBoxes = rules.programmes.map((p) => field(`programmes.${p}`, i18n.value('programme', p), h('input', { type: 'checkbox', checked: enrolled[p] === true }), 'check'));

  // Stunting questions, suggested from the members at the visit date (the server checks they agree).
  const stuntingInputs = Object.fromEntries(STUNTING_KEYS.map((k) => [k, h('input', { type: 'number', min: 0, max: rules.limits.maxStuntingCount, step: 1, inputmode: 'numeric' })]));
  const recount = () => {
    const counted = stuntingFromMembers(readMembers(), withLocalOffset(visitedAt.value));
    for (const k of STUNTING_KEYS) stuntingInputs[k].value = String(counted[k]);
  };

  // Photos are references (upload ids or https URLs), never the image.
  const photoRows = h('div', { class: 'photos' });
  let photoCount = 0;
  function addPhoto(photo = { kind: 'house_front', ref: '' }) {
    const i = photoCount++;
    const p = `photos[${i}]`;
    const row = h('div', { class: 'photo-row' },
      field(`${p}.kind`, t('field.photoKind'), select(rules.photoKinds, 'photo', photo.kind)),
      field(`${p}.ref`, t('field.photoRef'), h('input', { type: 'text', autocomplete: 'off', maxlength: rules.limits.maxPhotoRefLength, value: photo.ref })),
      h('button', { type: 'button', class: 'small danger', onclick: () => row.remove() }, t('form.removePhoto')),
    );
    photoRows.append(row);
  }

  const note = h('textarea', { rows: 3, maxlength: rules.limits.maxNoteLength });
  const summary = h('div', { class: 'error-summary', role: 'alert', tabindex: '-1', hidden: true });
  const serverMessage = h('p', { class: 'server-message', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'primary' }, t('form.submit'));

  const householdParts = h('div', { class: 'household' },
    h('fieldset', {}, h('legend', {}, t('form.members')), groupError('members'), memberRows,
      h('button', { type: 'button', class: 'small', onclick: () => addMember() }, t('form.addMember'))),
    h('fieldset', {}, h('legend', {}, t('form.housing')), groupError('housing'), housingFields,
      field('housing.memiliki_simpanan', t('field.memiliki_simpanan'), simpanan, 'check')),
    h('fieldset', {}, h('legend', {}, t('form.programmes')), groupError('programmes'), programmeBoxes),
    h('fieldset', {}, h('legend', {}, t('form.stunting')), groupError('stunting'),
      STUNTING_KEYS.map((k) => field(`stunting.${k}`, t(`field.${k}`), stuntingInputs[k])),
      h('button', { type: 'button', class: 'small', onclick: recount }, t('form.recount'))),
  );
  const showHousehold = () => { householdParts.hidden = outcome.value !== 'verified'; };
  outcome.addEventListener('change', showHousehold);

  const form = h('form', { class: 'field-form', novalidate: true, 'aria-labelledby': `${uid}-title` },
    h('h3', { id: `${uid}-title` }, t('form.title')),
    summary,
    serverMessage,
    groupError('(root)'),
    field('outcome', t('field.outcome'), outcome),
    h('div', { class: 'row' }, field('visitedAt', t('field.visitedAt'), visitedAt), nowButton),
    h('fieldset', {}, h('legend', {}, t('form.gps')), h('div', { class: 'row' }, field('gps.lat', t('field.lat'), lat), field('gps.lon', t('field.lon'), lon)), locate, gpsStatus),
    householdParts,
    h('fieldset', {}, h('legend', {}, t('form.photos')), groupError('photos'), photoRows,
      h('button', { type: 'button', class: 'small', onclick: () => addPhoto() }, t('form.addPhoto'))),
    field('note', t('field.note'), note),
    submit,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    onSubmit(read());
  });
  showHousehold();
  if (draft?.stunting) for (const k of STUNTING_KEYS) stuntingInputs[k].value = Number.isFinite(draft.stunting[k]) ? String(draft.stunting[k]) : '';
  else recount();
  for (const photo of draft?.photos ?? []) addPhoto(photo);
  note.value = draft?.note ?? '';

  function readMembers() {
    return [...memberRows.querySelectorAll('fieldset.member')].map((row) => {
      const get = (name) => row.querySelector(`[data-path$=".${name}"]`);
      return {
        nik: get('nik').value.trim(),
        nama: get('nama').value,
        hubungan_dengan_kepala_keluarga: get('hubungan_dengan_kepala_keluarga').value,
        jenis_kelamin: get('jenis_kelamin').value,
        tanggal_lahir: get('tanggal_lahir').value,
        hamil: get('hamil').checked,
      };
    });
  }

  const numberOrNaN = (input) => (input.value.trim() === '' ? Number.NaN : Number(input.value));

  /** The field result as the API takes it. Rows keep their data-path, so paths follow the order on screen. */
  function read() {
    // Renumber member and photo paths to their order on screen: a removed row leaves no gap in the API's indexes.
    renumber(memberRows, 'fieldset.member', 'members');
    renumber(photoRows, '.photo-row', 'photos');
    const verified = outcome.value === 'verified';
    return {
      familyId: family.familyId,
      outcome: outcome.value,
      members: verified ? readMembers() : [],
      housing: verified
        ? { ...Object.fromEntries(Object.keys(rules.housing).map((name) => [name, form.querySelector(`[data-path="housing.${name}"]`).value])), memiliki_simpanan: simpanan.checked }
        : null,
      programmes: verified ? Object.fromEntries(rules.programmes.map((p) => [p, form.querySelector(`[data-path="programmes.${p}"]`).checked])) : null,
      stunting: verified ? Object.fromEntries(STUNTING_KEYS.map((k) => [k, numberOrNaN(stuntingInputs[k])])) : null,
      gps: { lat: numberOrNaN(lat), lon: numberOrNaN(lon) },
      photos: [...photoRows.querySelectorAll('.photo-row')].map((row) => ({
        kind: row.querySelector('[data-path$=".kind"]').value,
        ref: row.querySelector('[data-path$=".ref"]').value.trim(),
      })),
      note: note.value,
      visitedAt: withLocalOffset(visitedAt.value),
    };
  }

  function renumber(container, selector, list) {
    [...container.querySelectorAll(selector)].forEach((row, index) => {
      for (const el of row.querySelectorAll('[data-path]')) {
        const next = el.dataset.path.replace(new RegExp(`^${list}\\[\\d+\\]`), `${list}[${index}]`);
        if (next === el.dataset.path) continue;
        const slot = errorSlots.get(el.dataset.path);
        errorSlots.delete(el.dataset.path);
        el.dataset.path = next;
        if (slot) errorSlots.set(next, slot);
      }
    });
  }

  function clearProblems() {
    for (const { error, control } of errorSlots.values()) {
      error.textContent = '';
      control?.removeAttribute('aria-invalid');
    }
    fill(summary);
    summary.hidden = true;
    serverMessage.textContent = '';
  }

  /**
   * Shows problems next to their fields: [{ path, message }]. A path without a field of its own (members, or a
   * server path the form does not know) falls back to its group, then to the summary at the top.
   */
  function showProblems(problems, heading) {
    clearProblems();
    const items = [];
    for (const problem of problems) {
      let path = problem.path;
      while (path && !errorSlots.has(path)) path = path.includes('.') ? path.slice(0, path.lastIndexOf('.')) : path.includes('[') ? path.slice(0, path.lastIndexOf('[')) : '';
      const slot = errorSlots.get(path || '(root)');
      if (slot) {
        slot.error.textContent = slot.error.textContent ? `${slot.error.textContent} ${problem.message}` : problem.message;
        slot.control?.setAttribute('aria-invalid', 'true');
      }
      items.push(h('li', {}, `${problem.path}: ${problem.message}`));
    }
    fill(summary, h('p', {}, heading), h('ul', {}, items));
    summary.hidden = false;
    summary.focus();
  }

  return {
    element: form,
    read,
    clearProblems,
    showProblems,
    showServerMessage: (text) => { serverMessage.textContent = text; },
    setBusy: (busy) => { submit.disabled = busy; },
  };
}
