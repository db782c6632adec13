import { defineEntity, type InferEntity } from '@mikro-orm/core';

/**
 * Every kecamatan code in Indonesia (Kepmendagri 2025), loaded by a migration from domain/data, so that NIK prefix
 * checks run as a join in SQL.
 */
export const RefKecamatanSchema = defineEntity({
  name: 'RefKecamatan',
  tableName: 'ref_kecamatan',
  properties: (p) => ({
    code: p.string().length(6).primary(),
    name: p.text(),
  }),
});
export type RefKecamatan = InferEntity<typeof RefKecamatanSchema>;
