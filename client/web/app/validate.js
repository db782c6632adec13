// The browser's copy of the field-result rules (domain/field-result.schema.ts and field-result-checks.ts), so an
// officer sees a mistake before sending. The numbers and value lists come from /web/field-rules.js, generated from
// the domain modules; the server checks everything again and its answer wins.
// Each problem is { path, key, params }: `path` as the API names fields (members[0].nik), `key` an i18n message.

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const PHOTO_ID = /^[A-Za-z0-9][A-Za-z0-9._:/-]*$/;

const isLeap = (y) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const daysIn = (y, m) => (m === 2 ? (isLeap(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31);
const realDate = (y, m, d) => m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, m);

/** `YYYY-MM-DD`, or the date part of a date-time as written (the device's local date): { y, m, d } or null. */
export function parseDate(text) {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:$|T)/.exec(text ?? '');
  if (!match) return null;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return realDate(y, m, d) ? { y, m, d } : null;
}

/** Completed months from `a` to `b` (domain/iso-date.ts fullMonthsBetween). */
export function fullMonths(a, b) {
  const months = (b.y - a.y) * 12 + (b.m - a.m);
  if (months > 0 && b.d < a.d) return months - 1;
  if (months < 0 && b.d > a.d) return months + 1;
  return months;
}

/** The NIK's own structure (domain/nik.ts checkNik): the problems' codes, empty when it reads well. */
export function nikProblems(nik, referenceDate) {
  if (!/^\d{16}$/.test(nik)) return ['not_16_digits'];
  const problems = [];
  if (nik.slice(0, 2) === '00' || nik.slice(2, 4) === '00' || nik.slice(4, 6) === '00') problems.push('region_part_zero');
  const encodedDay = Number(nik.slice(6, 8));
  const month = Number(nik.slice(8, 10));
  const yy = Number(nik.slice(10, 12));
  let day = encodedDay;
  let sexKnown = true;
  if (encodedDay >= 41 && encodedDay <= 71) day = encodedDay - 40;
  else if (encodedDay < 1 || encodedDay > 31) {
    problems.push('day_out_of_range');
    sexKnown = false;
  }
  const monthOk = month >= 1 && month <= 12;
  if (!monthOk) problems.push('month_out_of_range');
  const ref = parseDate(referenceDate);
  if (sexKnown && monthOk && ref) {
    // The century rule of centuryYear(): 20YY unless that date is after the reference date.
    const after = 2000 + yy > ref.y || (2000 + yy === ref.y && (month > ref.m || (month === ref.m && day > ref.d)));
    if (!realDate(after ? 1900 + yy : 2000 + yy, month, day)) problems.push('not_a_calendar_date');
  }
  if (nik.slice(12) === '0000') problems.push('serial_zero');
  return problems;
}

export function isValidPhotoRef(ref) {
  if (ref.startsWith('data:')) return false;
  return ref.startsWith('https://') || (PHOTO_ID.test(ref) && !ref.includes('://'));
}

/** Members counted as the server counts them for the stunting questions, at the visit date. */
export function stuntingFromMembers(members, visitedAt) {
  const visit = parseDate(visitedAt);
  const ages = members.map((m) => parseDate(m.tanggal_lahir)).map((b) => (b && visit ? fullMonths(b, visit) : null));
  return {
    pregnantWomen: members.filter((m) => m.hamil).length,
    childrenUnder2: ages.filter((a) => a !== null && a >= 0 && a < 24).length,
    childrenUnder5: ages.filter((a) => a !== null && a >= 0 && a < 60).length,
  };
}

