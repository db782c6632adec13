/**
 * Masking of personal data for log lines, error messages and anything else not encrypted (UU PDP, DOMAIN.md
 * section 6). Every log line that refers to a person goes through these.
 *
 * The masked forms let an operator tell records in one family or work package apart, but not identify anyone:
 * a NIK keeps its first 4 digits (province + kabupaten of issue, public knowledge about a region) and its last 2
 * (of a 4-digit serial); the birth date and most of the serial, which single out a person, are hidden.
 */

const NIK_KEEP_START = 4;
const NIK_KEEP_END = 2;
const MASK = '*';

/**
 * 6409041206900003 -> 6409**********03. Values too short to keep 6 digits safely are masked completely, keeping
 * only their length, so a malformed NIK in a log still shows that it was malformed.
 */
export function maskNik(nik: string | null | undefined): string {
  if (!nik) return '';
  const value = nik.trim();
  if (value.length < 10) return MASK.repeat(value.length);
  return value.slice(0, NIK_KEEP_START) + MASK.repeat(value.length - NIK_KEEP_START - NIK_KEEP_END) + value.slice(-NIK_KEEP_END);
}

/**
 * "Siti Nur Aisyah" -> "S. N. A."; a single-word name (common in Indonesia) -> "S.". Only letters start an
 * initial, so titles' punctuation and digits are dropped; at most 4 initials so long names do not become unique.
 */
export function maskName(name: string | null | undefined): string {
  if (!name) return '';
  const initials = name
    .split(/\s+/)
    .map((word) => /\p{L}/u.exec(word)?.[0])
    .filter((letter): letter is string => letter !== undefined)
    .slice(0, 4)
    .map((letter) => `${letter.toUpperCase()}.`);
  return initials.join(' ');
}
