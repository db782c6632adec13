/**
 * zod schema for a submitted field result: the boundary where untrusted input becomes a FieldResult.
 *
 * Imported by activities and the API only, never by workflows (zod schemas bloat every cached workflow). The
 * schema is built by a function because the "not in the future" check needs the time of submission.
 * Messages name the field and the rule, never the rejected value (it may be a NIK or a name).
 */
import { z } from 'zod';
import type { FieldResult } from './field-result';
import {
  DEFAULT_FIELD_RESULT_CHECK_OPTIONS,
  FIELD_RESULT_LIMITS as LIMITS,
  INDONESIA_BOUNDS as BOX,
  fieldResultProblems,
  isValidPhotoRef,
  type FieldResultCheckOptions,
} from './field-result-checks';
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
  type FieldProgramme,
} from './p3ke/value-lists';

const oneOf = <T extends readonly [string, ...string[]]>(field: string, values: T) =>
  z.enum(values, { error: `${field} must be one of: ${values.join(', ')}` });

/** A required text field, trimmed, with the messages the officers' page shows next to it. */
const trimmedText = (field: string, max: number) =>
  z
    .string({ error: `${field} must be a string` })
    .trim()
    .min(1, `${field} must not be empty`)
    .max(max, `${field} must be at most ${max} characters`);

function photoRefSchema() {
  return z
    .string({ error: 'photo ref must be a string' })
    .min(1, 'photo ref must not be empty')
    .max(LIMITS.maxPhotoRefLength, `photo ref must be at most ${LIMITS.maxPhotoRefLength} characters`)
    .refine((ref) => !ref.startsWith('data:'), 'photo ref must be an id or https URL, not the image itself')
    .refine(
      (ref) => isValidPhotoRef(ref),
      'photo ref must be an upload id (letters, digits, . _ : / -) or an https URL',
    );
}

function memberSchema() {
  return z.object({
    nik: z.string({ error: 'nik must be a string' }).regex(/^\d{16}$/, 'nik must be exactly 16 digits'),
    nama: trimmedText('nama', LIMITS.maxNameLength),
    hubungan_dengan_kepala_keluarga: oneOf('hubungan_dengan_kepala_keluarga', HUBUNGAN_KELUARGA),
    jenis_kelamin: oneOf('jenis_kelamin', JENIS_KELAMIN),
    tanggal_lahir: z.iso.date({ error: 'tanggal_lahir must be a real date as YYYY-MM-DD' }),
    hamil: z.boolean({ error: 'hamil must be true or false' }),
  });
}

function housingSchema() {
  return z.object({
    jenis_atap: oneOf('jenis_atap', JENIS_ATAP),
    jenis_dinding: oneOf('jenis_dinding', JENIS_DINDING),
    jenis_lantai: oneOf('jenis_lantai', JENIS_LANTAI),
    sumber_penerangan: oneOf('sumber_penerangan', SUMBER_PENERANGAN),
    bahan_bakar_memasak: oneOf('bahan_bakar_memasak', BAHAN_BAKAR_MEMASAK),
    sumber_air_minum: oneOf('sumber_air_minum', SUMBER_AIR_MINUM),
    fasilitas_bab: oneOf('fasilitas_bab', FASILITAS_BAB),
    kepemilikan_rumah: oneOf('kepemilikan_rumah', KEPEMILIKAN_RUMAH),
    memiliki_simpanan: z.boolean({ error: 'memiliki_simpanan must be true or false' }),
  });
}

function programmesSchema() {
  const shape = Object.fromEntries(
    FIELD_PROGRAMMES.map((p) => [p, z.boolean({ error: `programmes.${p} must be true or false` })]),
  ) as Record<FieldProgramme, z.ZodBoolean>;
  return z.object(shape);
}

function count(field: string) {
  return z
    .number({ error: `${field} must be a number` })
    .int(`${field} must be a whole number`)
    .min(0, `${field} must not be negative`)
    .max(LIMITS.maxStuntingCount, `${field} must be at most ${LIMITS.maxStuntingCount}`);
}

function gpsSchema() {
  return z.object(
    {
      lat: z
        .number({ error: 'gps.lat must be a number' })
        .min(BOX.minLat, `gps.lat must be within Indonesia (${BOX.minLat} to ${BOX.maxLat})`)
        .max(BOX.maxLat, `gps.lat must be within Indonesia (${BOX.minLat} to ${BOX.maxLat})`),
      lon: z
        .number({ error: 'gps.lon must be a number' })
        .min(BOX.minLon, `gps.lon must be within Indonesia (${BOX.minLon} to ${BOX.maxLon})`)
        .max(BOX.maxLon, `gps.lon must be within Indonesia (${BOX.minLon} to ${BOX.maxLon})`),
    },
    { error: 'gps must be an object with lat and lon' },
  );
}

export interface FieldResultSchemaOptions extends Partial<FieldResultCheckOptions> {
  /** ISO date-time the submission is judged against: the server's receipt time. */
  now: string;
}

/**
 * The per-field part, the same for every receipt time: built once, on first use. Building it took milliseconds
 * of CPU (hundreds of zod objects, enums and regexes), parsing with it microseconds, so rebuilding it for each
 * submission was the larger cost.
 */
let fieldsSchema: ReturnType<typeof buildFieldsSchema> | undefined;

function buildFieldsSchema() {
  return z.object({
    familyId: trimmedText('familyId', LIMITS.maxIdLength),
    outcome: oneOf('outcome', VISIT_OUTCOMES),
    members: z
      .array(memberSchema(), { error: 'members must be a list' })
      .max(LIMITS.maxMembers, `members must list at most ${LIMITS.maxMembers} people`)
      .default([]),
    housing: housingSchema().nullable().default(null),
    programmes: programmesSchema().nullable().default(null),
    stunting: z
      .object({
        pregnantWomen: count('stunting.pregnantWomen'),
        childrenUnder2: count('stunting.childrenUnder2'),
        childrenUnder5: count('stunting.childrenUnder5'),
      })
      .nullable()
      .default(null),
    gps: gpsSchema(),
    photos: z
      .array(z.object({ kind: oneOf('photo kind', PHOTO_KINDS), ref: photoRefSchema() }), { error: 'photos must be a list' })
      .max(LIMITS.maxPhotos, `photos must hold at most ${LIMITS.maxPhotos} references`)
      .default([]),
    note: z
      .string({ error: 'note must be a string' })
      .max(LIMITS.maxNoteLength, `note must be at most ${LIMITS.maxNoteLength} characters`)
      .default(''),
    visitedAt: z.iso.datetime({ offset: true, error: 'visitedAt must be an ISO date-time with a time zone offset' }),
  });
}

/** The schema for one submission received at `now`; its output is a FieldResult. Only the refinement is new per call. */
export function buildFieldResultSchema(options: FieldResultSchemaOptions): z.ZodType<FieldResult> {
  const checkOptions = { ...DEFAULT_FIELD_RESULT_CHECK_OPTIONS, ...options };
  fieldsSchema ??= buildFieldsSchema();
  return fieldsSchema.superRefine((result, ctx) => {
    for (const problem of fieldResultProblems(result, checkOptions.now, checkOptions)) {
      ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message, params: { problem: problem.code } });
    }
  });
}
