/**
 * Wire schemas of the Kemenko PMK P3KE data service: the family and individual records, and the envelopes of its
 * snapshot and paging endpoints. Both the simulator and the typed client read them from here.
 *
 * The record schemas check shape and type only. Content rules (a 16-digit NIK, a real region code, consistency
 * between NIK and birth date) are left to set-based SQL checks after ingest, so a structurally bad NIK passes
 * here while a NIK sent as a number, or a missing column, fails and is quarantined.
 * Unknown columns are stripped rather than rejected, so the real service may add columns without breaking ingest.
 */
import { z } from 'zod';
import {
  BAHAN_BAKAR_MEMASAK,
  DESIL_MAX,
  DESIL_MIN,
  FASILITAS_BAB,
  HUBUNGAN_KELUARGA,
  JENIS_ATAP,
  JENIS_DINDING,
  JENIS_KELAMIN,
  JENIS_LANTAI,
  KEPEMILIKAN_RUMAH,
  PEKERJAAN,
  PENDIDIKAN,
  STATUS_KAWIN,
  SUMBER_AIR_MINUM,
  SUMBER_PENERANGAN,
} from './value-lists';

/** Message used for absent columns, so a quarantine reason can say "missing" rather than "invalid_type". */
const MISSING = 'missing';
const missingOrDefault = { error: (issue: { input?: unknown }) => (issue.input === undefined ? MISSING : undefined) };

const text = () => z.string(missingOrDefault);
const id = () => z.string(missingOrDefault).min(1);
const flag = () => z.boolean(missingOrDefault);
const oneOf = <const T extends readonly [string, ...string[]]>(values: T) => z.enum(values, missingOrDefault);
const isoDate = () => z.iso.date(missingOrDefault);
const desil = () => z.number(missingOrDefault).int().min(DESIL_MIN).max(DESIL_MAX);
const kodeDesa = () => z.string(missingOrDefault).regex(/^\d{10}$/);

/** Programme enrolment as P3KE carries it, one boolean column per programme (see PROGRAM_FLAGS). */
const programmeFlags = {
  penerima_bpnt: flag(),
  penerima_bpum: flag(),
  penerima_bst: flag(),
  penerima_pkh: flag(),
  penerima_sembako: flag(),
};

export const P3keFamilyRecordSchema = z.object({
  id_keluarga_p3ke: id(),
  provinsi: text(),
  kabupaten_kota: text(),
  kecamatan: text(),
  desa_kelurahan: text(),
  kode_kemendagri: kodeDesa(),
  desil_kesejahteraan: desil(),
  alamat: text(),
  kepala_keluarga: text(),
  nik: text(),
  padan_dukcapil: flag(),
  jenis_kelamin: oneOf(JENIS_KELAMIN),
  tanggal_lahir: isoDate(),
  pekerjaan: oneOf(PEKERJAAN),
  pendidikan: oneOf(PENDIDIKAN),
  kepemilikan_rumah: oneOf(KEPEMILIKAN_RUMAH),
  memiliki_simpanan: flag(),
  jenis_atap: oneOf(JENIS_ATAP),
  jenis_dinding: oneOf(JENIS_DINDING),
  jenis_lantai: oneOf(JENIS_LANTAI),
  sumber_penerangan: oneOf(SUMBER_PENERANGAN),
  bahan_bakar_memasak: oneOf(BAHAN_BAKAR_MEMASAK),
  sumber_air_minum: oneOf(SUMBER_AIR_MINUM),
  fasilitas_bab: oneOf(FASILITAS_BAB),
  ...programmeFlags,
  resiko_stunting: flag(),
});
export type P3keFamilyRecord = z.infer<typeof P3keFamilyRecordSchema>;

export const P3keIndividualRecordSchema = z.object({
  id_keluarga_p3ke: id(),
  id_individu: id(),
  nama: text(),
  nik: text(),
  padan_dukcapil: flag(),
  jenis_kelamin: oneOf(JENIS_KELAMIN),
  hubungan_dengan_kepala_keluarga: oneOf(HUBUNGAN_KELUARGA),
  tanggal_lahir: isoDate(),
  status_kawin: oneOf(STATUS_KAWIN),
  pekerjaan: oneOf(PEKERJAAN),
  pendidikan: oneOf(PENDIDIKAN),
  ...programmeFlags,
  resiko_stunting: flag(),
  // Assumption: no public P3KE export shows a pregnancy column, but the BKKBN stunting-risk criteria need one
  // (DOMAIN.md section 5), so the project carries it here until the real data dictionary says otherwise.
  hamil: flag(),
  kode_kemendagri: kodeDesa(),
  desil_kesejahteraan: desil(),
});
export type P3keIndividualRecord = z.infer<typeof P3keIndividualRecordSchema>;

/**
 * A short reason for a record that failed its schema, e.g. "nik: missing; desil_kesejahteraan: invalid_type".
 * Built from paths and issue codes only: zod messages are not used because a custom message could quote the value,
 * and quarantine reasons are stored and shown where personal data must not appear.
 */
export function summarizeIssues(error: z.ZodError, maxIssues = 5): string {
  const parts = error.issues.map((issue) => {
    const path = issue.path.length > 0 ? issue.path.map(String).join('.') : '(record)';
    const what = issue.message === MISSING ? MISSING : issue.code;
    return `${path}: ${what}`;
  });
  const unique = [...new Set(parts)];
  const shown = unique.slice(0, maxIssues).join('; ');
  return unique.length > maxIssues ? `${shown}; +${unique.length - maxIssues} more` : shown;
}

// ---- Service envelopes ----

/** Kecamatan (6 digits) or desa (10 digits) code prefixes, digits only, as the snapshot filter. */
export const P3keRegionCodeSchema = z.string().regex(/^(\d{6}|\d{10})$/, 'a 6-digit kecamatan or 10-digit desa code');

export const P3keSnapshotRequestSchema = z
  .object({
    regionCodes: z.array(P3keRegionCodeSchema).min(1).max(1000),
    desilMin: z.number().int().min(DESIL_MIN).max(DESIL_MAX),
    desilMax: z.number().int().min(DESIL_MIN).max(DESIL_MAX),
  })
  .refine((spec) => spec.desilMin <= spec.desilMax, { message: 'desilMin must not exceed desilMax', path: ['desilMin'] });
export type P3keSnapshotRequest = z.infer<typeof P3keSnapshotRequestSchema>;

export const P3keSnapshotCreatedSchema = z.object({
  snapshotId: z.string().min(1),
  families: z.number().int().nonnegative(),
  individuals: z.number().int().nonnegative(),
  createdAt: z.string(),
});
export type P3keSnapshotCreated = z.infer<typeof P3keSnapshotCreatedSchema>;

export const P3KE_RECORD_KINDS = ['families', 'individuals'] as const;
export type P3keRecordKind = (typeof P3KE_RECORD_KINDS)[number];

export const P3KE_PAGE_SIZE_MAX = 5000;
export const P3KE_PAGE_SIZE_DEFAULT = 1000;

/** Items stay unknown: each record is validated on its own by the ingest so one bad record is quarantined alone. */
export const P3kePageSchema = z.object({
  items: z.array(z.unknown()),
  nextCursor: z.string().min(1).nullable(),
  startAt: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
});
export type P3kePage = z.infer<typeof P3kePageSchema>;

/** Error body of the service; `code` is machine-readable (e.g. CURSOR_EXPIRED), `reason` never holds record data. */
export const P3keErrorBodySchema = z.object({ code: z.string(), reason: z.string().optional() });
export type P3keErrorBody = z.infer<typeof P3keErrorBodySchema>;
