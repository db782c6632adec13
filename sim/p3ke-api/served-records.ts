/**
 * The records as the service serves them: clean records with the planted defects applied. A family withheld by
 * `family_missing` comes back as `family: null` while its individuals are still served.
 */
import {
  dropField,
  HEAD_NIK_KINDS,
  pickContradictingVariant,
  pickInvalidNikVariant,
  retypeField,
  STREAM,
  variantRoll,
  type DefectKind,
} from './defects';
import { contradictingNik, invalidNik, type NikParts } from './nik-codes';
import type { Population } from './population';
import { hashInts } from './prng';
import { buildCleanFamily, individualId } from './records-builder';

type WireRecord = Record<string, unknown>;

export interface ServedFamily {
  family: WireRecord | null;
  individuals: WireRecord[];
}

function applyNikDefect(kind: DefectKind, parts: NikParts, roll: number): string | null {
  if (kind === 'nik_invalid_structure') return invalidNik(parts, pickInvalidNikVariant(roll));
  if (kind === 'nik_contradicts_record') return contradictingNik(parts, pickContradictingVariant(roll));
  return null;
}

function applyRecordDefect(record: WireRecord, kind: DefectKind, level: 'family' | 'individual', roll: number): void {
  if (kind === 'missing_required_field') dropField(record, level, roll);
  else if (kind === 'wrong_type') retypeField(record, roll);
}

/** A real kecamatan elsewhere in Indonesia with a desa-style suffix: the code is well formed but not in the area. */
function foreignDesaCode(pop: Population, family: number): string {
  const { prefixes, prefixChoice, desaIdx, seed } = pop.ctx;
  const { ikn, total } = prefixChoice(desaIdx(family));
  const h = hashInts(seed, STREAM.foreignRegion, family);
  const kecamatan = prefixes[ikn + (h % (total - ikn))] ?? '110101';
  return `${kecamatan}${2001 + (h % 20)}`;
}

/** The planted duplicate: the partner family's head, listed again in this family as another relative. */
function duplicatePerson(pop: Population, family: number, memberIndex: number, template: WireRecord): WireRecord {
  const partner = buildCleanFamily(pop.ctx, pop.partnerOf(family)).individuals[0];
  if (!partner) throw new Error('partner family without a head');
  return {
    ...template,
    id_individu: individualId(family, memberIndex),
    nama: partner.nama,
    nik: partner.nik,
    padan_dukcapil: partner.padan_dukcapil,
    jenis_kelamin: partner.jenis_kelamin,
    hubungan_dengan_kepala_keluarga: 'famili_lain',
    tanggal_lahir: partner.tanggal_lahir,
    status_kawin: partner.status_kawin,
    pekerjaan: partner.pekerjaan,
    pendidikan: partner.pendidikan,
    hamil: partner.hamil,
  };
}

export function serveFamily(pop: Population, family: number): ServedFamily {
  const clean = buildCleanFamily(pop.ctx, family);
  const seed = pop.ctx.seed;
  const familyKind = pop.familyDefect(family);
  const familyRecord: WireRecord = { ...clean.family };
  const individuals: WireRecord[] = clean.individuals.map((r) => ({ ...r }));
  const head = individuals[0];
  const headParts = clean.nikParts[0];
  if (!head || !headParts) throw new Error('a family without a head');

  if (familyKind !== null && HEAD_NIK_KINDS.includes(familyKind)) {
    // The head's NIK is one fact in two records; both carry the same wrong value.
    const nik = applyNikDefect(familyKind, headParts, variantRoll(seed, family, 0));
    familyRecord.nik = nik;
    head.nik = nik;
  } else if (familyKind === 'region_outside_area') {
    familyRecord.kode_kemendagri = foreignDesaCode(pop, family);
  } else if (familyKind === 'missing_required_field' || familyKind === 'wrong_type') {
    applyRecordDefect(familyRecord, familyKind, 'family', variantRoll(seed, family, 0));
  }

  for (let m = 1; m < individuals.length; m++) {
    const kind = pop.individualDefect(family, m);
    const record = individuals[m];
    const parts = clean.nikParts[m];
    if (kind === null || !record || !parts) continue;
    const roll = variantRoll(seed, family, m);
    const nik = applyNikDefect(kind, parts, roll);
    if (nik !== null) record.nik = nik;
    else applyRecordDefect(record, kind, 'individual', roll);
  }
  if (familyKind === 'nik_in_two_families') individuals.push(duplicatePerson(pop, family, individuals.length, clean.individuals[0] as WireRecord));

  return { family: familyKind === 'family_missing' ? null : familyRecord, individuals };
}
