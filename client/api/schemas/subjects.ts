import { z } from 'zod';
import { isoDateTime } from './common';

/**
 * The NIK goes in the body, never the URL (URLs end up in access logs and proxies). Only the form is checked
 * (16 digits): the structural rules of domain/nik.ts are not, because P3KE holds defective NIKs and a person whose
 * record carries one still has the right to see it.
 */
export const subjectExportBody = z.strictObject({
  nik: z.string().regex(/^\d{16}$/, 'a NIK is exactly 16 digits'),
});

const record = z.record(z.string(), z.unknown());

export const subjectExportResponse = z.object({
  nik: z.string(),
  generatedAt: isoDateTime,
  families: z.array(
    z.object({
      campaignId: z.string(),
      campaignName: z.string(),
      campaignStatus: z.string(),
      familyId: z.string(),
      as: z.array(z.enum(['head', 'member'])),
      family: record,
      individuals: z.array(record),
      flags: z.array(z.object({ code: z.string(), severity: z.number(), reason: z.string(), aboutSubject: z.boolean() })),
      fieldResults: z.array(record).describe("every version; of the members only the subject's own entry"),
      mismatches: z.array(z.object({ version: z.number(), type: z.string(), severity: z.number() })),
      escalationCase: record.nullable(),
      interventions: z.array(record),
    }),
  ),
  quarantined: z.array(record).describe('raw records that could not be stored, carrying this NIK'),
  reads: z
    .array(z.object({ at: isoDateTime, actor: z.string(), actorRole: z.string(), action: z.string(), entity: z.string(), entityId: z.string(), campaignId: z.string().nullable() }))
    .describe('who read these records (the audit log), oldest first'),
});
