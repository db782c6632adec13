/**
 * The feedback for Kemenko PMK: one record per P3KE family of the campaign, and one per quarantined record.
 *
 * Personal data: this is the one output that legitimately carries names, addresses and NIKs back out of the
 * system. The agency that owns P3KE is the controller of the data and asked for the verification (UU PDP: public
 * task, accuracy); the corrections are useless to it without the identities they correct. Nothing else (logs,
 * workflow histories, search attributes, the report) carries them.
 *
 * Spreadsheet safety: a text cell starting with = + - @, a tab or a CR gets a leading apostrophe in the CSV files
 * (not in the JSON), so opening feedback.csv in a spreadsheet never runs a formula planted in a name or an address;
 * numeric columns are written as numbers, never prefixed.
 *
 * Column names: P3KE columns keep the P3KE spelling and hold the CORRECTED value (verified data, see
 * activities/planning/verified-families.ts), so the file maps one to one onto the agency's table; the other
 * columns say where the values come from and what the campaign found.
 */
import { HOUSING_INDICATORS, type HousingIndicator } from '../../domain/desil-proxy';
import { parseIsoDate } from '../../domain/iso-date';
import { settle, stuntingAtRisk, type FamilyRow, type SettlementState } from '../planning/verified-families';

interface FeedbackRecordBase {
  id_keluarga_p3ke: string;
  kode_kemendagri: string;
  /** The latest visit outcome (verified, not_found, moved, deceased, duplicate, refused) or 'unvisited'. */
  verification_status: string;
  /** settled, or why the corrected values are empty (unvisited, not_verified, pending_decision, pending_revisit). */
  settlement: SettlementState;
  /** field or p3ke (a supervisor decided keep_p3ke); null when nothing was settled. */
  corrected_from: 'field' | 'p3ke' | null;
  field_result_version: number | null;
  visit_date: string | null;
  /** accept_field, keep_p3ke, revisit, 'pending' while the case is open, null without a case. */
  escalation_decision: string | null;
  /** Mismatch types of the latest result version. */
  mismatch_types: string[];
  desil_p3ke: number;
  desil_kesejahteraan: number | null;
  kepala_keluarga: string | null;
  /** As in P3KE: the field form records no address. */
  alamat: string;
  jumlah_anggota: number | null;
  nik_anggota: string[] | null;
  resiko_stunting_p3ke: boolean;
  stunting_risk_precheck: boolean;
  /** BKKBN criteria on the verified members and housing at the visit date; null when nothing was settled. */
  stunting_risk_field: boolean | null;
}

/** Flat, so the JSON and the CSV have the same fields; the nine housing columns sit between alamat and jumlah_anggota. */
export type FeedbackRecord = FeedbackRecordBase & Record<HousingIndicator, string | boolean | null>;

export interface QuarantineRecord {
  kind: string;
  source_position: number;
  source_id: string | null;
  reason_code: string;
  reason: string;
}

export function feedbackRecord(row: FamilyRow): FeedbackRecord {
  const settlement = settle(row);
  const data = settlement.state === 'settled' ? settlement.data : null;
  const head = data?.source === 'p3ke'
    ? (row.kepala_keluarga ?? null)
    : (data?.members.find((m) => m.hubungan_dengan_kepala_keluarga === 'kepala_keluarga')?.nama ?? null);
  const housing = Object.fromEntries(HOUSING_INDICATORS.map((c) => [c, data ? data.housing[c] : null]));
  return {
    id_keluarga_p3ke: row.family_id,
    kode_kemendagri: row.kode_kemendagri,
    verification_status: row.outcome ?? 'unvisited',
    settlement: settlement.state,
    corrected_from: data?.source ?? null,
    field_result_version: row.version,
    visit_date: row.visited_at ? row.visited_at.slice(0, 10) : null,
    escalation_decision: row.case_status === 'open' ? 'pending' : (row.case_decision ?? null),
    mismatch_types: row.mismatch_types,
    desil_p3ke: row.desil_p3ke,
    desil_kesejahteraan: data?.desil ?? null,
    kepala_keluarga: head,
    alamat: row.alamat ?? '',
    ...(housing as Record<HousingIndicator, string | boolean | null>),
    jumlah_anggota: data ? data.members.length : null,
    nik_anggota: data ? data.members.map((m) => m.nik ?? '') : null,
    resiko_stunting_p3ke: row.resiko_stunting,
    stunting_risk_precheck: row.stunting_flag,
    stunting_risk_field: data && parseIsoDate(data.visitDate) ? stuntingAtRisk(data, data.visitDate) : null,
  };
}

type CsvValue = string | number | boolean | null | undefined;
const list = (values: readonly string[] | null): string | null => (values === null ? null : values.join(';'));

/** CSV columns in order, lists joined with ';'. */
export const FEEDBACK_COLUMNS: readonly [string, (r: FeedbackRecord) => CsvValue][] = [
  ['id_keluarga_p3ke', (r) => r.id_keluarga_p3ke],
  ['kode_kemendagri', (r) => r.kode_kemendagri],
  ['verification_status', (r) => r.verification_status],
  ['settlement', (r) => r.settlement],
  ['corrected_from', (r) => r.corrected_from],
  ['field_result_version', (r) => r.field_result_version],
  ['visit_date', (r) => r.visit_date],
  ['escalation_decision', (r) => r.escalation_decision],
  ['mismatch_types', (r) => list(r.mismatch_types)],
  ['desil_p3ke', (r) => r.desil_p3ke],
  ['desil_kesejahteraan', (r) => r.desil_kesejahteraan],
  ['kepala_keluarga', (r) => r.kepala_keluarga],
  ['alamat', (r) => r.alamat],
  ...HOUSING_INDICATORS.map((c): [string, (r: FeedbackRecord) => CsvValue] => [c, (r) => r[c]]),
  ['jumlah_anggota', (r) => r.jumlah_anggota],
  ['nik_anggota', (r) => list(r.nik_anggota)],
  ['resiko_stunting_p3ke', (r) => r.resiko_stunting_p3ke],
  ['stunting_risk_precheck', (r) => r.stunting_risk_precheck],
  ['stunting_risk_field', (r) => r.stunting_risk_field],
];

export const QUARANTINE_COLUMNS: readonly [string, (r: QuarantineRecord) => CsvValue][] = [
  ['kind', (r) => r.kind],
  ['source_position', (r) => r.source_position],
  ['source_id', (r) => r.source_id],
  ['reason_code', (r) => r.reason_code],
  ['reason', (r) => r.reason],
];

/**
 * Text a spreadsheet would run as a formula (OWASP "CSV injection"): a cell starting with = + - @, a tab or a CR.
 * Names and addresses come from P3KE and from the field, so any of them may start that way.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A text cell that would start a formula gets a leading apostrophe, which spreadsheets read as "this is text" and
 * do not show. Only strings: numbers and booleans are written as they are, so a negative number stays a number.
 */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** RFC 4180: a field with a comma, quote, CR or LF is quoted, quotes doubled; empty for null; text made formula-safe. */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? neutraliseFormula(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV record, CRLF-terminated as RFC 4180 asks. */
export function csvLine(values: readonly CsvValue[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

export function csvHeader<T>(columns: readonly [string, (r: T) => CsvValue][]): string {
  return csvLine(columns.map(([name]) => name));
}

export function csvRecord<T>(columns: readonly [string, (r: T) => CsvValue][], record: T): string {
  return csvLine(columns.map(([, value]) => value(record)));
}
