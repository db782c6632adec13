import { z } from 'zod';
import { buildFieldResultSchema } from '../../../domain/field-result.schema';
import { isoDateTime, requestIdSchema } from './common';

export const packageParams = z.strictObject({
  packageId: z
    .string()
    .min(5)
    .max(200)
    .describe('the package id <campaign>/<desa>/<n>, URL-encoded (slashes as %2F)'),
});

export const openPackage = z.object({
  packageId: z.string(),
  path: z.string().describe('this package under /packages, already URL-encoded'),
  campaignId: z.string(),
  campaignName: z.string().nullable(),
  desaCode: z.string(),
  kecamatanCode: z.string(),
  round: z.number(),
  status: z.string(),
  deadlineAt: isoDateTime.nullable(),
  reassignments: z.number(),
  families: z.number(),
  submitted: z.number(),
  open: z.number(),
});

/**
 * Field by field what an officer sees of a family (docs/DATA-PROTECTION.md, "Officers"). zod objects strip keys they
 * do not list, so a column added to the query by mistake never reaches the officer: the schema is the allow-list.
 */
export const visitHousing = z.object({
  jenis_atap: z.string(),
  jenis_dinding: z.string(),
  jenis_lantai: z.string(),
  sumber_penerangan: z.string(),
  bahan_bakar_memasak: z.string(),
  sumber_air_minum: z.string(),
  fasilitas_bab: z.string(),
  kepemilikan_rumah: z.string(),
  memiliki_simpanan: z.boolean(),
});
export const visitProgrammes = z.object({
  penerima_bpnt: z.boolean(),
  penerima_bpum: z.boolean(),
  penerima_bst: z.boolean(),
  penerima_pkh: z.boolean(),
  penerima_sembako: z.boolean(),
});

const person = { nama: z.string(), nik: z.string(), jenis_kelamin: z.string(), tanggal_lahir: z.string().describe('YYYY-MM-DD') };

export const familyToVerify = z
  .object({
    familyId: z.string(),
    desaCode: z.string(),
    desaName: z.string(),
    alamat: z.string(),
    priority: z.number(),
    status: z.string().describe('open until a result is recorded in this package, then submitted'),
    latestVersion: z.number().describe('the latest submitted result version (0: none yet)'),
    kepalaKeluarga: z.object(person),
    members: z.array(z.object({ ...person, hubungan_dengan_kepala_keluarga: z.string() })),
    housing: visitHousing,
    programmes: visitProgrammes,
  })
  .meta({ id: 'FamilyToVerify' });

export const packageView = z.object({
  package: openPackage.omit({ families: true, submitted: true, open: true }).extend({ officerId: z.string(), familyCount: z.number() }),
  families: z.array(familyToVerify),
});

/**
 * The shape of a field result, for request validation and the OpenAPI document. The one rule that depends on the
 * time of receipt (not visited in the future) cannot live in a route schema built once: the handler applies the
 * full schema again with the receipt time. Built here with a receipt time that rule never refuses.
 */
const fieldResultShape = buildFieldResultSchema({ now: '9999-12-31T23:59:59Z' });

export const submitResultBody = z.strictObject({
  submissionId: requestIdSchema.describe('chosen by the device for this result; sending it again returns the first receipt'),
  result: fieldResultShape,
});

export const receiptResponse = z.object({
  submissionId: z.string(),
  packageId: z.string(),
  receipt: z.object({ familyId: z.string(), version: z.number(), mismatchTypes: z.array(z.string()), escalate: z.boolean() }),
});

export const packageStatusResponse = z.object({
  packageId: z.string(),
  officerId: z.string(),
  open: z.boolean(),
  deadlineAt: isoDateTime,
  total: z.number(),
  submitted: z.number(),
  reassignments: z.number(),
});
