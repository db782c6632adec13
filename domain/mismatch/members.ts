/**
 * Matching P3KE members with the members an officer found, by NIK first and then by identity facts.
 *
 * 1. Exact NIK: the same person.
 * 2. Among the rest, a P3KE member and a field member with the same jenis_kelamin and tanggal_lahir are taken to
 *    be the same person whose NIK changed (corrected, re-issued, or mistyped in P3KE). Sex and birth date are what
 *    a NIK encodes, so they are the facts the two records should share. Same-sex twins with changed NIKs pair
 *    in NIK order: the counts are right even if the pairing is arbitrary.
 * 3. What is left: P3KE members not found (missing) and field members not in P3KE (extra).
 * Deterministic: candidates are visited in NIK order, so the same input always gives the same pairs.
 */
import type { FieldMember } from '../field-result';
import { nikContradictions } from '../nik';
import type { P3keMemberFacts } from './facts';

export interface MemberComparison {
  matchedByNik: number;
  changedNik: number;
  missing: number;
  extra: number;
  /** Field members whose NIK contradicts their own recorded sex or birth date. */
  inconsistentNik: number;
}

const byNik = <T extends { nik: string }>(a: T, b: T): number => (a.nik < b.nik ? -1 : a.nik > b.nik ? 1 : 0);

export function compareMembers(p3keMembers: readonly P3keMemberFacts[], fieldMembers: readonly FieldMember[]): MemberComparison {
  const unmatchedField = [...fieldMembers].sort(byNik);
  const unmatchedP3ke: P3keMemberFacts[] = [];
  let matchedByNik = 0;

  for (const member of [...p3keMembers].sort(byNik)) {
    const index = unmatchedField.findIndex((f) => f.nik === member.nik);
    if (index >= 0) {
      unmatchedField.splice(index, 1);
      matchedByNik += 1;
    } else unmatchedP3ke.push(member);
  }

  let changedNik = 0;
  let missing = 0;
  for (const member of unmatchedP3ke) {
    const index = unmatchedField.findIndex(
      (f) =>
        member.jenis_kelamin !== null &&
        member.tanggal_lahir !== null &&
        f.jenis_kelamin === member.jenis_kelamin &&
        f.tanggal_lahir === member.tanggal_lahir,
    );
    if (index >= 0) {
      unmatchedField.splice(index, 1);
      changedNik += 1;
    } else missing += 1;
  }

  const inconsistentNik = fieldMembers.filter((m) => nikContradictions(m.nik, m).length > 0).length;
  return { matchedByNik, changedNik, missing, extra: unmatchedField.length, inconsistentNik };
}
