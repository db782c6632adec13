/**
 * The rule modules may be imported by workflow code, which runs in Temporal's deterministic sandbox. This guards
 * what cannot be seen from a unit test's result: no Node built-ins, no zod, no file-reading region tables, no
 * clock or randomness, in any module a workflow may import (directly or through its own imports).
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const DOMAIN = resolve(__dirname, '../../domain');
const WORKFLOW_SAFE_ENTRIES = [
  'nik.ts',
  'masking.ts',
  'stunting.ts',
  'desil-proxy.ts',
  'field-result.ts',
  'field-result-checks.ts',
  'mismatch/index.ts',
  'interventions/index.ts',
];

const IMPORT = /(?:import|export)\s[^'"]*?from\s+'([^']+)'/g;
const FORBIDDEN_CODE = [/Date\.now\(/, /new Date\(\s*\)/, /Math\.random\(/, /performance\.now\(/];

function localImportsOf(file: string): { local: string[]; external: string[] } {
  const source = readFileSync(file, 'utf8');
  const specifiers = [...source.matchAll(IMPORT)].map((m) => m[1]!);
  return {
    local: specifiers.filter((s) => s.startsWith('.')).map((s) => resolve(dirname(file), s.endsWith('.ts') ? s : `${s}.ts`)),
    external: specifiers.filter((s) => !s.startsWith('.')),
  };
}

function closure(entry: string): Set<string> {
  const seen = new Set<string>();
  const queue = [join(DOMAIN, entry)];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    queue.push(...localImportsOf(file).local);
  }
  return seen;
}

describe('workflow-safe domain modules', () => {
  it.each(WORKFLOW_SAFE_ENTRIES)('when %s and everything it imports are read, then none imports a package, Node or the region files', (entry) => {
    for (const file of closure(entry)) {
      const { local, external } = localImportsOf(file);

      expect({ file, external }).toEqual({ file, external: [] });
      expect(local.filter((f) => f.endsWith('regions.ts') || f.endsWith('.schema.ts'))).toEqual([]);
    }
  });

  it.each(WORKFLOW_SAFE_ENTRIES)('when %s and its imports are read, then none uses the clock or randomness', (entry) => {
    for (const file of closure(entry)) {
      // Comments may name what is forbidden (to say why); only code counts.
      const source = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');

      expect({ file, uses: FORBIDDEN_CODE.filter((re) => re.test(source)).map(String) }).toEqual({ file, uses: [] });
    }
  });
});
