/**
 * The one place that lists the categorical values of P3KE and field records.
 *
 * No official P3KE data dictionary is public (see DOMAIN.md section 1), so housing and utility categories follow
 * the BPS Susenas/Regsosek lists. Each list is `as const` with a derived union type; every schema, generator,
 * rule and SQL check reads them from here.
 */

export const JENIS_KELAMIN = ['L', 'P'] as const; // laki-laki, perempuan
export type JenisKelamin = (typeof JENIS_KELAMIN)[number];

export const HUBUNGAN_KELUARGA = [
  'kepala_keluarga',
  'istri_suami',
  'anak',
  'menantu',
  'cucu',
  'orang_tua',
  'mertua',
  'famili_lain',
  'lainnya',
] as const;
export type HubunganKeluarga = (typeof HUBUNGAN_KELUARGA)[number];

export const STATUS_KAWIN = ['belum_kawin', 'kawin', 'cerai_hidup', 'cerai_mati'] as const;
export type StatusKawin = (typeof STATUS_KAWIN)[number];

export const PENDIDIKAN = ['tidak_sekolah', 'sd', 'smp', 'sma', 'diploma', 'sarjana'] as const;
export type Pendidikan = (typeof PENDIDIKAN)[number];

export const PEKERJAAN = [
  'tidak_bekerja',
  'petani',
  'nelayan',
  'buruh',
  'pedagang',
  'wiraswasta',
  'pegawai_swasta',
  'pns_tni_polri',
  'pelajar',
  'mengurus_rumah_tangga',
  'lainnya',
] as const;
export type Pekerjaan = (typeof PEKERJAAN)[number];

export const KEPEMILIKAN_RUMAH = ['milik_sendiri', 'sewa', 'bebas_sewa', 'dinas', 'lainnya'] as const;
export type KepemilikanRumah = (typeof KEPEMILIKAN_RUMAH)[number];

export const JENIS_ATAP = ['beton', 'genteng', 'seng', 'asbes', 'kayu_sirap', 'bambu', 'jerami_ijuk_rumbia'] as const;
export type JenisAtap = (typeof JENIS_ATAP)[number];

export const JENIS_DINDING = ['tembok', 'plesteran_anyaman_bambu', 'kayu_papan', 'anyaman_bambu', 'bambu', 'lainnya'] as const;
export type JenisDinding = (typeof JENIS_DINDING)[number];

export const JENIS_LANTAI = ['keramik_marmer', 'ubin_tegel', 'semen', 'kayu_papan', 'bambu', 'tanah'] as const;
export type JenisLantai = (typeof JENIS_LANTAI)[number];

export const SUMBER_PENERANGAN = ['listrik_pln_meteran', 'listrik_pln_tanpa_meteran', 'listrik_non_pln', 'bukan_listrik'] as const;
export type SumberPenerangan = (typeof SUMBER_PENERANGAN)[number];

export const BAHAN_BAKAR_MEMASAK = ['listrik', 'gas_elpiji', 'minyak_tanah', 'kayu_bakar', 'arang', 'tidak_memasak'] as const;
export type BahanBakarMemasak = (typeof BAHAN_BAKAR_MEMASAK)[number];

export const SUMBER_AIR_MINUM = [
  'air_kemasan',
  'air_isi_ulang',
  'leding',
  'sumur_bor',
  'sumur_terlindung',
  'sumur_tak_terlindung',
  'mata_air_terlindung',
  'mata_air_tak_terlindung',
  'air_permukaan',
  'air_hujan',
] as const;
export type SumberAirMinum = (typeof SUMBER_AIR_MINUM)[number];

/** BKKBN: safe drinking water = bottled or refill, piped, bore well, protected well. */
export const SAFE_DRINKING_WATER: readonly SumberAirMinum[] = [
  'air_kemasan',
  'air_isi_ulang',
  'leding',
  'sumur_bor',
  'sumur_terlindung',
];

export const FASILITAS_BAB = ['sendiri_septic_tank', 'sendiri_tanpa_septic_tank', 'bersama', 'umum', 'tidak_ada'] as const;
export type FasilitasBab = (typeof FASILITAS_BAB)[number];

/** BKKBN: a toilet without septic tank, or none, is a stunting risk factor. */
export const SAFE_SANITATION: readonly FasilitasBab[] = ['sendiri_septic_tank'];

/** Programme enrolment flags carried by P3KE (penerima_*) and checked in the field. */
export const PROGRAM_FLAGS = ['bpnt', 'bpum', 'bst', 'pkh', 'sembako'] as const;
export type ProgramFlag = (typeof PROGRAM_FLAGS)[number];

/** Household outcome of a field visit (DTKS verivali form 2020, plus refused and deceased seen in practice). */
export const VISIT_OUTCOMES = ['verified', 'not_found', 'moved', 'deceased', 'duplicate', 'refused'] as const;
export type VisitOutcome = (typeof VISIT_OUTCOMES)[number];

export const DESIL_MIN = 1;
export const DESIL_MAX = 10;

/**
 * Programme enrolment asked in the field (Kab. Semarang's P3KE verval sheet, DOMAIN.md section 1). Wider than
 * PROGRAM_FLAGS, which are only the penerima_* columns P3KE itself carries.
 */
export const FIELD_PROGRAMMES = [
  'pkh',
  'sembako_bpnt',
  'pip_kip',
  'pbi_jkn',
  'bsps_rtlh',
  'prakerja',
  'kur',
  'blt_dana_desa',
] as const;
export type FieldProgramme = (typeof FIELD_PROGRAMMES)[number];

/** What a field photo shows (the verval sheet's photo columns). Photos travel as references, never bytes. */
export const PHOTO_KINDS = ['house_front', 'house_interior', 'roof', 'wall', 'floor', 'latrine', 'kk', 'other'] as const;
export type PhotoKind = (typeof PHOTO_KINDS)[number];
