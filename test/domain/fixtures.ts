/**
 * One made-up family shared by the domain rule tests: a couple in Sepaku with a toddler and a school child, a
 * P3KE record that agrees with what the officer found, and a valid field result. Tests copy and change one thing.
 * NIKs are synthetic (serials 0001-0004 on the Sepaku prefix); names are invented.
 */
import type { FieldHousing, FieldMember, FieldResult } from '../../domain/field-result';
import type { P3keFamilyFacts, P3keMemberFacts } from '../../domain/mismatch';

export const VISIT_DATE = '2026-03-10';
export const VISITED_AT = '2026-03-10T09:30:00+08:00';
export const NOW = '2026-03-10T12:00:00+08:00';

export const HEAD: FieldMember = {
  nik: '6409040504880001',
  nama: 'Budi Santoso',
  hubungan_dengan_kepala_keluarga: 'kepala_keluarga',
  jenis_kelamin: 'L',
  tanggal_lahir: '1988-04-05',
  hamil: false,
};
export const SPOUSE: FieldMember = {
  nik: '6409045708930002',
  nama: 'Sri Wahyuni',
  hubungan_dengan_kepala_keluarga: 'istri_suami',
  jenis_kelamin: 'P',
  tanggal_lahir: '1993-08-17',
  hamil: false,
};
export const TODDLER: FieldMember = {
  nik: '6409040211240003',
  nama: 'Adi',
  hubungan_dengan_kepala_keluarga: 'anak',
  jenis_kelamin: 'L',
  tanggal_lahir: '2024-11-02',
  hamil: false,
};
export const SCHOOL_CHILD: FieldMember = {
  nik: '6409046001190004',
  nama: 'Rina',
  hubungan_dengan_kepala_keluarga: 'anak',
  jenis_kelamin: 'P',
  tanggal_lahir: '2019-01-20',
  hamil: false,
};
export const MEMBERS: FieldMember[] = [HEAD, SPOUSE, TODDLER, SCHOOL_CHILD];

/** Proxy score 63: desil 4 with the default parameters. */
export const HOUSING: FieldHousing = {
  jenis_atap: 'seng',
  jenis_dinding: 'kayu_papan',
  jenis_lantai: 'semen',
  sumber_penerangan: 'listrik_pln_meteran',
  bahan_bakar_memasak: 'gas_elpiji',
  sumber_air_minum: 'sumur_bor',
  fasilitas_bab: 'sendiri_septic_tank',
  kepemilikan_rumah: 'milik_sendiri',
  memiliki_simpanan: false,
};

export function fieldResult(overrides: Partial<FieldResult> = {}): FieldResult {
  return {
    familyId: 'P3KE-6409042001-000123',
    outcome: 'verified',
    members: MEMBERS.map((m) => ({ ...m })),
    housing: { ...HOUSING },
    programmes: {
      pkh: true,
      sembako_bpnt: false,
      pip_kip: false,
      pbi_jkn: false,
      bsps_rtlh: false,
      prakerja: false,
      kur: false,
      blt_dana_desa: false,
    },
    stunting: { pregnantWomen: 0, childrenUnder2: 1, childrenUnder5: 1 },
    gps: { lat: -0.95, lon: 116.75 },
    photos: [{ kind: 'house_front', ref: 'upl_0001' }],
    note: '',
    visitedAt: VISITED_AT,
    ...overrides,
  };
}

export function p3keFamily(overrides: Partial<P3keFamilyFacts> = {}): P3keFamilyFacts {
  return {
    id_keluarga_p3ke: 'P3KE-6409042001-000123',
    kode_kemendagri: '6409042001',
    desil_kesejahteraan: 3,
    ...HOUSING,
    penerima_pkh: true,
    penerima_sembako: false,
    penerima_bpnt: false,
    resiko_stunting: false,
    ...overrides,
  };
}

export function p3keMembers(): P3keMemberFacts[] {
  return MEMBERS.map(({ nama: _nama, ...facts }) => ({ ...facts }));
}
