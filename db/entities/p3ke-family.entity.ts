import { defineEntity, type InferEntity } from '@mikro-orm/core';

/**
 * A P3KE family (keluarga) as fetched for one campaign. Column names keep the P3KE spelling so that the
 * feedback file for Kemenko PMK maps one to one. Rows are written in bulk by the ingest (SQL), not one by one.
 */
export const P3keFamilySchema = defineEntity({
  name: 'P3keFamily',
  tableName: 'p3ke_family',
  properties: (p) => ({
    campaignId: p.string().primary(),
    id_keluarga_p3ke: p.string().primary(),
    /** Position of the record in the snapshot listing: tells a re-run of a page from a duplicate id. */
    sourcePosition: p.integer(),
    provinsi: p.text(),
    kabupaten_kota: p.text(),
    kecamatan: p.text(),
    desa_kelurahan: p.text(),
    kode_kemendagri: p.string().length(16),
    desil_kesejahteraan: p.smallint(),
    alamat: p.text(),
    kepala_keluarga: p.text(),
    nik: p.text(),
    padan_dukcapil: p.boolean(),
    jenis_kelamin: p.string().length(1),
    tanggal_lahir: p.date(),
    pekerjaan: p.string().length(32),
    pendidikan: p.string().length(32),
    kepemilikan_rumah: p.string().length(32),
    memiliki_simpanan: p.boolean(),
    jenis_atap: p.string().length(32),
    jenis_dinding: p.string().length(32),
    jenis_lantai: p.string().length(32),
    sumber_penerangan: p.string().length(32),
    bahan_bakar_memasak: p.string().length(32),
    sumber_air_minum: p.string().length(32),
    fasilitas_bab: p.string().length(32),
    penerima_bpnt: p.boolean(),
    penerima_bpum: p.boolean(),
    penerima_bst: p.boolean(),
    penerima_pkh: p.boolean(),
    penerima_sembako: p.boolean(),
    resiko_stunting: p.boolean(),
    /** Field priority set by the pre-verification checks (higher first); 0 until the checks run. */
    priority: p.integer().default(0),
  }),
  indexes: [{ properties: ['campaignId', 'kode_kemendagri'] }],
});
export type P3keFamily = InferEntity<typeof P3keFamilySchema>;
