/**
 * Splits one page of raw P3KE records into rows to store and rows to quarantine. Pure: no I/O, so the rules for
 * what is quarantined and why are tested without a database.
 */
import type { z } from 'zod';
import { P3keFamilyRecordSchema, P3keIndividualRecordSchema, summarizeIssues } from '../../domain/p3ke/records';
import { compileFastRecordCheck } from '../../domain/p3ke/record-fast-check';
import type { ListingKind, QuarantineRow, ValidRow } from '../../db/repositories/p3ke-ingest-repository';

interface ListingSchema {
  schema: z.ZodType<Record<string, unknown>>;
  /** Vouches for most valid records at a fraction of zod's cost; a record it is unsure of goes to zod. */
  fastCheck: (raw: unknown) => Record<string, unknown> | null;
  idKey: string;
}

const SCHEMAS: Record<ListingKind, ListingSchema> = {
  families: { schema: P3keFamilyRecordSchema, fastCheck: compileFastRecordCheck(P3keFamilyRecordSchema), idKey: 'id_keluarga_p3ke' },
  individuals: { schema: P3keIndividualRecordSchema, fastCheck: compileFastRecordCheck(P3keIndividualRecordSchema), idKey: 'id_individu' },
};

export const QUARANTINE_REASONS = {
  schema: 'schema_invalid',
  duplicateId: 'duplicate_id',
  /** An individual whose family P3KE did not serve (set by reconcileIngest). */
  familyMissing: 'family_missing',
  /** An individual whose family record was served but quarantined (set by reconcileIngest). */
  familyQuarantined: 'family_quarantined',
} as const;

export interface ValidatedPage {
  valid: ValidRow[];
  quarantined: QuarantineRow[];
}

/** The id of a record, when it has a usable one, even if the rest of the record is invalid. */
function readableId(raw: unknown, idKey: string): string | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const value = (raw as Record<string, unknown>)[idKey];
  return typeof value === 'string' && value.length > 0 && value.length <= 255 ? value : null;
}

export function validatePage(kind: ListingKind, items: readonly unknown[], firstPosition: number): ValidatedPage {
  const { schema, fastCheck, idKey } = SCHEMAS[kind];
  const valid: ValidRow[] = [];
  const quarantined: QuarantineRow[] = [];
  const seen = new Set<string>();
  items.forEach((raw, index) => {
    const position = firstPosition + index;
    let record = fastCheck(raw);
    if (record === null) {
      const parsed = schema.safeParse(raw);
      if (!parsed.success) {
        quarantined.push({
          position,
          sourceId: readableId(raw, idKey),
          reasonCode: QUARANTINE_REASONS.schema,
          reason: summarizeIssues(parsed.error),
          raw,
        });
        return;
      }
      record = parsed.data;
    }
    const id = record[idKey] as string;
    if (seen.has(id)) {
      // Two records with one id on the same page: keep the first, quarantine the second rather than merge them.
      quarantined.push({ position, sourceId: id, reasonCode: QUARANTINE_REASONS.duplicateId, reason: `${idKey} repeats an earlier record`, raw });
      return;
    }
    seen.add(id);
    valid.push({ position, id, record });
  });
  return { valid, quarantined };
}
