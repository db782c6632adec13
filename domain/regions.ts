/**
 * Region codes (Kemendagri) used by NIK prefix checks, the simulator and campaign areas.
 *
 * Codes are kept in two spellings: `dotted` as published (64.09.04.2001) and `code` as digits only
 * (6409042001), which is how they appear inside a NIK and in P3KE's kode_kemendagri column.
 * The CSVs are copied from the shared domain folder so the project stands on its own.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Kecamatan {
  code: string; // 6 digits: province(2) + kabupaten/kota(2) + kecamatan(2)
  dotted: string;
  name: string;
  kabupaten: string;
}

export interface Desa {
  code: string; // 10 digits: kecamatan code + desa/kelurahan (4)
  dotted: string;
  name: string;
  level: 'desa' | 'kelurahan';
  kecamatanCode: string;
  kecamatanName: string;
  kabupaten: string;
}

export interface NationalRegions {
  provinces: ReadonlySet<string>;
  kabupaten: ReadonlySet<string>;
  kecamatan: ReadonlySet<string>;
  /** Kecamatan codes as rows, for SQL checks that join against them. */
  kecamatanRows: readonly { code: string; name: string }[];
}

const DATA_DIR = join(__dirname, 'data');

export const digitsOnly = (dotted: string): string => dotted.replace(/\./g, '');

function readCsv(file: string): string[][] {
  const text = readFileSync(join(DATA_DIR, file), 'utf8');
  // The files have no quoted fields with commas, so a plain split is exact.
  return text
    .split(/\r?\n/)
    .slice(1)
    .filter((line) => line.trim() !== '')
    .map((line) => line.split(','));
}

let ikn: { kecamatan: Kecamatan[]; desa: Desa[] } | undefined;

/** The default campaign area: the kecamatan in and around the IKN delineation with their desa. */
export function loadIknArea(): { kecamatan: readonly Kecamatan[]; desa: readonly Desa[] } {
  if (ikn) return ikn;
  const kecamatan: Kecamatan[] = [];
  const desa: Desa[] = [];
  for (const [dotted = '', level = '', name = '', kecName = '', kabupaten = ''] of readCsv('wilayah-ikn.csv')) {
    if (level === 'kecamatan') {
      kecamatan.push({ code: digitsOnly(dotted), dotted, name, kabupaten });
    } else if (level === 'desa' || level === 'kelurahan') {
      const code = digitsOnly(dotted);
      desa.push({ code, dotted, name, level, kecamatanCode: code.slice(0, 6), kecamatanName: kecName, kabupaten });
    }
  }
  ikn = { kecamatan, desa };
  return ikn;
}

let national: NationalRegions | undefined;

/** Every province, kabupaten/kota and kecamatan code in Indonesia (Kepmendagri 2025). */
export function loadNationalRegions(): NationalRegions {
  if (national) return national;
  const provinces = new Set<string>();
  const kabupaten = new Set<string>();
  const kecamatan = new Set<string>();
  const kecamatanRows: { code: string; name: string }[] = [];
  for (const [dotted = '', level = '', name = ''] of readCsv('wilayah-kecamatan.csv')) {
    const code = digitsOnly(dotted);
    if (level === 'provinsi') provinces.add(code);
    else if (level === 'kabupaten_kota') kabupaten.add(code);
    else if (level === 'kecamatan') {
      kecamatan.add(code);
      kecamatanRows.push({ code, name });
    }
  }
  national = { provinces, kabupaten, kecamatan, kecamatanRows };
  return national;
}
