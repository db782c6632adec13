/**
 * Is a NIK's region prefix in the official Kemendagri code list?
 *
 * An unknown prefix is a WARNING, never an error: the prefix is where the NIK was first issued, and NIKs issued
 * before a region was split or renumbered keep their old code (DOMAIN.md section 3). Most IKN newcomers carry NIKs
 * from elsewhere, so a prefix outside the campaign area is normal and not checked here at all.
 *
 * Reads the region tables through regions.ts (file I/O): import from activities and the API, not from workflows.
 */
import type { NikPrefix } from './nik';
import { loadNationalRegions, type NationalRegions } from './regions';

export const NIK_REGION_WARNINGS = ['province_unknown', 'kabupaten_unknown', 'kecamatan_unknown'] as const;
export type NikRegionWarning = (typeof NIK_REGION_WARNINGS)[number];

/**
 * The most specific level that is unknown is reported once: an unknown province implies unknown kabupaten and
 * kecamatan, and listing all three would triple-count one fact.
 */
export function nikRegionWarnings(
  prefix: NikPrefix,
  regions: Pick<NationalRegions, 'provinces' | 'kabupaten' | 'kecamatan'> = loadNationalRegions(),
): NikRegionWarning[] {
  if (!regions.provinces.has(prefix.province)) return ['province_unknown'];
  if (!regions.kabupaten.has(prefix.kabupaten)) return ['kabupaten_unknown'];
  if (!regions.kecamatan.has(prefix.kecamatan)) return ['kecamatan_unknown'];
  return [];
}