/** Every problem of a field result as the form built it; `nowMs` is the device's clock. */
export function validateResult(result, rules, nowMs) {
  const problems = [];
  const add = (path, key, params = {}) => problems.push({ path, key, params });
  const { limits, bounds } = rules;
  const oneOf = (value, list, path) => {
    if (!list.includes(value)) add(path, 'v.oneOf');
  };

  if (!result.familyId) add('familyId', 'v.required');
  oneOf(result.outcome, rules.outcomes, 'outcome');

  const visitOk = ISO_DATE_TIME.test(result.visitedAt) && parseDate(result.visitedAt) && !Number.isNaN(Date.parse(result.visitedAt));
  if (!visitOk) add('visitedAt', 'v.visitedAt');
  else if (Date.parse(result.visitedAt) > nowMs + rules.clockSkewMinutes * 60_000) add('visitedAt', 'v.visitedInFuture');
  const visitIso = visitOk ? result.visitedAt.slice(0, 10) : null;

  for (const axis of ['lat', 'lon']) {
    const v = result.gps[axis];
    const min = axis === 'lat' ? bounds.minLat : bounds.minLon;
    const max = axis === 'lat' ? bounds.maxLat : bounds.maxLon;
    if (typeof v !== 'number' || Number.isNaN(v)) add(`gps.${axis}`, 'v.number');
    else if (v < min || v > max) add(`gps.${axis}`, 'v.gpsBounds', { min, max });
  }

  if (result.members.length > limits.maxMembers) add('members', 'v.maxMembers', { max: limits.maxMembers });
  const seen = new Map();
  result.members.forEach((m, i) => {
    const p = `members[${i}]`;
    if (!/^\d{16}$/.test(m.nik)) add(`${p}.nik`, 'v.nik16');
    else {
      if (seen.has(m.nik)) add(`${p}.nik`, 'v.nikDuplicate', { other: seen.get(m.nik) + 1 });
      else seen.set(m.nik, i);
      if (visitIso) {
        const nik = nikProblems(m.nik, visitIso);
        if (nik.length > 0) add(`${p}.nik`, 'v.nikInvalid', { problems: nik.join(', ') });
      }
    }
    const nama = m.nama.trim();
    if (nama.length === 0) add(`${p}.nama`, 'v.required');
    else if (nama.length > limits.maxNameLength) add(`${p}.nama`, 'v.maxLength', { max: limits.maxNameLength });
    oneOf(m.hubungan_dengan_kepala_keluarga, rules.relationships, `${p}.hubungan_dengan_kepala_keluarga`);
    oneOf(m.jenis_kelamin, rules.sexes, `${p}.jenis_kelamin`);
    if (!ISO_DATE.test(m.tanggal_lahir) || !parseDate(m.tanggal_lahir)) add(`${p}.tanggal_lahir`, 'v.date');
    else if (visitIso && m.tanggal_lahir > visitIso) add(`${p}.tanggal_lahir`, 'v.bornAfterVisit');
    if (m.hamil && m.jenis_kelamin !== 'P') add(`${p}.hamil`, 'v.pregnantNotFemale');
  });

  if (result.outcome === 'verified') {
    if (result.members.length === 0) add('members', 'v.membersRequired');
    else {
      const heads = result.members.filter((m) => m.hubungan_dengan_kepala_keluarga === 'kepala_keluarga').length;
      if (heads !== 1) add('members', 'v.oneHead', { n: heads });
    }
    if (!result.housing) add('housing', 'v.required');
    if (!result.programmes) add('programmes', 'v.required');
    if (!result.stunting) add('stunting', 'v.required');
  }
  if (result.housing) {
    for (const [field, list] of Object.entries(rules.housing)) oneOf(result.housing[field], list, `housing.${field}`);
  }
  if (result.stunting) {
    const s = result.stunting;
    for (const key of ['pregnantWomen', 'childrenUnder2', 'childrenUnder5']) {
      if (!Number.isInteger(s[key]) || s[key] < 0 || s[key] > limits.maxStuntingCount) add(`stunting.${key}`, 'v.count', { max: limits.maxStuntingCount });
    }
    if (s.childrenUnder2 > s.childrenUnder5) add('stunting.childrenUnder2', 'v.under2AboveUnder5');
    if (visitIso && result.members.length > 0) {
      const counted = stuntingFromMembers(result.members, result.visitedAt);
      for (const key of ['pregnantWomen', 'childrenUnder2', 'childrenUnder5']) {
        if (Number.isInteger(s[key]) && s[key] !== counted[key]) add(`stunting.${key}`, 'v.countDiffers', { n: counted[key] });
      }
    }
  }

  if (result.photos.length > limits.maxPhotos) add('photos', 'v.maxPhotos', { max: limits.maxPhotos });
  result.photos.forEach((ph, i) => {
    oneOf(ph.kind, rules.photoKinds, `photos[${i}].kind`);
    if (!ph.ref || ph.ref.length > limits.maxPhotoRefLength || !isValidPhotoRef(ph.ref)) add(`photos[${i}].ref`, 'v.photoRef');
  });
  if (result.note.length > limits.maxNoteLength) add('note', 'v.maxLength', { max: limits.maxNoteLength });
  return problems;
}
