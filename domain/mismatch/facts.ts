/**
 * The P3KE facts the mismatch rules read, named exactly as the P3KE columns (DOMAIN.md section 1) so that rows
 * from p3ke_family / p3ke_individual map onto them directly. Null means "not in the record": an unknown is
 * never a mismatch.
 */
import type { HousingIndicators } from '../desil-proxy';
import type { StuntingMemberFacts } from '../stunting';

export interface P3keFamilyFacts extends HousingIndicators {
  id_keluarga_p3ke: string;
  kode_kemendagri: string; // desa code, 10 digits
  desil_kesejahteraan: number | null;
  penerima_pkh: boolean | null;
  penerima_sembako: boolean | null;
  penerima_bpnt: boolean | null;
  resiko_stunting: boolean | null;
}

export interface P3keMemberFacts extends StuntingMemberFacts {
  nik: string;
}
