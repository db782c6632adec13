import { defineEntity, type InferEntity } from '@mikro-orm/core';

/** A P3KE individual (individu), one member of a family, as fetched for one campaign. */
export const P3keIndividualSchema = defineEntity({
  name: 'P3keIndividual',
  tableName: 'p3ke_individual',
  properties: (p) => ({
    campaignId: p.string().primary(),
    id_individu: p.string().primary(),
    sourcePosition: p.integer(),
    id_keluarga_p3ke: p.string(),
    nama: p.text(),
    nik: p.text(),
    padan_dukcapil: p.boolean(),
    jenis_kelamin: p.string().length(1),
    hubungan_dengan_kepala_keluarga: p.string().length(32),
    tanggal_lahir: p.date(),
    status_kawin: p.string().length(32),
    pekerjaan: p.string().length(32),
    pendidikan: p.string().length(32),
    hamil: p.boolean(),
    penerima_bpnt: p.boolean(),
    penerima_bpum: p.boolean(),
    penerima_bst: p.boolean(),
    penerima_pkh: p.boolean(),
    penerima_sembako: p.boolean(),
    resiko_stunting: p.boolean(),
    kode_kemendagri: p.string().length(16),
    desil_kesejahteraan: p.smallint(),
  }),
  indexes: [{ properties: ['campaignId', 'id_keluarga_p3ke'] }, { properties: ['campaignId', 'nik'] }],
});
export type P3keIndividual = InferEntity<typeof P3keIndividualSchema>;
