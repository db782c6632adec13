/**
 * The family an officer is shown (GET /packages/:id, `verivali tasks show --json`) and the faithful visit a test
 * builds from it: the API and CLI tests submit what the officer saw, as a person in the field would.
 */
import type { FieldResult } from '../../domain/field-result';
import { makeFieldResult, type P3keFamilyInput, type P3keMemberInput } from '../../sim/field-actors/field-result-maker';

export interface FamilyView {
  familyId: string;
  desaCode: string;
  kepalaKeluarga: { nama: string; nik: string; jenis_kelamin: string; tanggal_lahir: string };
  members: Omit<P3keMemberInput, 'hamil'>[];
  housing: Record<string, string | boolean>;
  programmes: Record<string, boolean>;
}

/** No difference from the record: every visit verifies the family as P3KE has it. */
const FAITHFUL = { notVerified: 0, housingChanged: 0, memberChanged: 0, newborn: 0, nikCorrected: 0 };

/** A faithful verified visit built from what the officer was shown (pregnancy is not shown: recorded as seen, false). */
export function verifiedVisit(f: FamilyView, seed: number): FieldResult {
  const family = {
    id_keluarga_p3ke: f.familyId,
    kode_kemendagri: f.desaCode,
    kepala_keluarga: f.kepalaKeluarga.nama,
    nik: f.kepalaKeluarga.nik,
    jenis_kelamin: f.kepalaKeluarga.jenis_kelamin,
    tanggal_lahir: f.kepalaKeluarga.tanggal_lahir,
    ...f.housing,
    penerima_bpnt: f.programmes.penerima_bpnt,
    penerima_pkh: f.programmes.penerima_pkh,
    penerima_sembako: f.programmes.penerima_sembako,
  } as P3keFamilyInput;
  const members = f.members.map((m) => ({ ...m, hamil: false }));
  return makeFieldResult({ seed, family, members, visitedAt: new Date(Date.now() - 60_000).toISOString(), shares: FAITHFUL });
}
