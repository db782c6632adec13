/**
 * The data errors the simulator plants, as real P3KE extracts contain them. Each served record carries at most
 * one defect, decided by hashing (seed, record) so the share is deterministic per record and the manifest can be
 * counted without building records.
 *
 * Two groups: schema failures (missing column, wrong JSON type), which the ingest must quarantine, and content
 * errors that pass the schema and must be found by the SQL checks after ingest.
 */
import { INVALID_NIK_VARIANTS, CONTRADICTING_NIK_VARIANTS } from './nik-codes';
import { unitFromInts } from './prng';

export const DEFECT_KINDS = [
  /** 15 digits, a letter, serial 0000 or a month above 12. Passes the schema. */
  'nik_invalid_structure',
  /** A valid NIK whose sex or birth date disagrees with jenis_kelamin / tanggal_lahir. Passes the schema. */
  'nik_contradicts_record',
  /** One person listed in a second family (same name, NIK, sex, birth date). Passes the schema. */
  'nik_in_two_families',
  /** The family is withheld from the families listing while its individuals are served. Passes the schema. */
  'family_missing',
  /** kode_kemendagri points outside the area while the name columns say the family lives in it. Passes. */
  'region_outside_area',
  /** A required column is absent. Fails the schema. */
  'missing_required_field',
  /** A column has the wrong JSON type (desil "3", nik as a number, ...). Fails the schema. */
  'wrong_type',
] as const;
export type DefectKind = (typeof DEFECT_KINDS)[number];

export const FAMILY_LEVEL_KINDS: readonly DefectKind[] = DEFECT_KINDS;
export const INDIVIDUAL_LEVEL_KINDS: readonly DefectKind[] = [
  'nik_invalid_structure',
  'nik_contradicts_record',
  'missing_required_field',
  'wrong_type',
];
/** Family-level kinds that change the head's NIK, which both the family and the head's individual record carry. */
export const HEAD_NIK_KINDS: readonly DefectKind[] = ['nik_invalid_structure', 'nik_contradicts_record'];
export const SCHEMA_FAILING_KINDS: readonly DefectKind[] = ['missing_required_field', 'wrong_type'];

/** Hash streams: each decision reads its own stream so changing one never shifts another. */
export const STREAM = {
  skeleton: 1,
  household: 2,
  attributes: 3,
  familyDefect: 4,
  individualDefect: 5,
  variant: 6,
  foreignRegion: 7,
} as const;

export interface DefectConfig {
  seed: number;
  defectRate: number;
  enabledKinds: readonly DefectKind[];
}

function pickKind(candidates: readonly DefectKind[], roll: number): DefectKind | null {
  return candidates[Math.floor(roll * candidates.length)] ?? null;
}

export function drawFamilyDefect(config: DefectConfig, familyIndex: number): DefectKind | null {
  if (unitFromInts(config.seed, STREAM.familyDefect, familyIndex, 0) >= config.defectRate) return null;
  const candidates = FAMILY_LEVEL_KINDS.filter((kind) => config.enabledKinds.includes(kind));
  return pickKind(candidates, unitFromInts(config.seed, STREAM.familyDefect, familyIndex, 1));
}

/** Members after the head only; the head's record follows the family's NIK defect instead. */
export function drawIndividualDefect(config: DefectConfig, familyIndex: number, member: number): DefectKind | null {
  if (unitFromInts(config.seed, STREAM.individualDefect, familyIndex, member, 0) >= config.defectRate) return null;
  const candidates = INDIVIDUAL_LEVEL_KINDS.filter((kind) => config.enabledKinds.includes(kind));
  return pickKind(candidates, unitFromInts(config.seed, STREAM.individualDefect, familyIndex, member, 1));
}

/** Which variant of a kind a record gets, e.g. which column goes missing. */
export function variantRoll(seed: number, familyIndex: number, member: number): number {
  return unitFromInts(seed, STREAM.variant, familyIndex, member);
}

export const pickInvalidNikVariant = (roll: number) => INVALID_NIK_VARIANTS[Math.floor(roll * INVALID_NIK_VARIANTS.length)] ?? 'letter';
export const pickContradictingVariant = (roll: number) =>
  CONTRADICTING_NIK_VARIANTS[Math.floor(roll * CONTRADICTING_NIK_VARIANTS.length)] ?? 'sex';

// Ids are never dropped or retyped, so a quarantined record can still be traced to its family.
const FAMILY_DROPPABLE = ['nik', 'kepala_keluarga', 'desil_kesejahteraan', 'kode_kemendagri', 'tanggal_lahir', 'jenis_kelamin', 'padan_dukcapil'];
const INDIVIDUAL_DROPPABLE = ['nik', 'nama', 'tanggal_lahir', 'jenis_kelamin', 'hubungan_dengan_kepala_keluarga', 'padan_dukcapil', 'hamil'];

export function dropField(record: Record<string, unknown>, level: 'family' | 'individual', roll: number): void {
  const fields = level === 'family' ? FAMILY_DROPPABLE : INDIVIDUAL_DROPPABLE;
  const field = fields[Math.floor(roll * fields.length)] ?? 'nik';
  delete record[field];
}

/** The typing mistakes spreadsheet exports make: numbers as text, NIKs as numbers, Excel serial dates, 1/0 flags. */
const RETYPE: readonly ((record: Record<string, unknown>) => void)[] = [
  (r) => (r.desil_kesejahteraan = String(r.desil_kesejahteraan)),
  (r) => (r.nik = Number(String(r.nik).replace(/\D/g, '') || '0')),
  (r) => (r.padan_dukcapil = r.padan_dukcapil ? 'Ya' : 'Tidak'),
  (r) => (r.tanggal_lahir = excelSerial(String(r.tanggal_lahir))),
  (r) => (r.penerima_pkh = r.penerima_pkh ? 1 : 0),
];

function excelSerial(iso: string): number {
  return Math.round((Date.parse(`${iso}T00:00:00Z`) - Date.UTC(1899, 11, 30)) / 86_400_000);
}

export function retypeField(record: Record<string, unknown>, roll: number): void {
  const retype = RETYPE[Math.floor(roll * RETYPE.length)] ?? RETYPE[0];
  retype?.(record);
}
