/**
 * Finds personal data in text lines (logs): any full NIK of a known set, any known person's name as a whole
 * phrase, any known address. Masked forms (domain/masking.ts: 6409**********03, "S. N. A.") are not a finding.
 * A finding names the source and line and shows the value masked, so a failing test does not itself print the
 * personal data it caught into the CI log.
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import { maskName, maskNik } from '../../domain/masking';

export interface KnownPersonalData {
  niks: ReadonlySet<string>;
  names: ReadonlySet<string>;
  addresses: ReadonlySet<string>;
}

export interface LogSource {
  name: string;
  lines: readonly string[];
}

export interface PersonalDataFinding {
  source: string;
  line: number;
  kind: 'nik' | 'name' | 'address';
  masked: string;
}

const DIGIT_RUNS = /\d{16,}/g;
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A phrase as a whole: not glued to letters or digits on either side (so "Ani" does not match "Perusahaan"). */
function phrasePattern(values: ReadonlySet<string>): RegExp | null {
  const list = [...values].filter((v) => v.trim().length >= 3).sort((a, b) => b.length - a.length);
  if (list.length === 0) return null;
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${list.map(escape).join('|')})(?![\\p{L}\\p{N}])`, 'gu');
}

export function findPersonalData(sources: readonly LogSource[], known: KnownPersonalData): PersonalDataFinding[] {
  const names = phrasePattern(known.names);
  const addresses = phrasePattern(known.addresses);
  // NIKs that are not 16 plain digits (planted defects) are looked for as exact strings too.
  const oddNiks = phrasePattern(new Set([...known.niks].filter((n) => !/^\d{16}$/.test(n))));
  const findings: PersonalDataFinding[] = [];
  for (const source of sources) {
    source.lines.forEach((text, index) => {
      const at = { source: source.name, line: index + 1 };
      // Any 16-digit window of a longer digit run counts: a NIK glued to other digits is still a NIK.
      for (const run of text.match(DIGIT_RUNS) ?? []) {
        for (let i = 0; i + 16 <= run.length; i++) {
          const candidate = run.slice(i, i + 16);
          if (known.niks.has(candidate)) findings.push({ ...at, kind: 'nik', masked: maskNik(candidate) });
        }
      }
      for (const m of oddNiks ? text.matchAll(oddNiks) : []) findings.push({ ...at, kind: 'nik', masked: maskNik(m[0]) });
      for (const m of names ? text.matchAll(names) : []) findings.push({ ...at, kind: 'name', masked: maskName(m[0]) });
      for (const m of addresses ? text.matchAll(addresses) : []) findings.push({ ...at, kind: 'address', masked: `${m[0].slice(0, 3)}… (${m[0].length} chars)` });
    });
  }
  return findings;
}

/**
 * Every NIK, name and address a campaign held: the P3KE rows, the raw quarantined records, and what officers
 * wrote in field results (corrected NIKs, newborns' names).
 */
export async function campaignPersonalData(orm: MikroORM, campaignId: string): Promise<KnownPersonalData> {
  const rows = await orm.em
    .fork()
    .getConnection()
    .execute<{ kind: 'nik' | 'name' | 'address'; value: string }[]>(
      `select 'nik' as kind, nik as value from p3ke_individual where campaign_id = ?
       union select 'nik', nik from p3ke_family where campaign_id = ?
       union select 'name', nama from p3ke_individual where campaign_id = ?
       union select 'name', kepala_keluarga from p3ke_family where campaign_id = ?
       union select 'address', alamat from p3ke_family where campaign_id = ?
       union select 'nik', raw ->> 'nik' from quarantined_record where campaign_id = ? and jsonb_typeof(raw -> 'nik') in ('string', 'number')
       union select 'name', coalesce(raw ->> 'nama', raw ->> 'kepala_keluarga') from quarantined_record where campaign_id = ?
       union select 'address', raw ->> 'alamat' from quarantined_record where campaign_id = ?
       union select 'nik', m ->> 'nik' from field_result, jsonb_array_elements(payload -> 'members') m where campaign_id = ?
       union select 'name', m ->> 'nama' from field_result, jsonb_array_elements(payload -> 'members') m where campaign_id = ?`,
      Array<string>(10).fill(campaignId),
    );
  const of = (kind: string): Set<string> => new Set(rows.filter((r) => r.kind === kind && r.value).map((r) => r.value));
  return { niks: of('nik'), names: of('name'), addresses: of('address') };
}
