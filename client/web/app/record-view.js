// A family's P3KE record, read-only, shown beside the form: what the officer goes to check.
import { h } from '/web/dom.js';

export function renderRecord(family, i18n) {
  const { t, value } = i18n;
  const row = (label, text) => [h('dt', {}, label), h('dd', {}, text)];
  const head = family.kepalaKeluarga;
  const enrolled = Object.entries(family.programmes).filter(([, on]) => on).map(([flag]) => value('flag', flag));
  return h('section', { class: 'record', 'aria-labelledby': `record-${family.familyId}` },
    h('h3', { id: `record-${family.familyId}` }, t('record.title')),
    h('dl', { class: 'pairs' },
      row(t('record.familyId'), family.familyId),
      row(t('record.desa'), `${family.desaName} (${family.desaCode})`),
      row(t('record.alamat'), family.alamat),
      row(t('record.head'), head.nama),
      row(t('field.nik'), head.nik),
    ),
    h('h4', {}, t('form.members')),
    h('div', { class: 'table-scroll' },
      h('table', { class: 'members-table' },
        h('caption', { class: 'sr-only' }, t('form.members')),
        h('thead', {}, h('tr', {}, [t('field.nama'), t('field.nik'), t('field.hubungan'), t('field.jenis_kelamin'), t('field.tanggal_lahir')].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, family.members.map((m) =>
          h('tr', {}, h('td', {}, m.nama), h('td', {}, m.nik), h('td', {}, value('hubungan', m.hubungan_dengan_kepala_keluarga)), h('td', {}, value('jk', m.jenis_kelamin)), h('td', {}, m.tanggal_lahir)),
        )),
      ),
    ),
    h('h4', {}, t('form.housing')),
    h('dl', { class: 'pairs' },
      Object.entries(family.housing).map(([name, v]) => row(t(`field.${name}`), typeof v === 'boolean' ? t(v ? 'yes' : 'no') : value(name, v))),
    ),
    h('h4', {}, t('record.programmes')),
    h('p', {}, enrolled.length > 0 ? enrolled.join(', ') : t('record.noProgrammes')),
  );
}
