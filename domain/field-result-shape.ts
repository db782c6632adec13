/**
 * A structural check of an untrusted field result without zod, for the package workflow's synchronous update
 * validator (workflow code keeps zod out of its sandbox). It answers "is this a FieldResult at all"; the rules
 * across fields are field-result-checks.ts. The API runs the full zod schema before this is ever reached.
 */
import type { FieldResult } from './field-result';
import { FIELD_RESULT_LIMITS, INDONESIA_BOUNDS, isValidPhotoRef } from './field-result-checks';
import {
  BAHAN_BAKAR_MEMASAK,
  FASILITAS_BAB,
  FIELD_PROGRAMMES,
  HUBUNGAN_KELUARGA,
  JENIS_ATAP,
  JENIS_DINDING,
  JENIS_KELAMIN,
  JENIS_LANTAI,
  KEPEMILIKAN_RUMAH,
  PHOTO_KINDS,
  SUMBER_AIR_MINUM,
  SUMBER_PENERANGAN,
  VISIT_OUTCOMES,
} from './p3ke/value-lists';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** Returns readable problems (paths and rules, never the values); empty when the shape is a FieldResult. */
export function fieldResultShapeProblems(input: unknown): string[] {
  const problems: string[] = [];
  const need = (ok: boolean, message: string): void => {
    if (!ok) problems.push(message);
  };
  const oneOf = (value: unknown, list: readonly string[], path: string): void =>
    need(typeof value === 'string' && list.includes(value), `${path} must be one of: ${list.join(', ')}`);
  const str = (value: unknown, path: string, max: number, min = 0): void =>
    need(typeof value === 'string' && value.length >= min && value.length <= max, `${path} must be text of ${min}–${max} characters`);

  if (!isObj(input)) return ['the field result must be an object'];
  str(input.familyId, 'familyId', FIELD_RESULT_LIMITS.maxIdLength, 1);
  oneOf(input.outcome, VISIT_OUTCOMES, 'outcome');
  str(input.note, 'note', FIELD_RESULT_LIMITS.maxNoteLength);
  need(typeof input.visitedAt === 'string' && ISO_DATE_TIME.test(input.visitedAt), 'visitedAt must be an ISO date-time with offset');

  if (!Array.isArray(input.members) || input.members.length > FIELD_RESULT_LIMITS.maxMembers) {
    problems.push(`members must be a list of at most ${FIELD_RESULT_LIMITS.maxMembers}`);
  } else {
    input.members.forEach((m: unknown, i) => {
      const p = `members[${i}]`;
      if (!isObj(m)) return problems.push(`${p} must be an object`);
      need(typeof m.nik === 'string' && /^\d{16}$/.test(m.nik), `${p}.nik must be 16 digits`);
      str(m.nama, `${p}.nama`, FIELD_RESULT_LIMITS.maxNameLength, 1);
      oneOf(m.hubungan_dengan_kepala_keluarga, HUBUNGAN_KELUARGA, `${p}.hubungan_dengan_kepala_keluarga`);
      oneOf(m.jenis_kelamin, JENIS_KELAMIN, `${p}.jenis_kelamin`);
      need(typeof m.tanggal_lahir === 'string' && ISO_DATE.test(m.tanggal_lahir), `${p}.tanggal_lahir must be YYYY-MM-DD`);
      need(typeof m.hamil === 'boolean', `${p}.hamil must be true or false`);
      return undefined;
    });
  }

  if (input.housing !== null) {
    if (!isObj(input.housing)) problems.push('housing must be an object or null');
    else {
      const h = input.housing;
      oneOf(h.jenis_atap, JENIS_ATAP, 'housing.jenis_atap');
      oneOf(h.jenis_dinding, JENIS_DINDING, 'housing.jenis_dinding');
      oneOf(h.jenis_lantai, JENIS_LANTAI, 'housing.jenis_lantai');
      oneOf(h.sumber_penerangan, SUMBER_PENERANGAN, 'housing.sumber_penerangan');
      oneOf(h.bahan_bakar_memasak, BAHAN_BAKAR_MEMASAK, 'housing.bahan_bakar_memasak');
      oneOf(h.sumber_air_minum, SUMBER_AIR_MINUM, 'housing.sumber_air_minum');
      oneOf(h.fasilitas_bab, FASILITAS_BAB, 'housing.fasilitas_bab');
      oneOf(h.kepemilikan_rumah, KEPEMILIKAN_RUMAH, 'housing.kepemilikan_rumah');
      need(typeof h.memiliki_simpanan === 'boolean', 'housing.memiliki_simpanan must be true or false');
    }
  }
  if (input.programmes !== null) {
    if (!isObj(input.programmes)) problems.push('programmes must be an object or null');
    else for (const k of FIELD_PROGRAMMES) need(typeof input.programmes[k] === 'boolean', `programmes.${k} must be true or false`);
  }
  if (input.stunting !== null) {
    if (!isObj(input.stunting)) problems.push('stunting must be an object or null');
    else
      for (const k of ['pregnantWomen', 'childrenUnder2', 'childrenUnder5']) {
        const v = input.stunting[k];
        need(Number.isInteger(v) && (v as number) >= 0 && (v as number) <= FIELD_RESULT_LIMITS.maxStuntingCount, `stunting.${k} must be a whole number 0–${FIELD_RESULT_LIMITS.maxStuntingCount}`);
      }
  }
  if (!isObj(input.gps) || typeof input.gps.lat !== 'number' || typeof input.gps.lon !== 'number') {
    problems.push('gps must be { lat: number, lon: number }');
  } else {
    const b = INDONESIA_BOUNDS;
    need(input.gps.lat >= b.minLat && input.gps.lat <= b.maxLat && input.gps.lon >= b.minLon && input.gps.lon <= b.maxLon, 'gps must be a point within Indonesia');
  }
  if (!Array.isArray(input.photos) || input.photos.length > FIELD_RESULT_LIMITS.maxPhotos) {
    problems.push(`photos must be a list of at most ${FIELD_RESULT_LIMITS.maxPhotos}`);
  } else {
    input.photos.forEach((ph: unknown, i) => {
      if (!isObj(ph)) return problems.push(`photos[${i}] must be an object`);
      oneOf(ph.kind, PHOTO_KINDS, `photos[${i}].kind`);
      str(ph.ref, `photos[${i}].ref`, FIELD_RESULT_LIMITS.maxPhotoRefLength, 1);
      need(typeof ph.ref === 'string' && isValidPhotoRef(ph.ref), `photos[${i}].ref must be an upload id or an https URL`);
      return undefined;
    });
  }
  return problems;
}

export const isFieldResultShape = (input: unknown): input is FieldResult => fieldResultShapeProblems(input).length === 0;
