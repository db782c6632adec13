/**
 * The worker's heap limit (workers/heap-limit.ts) is one number written in three places a worker starts from:
 * the npm scripts, the compose file's worker and the benchmarks' worker processes (which import it). The first
 * two cannot import it, so this test keeps them equal to it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { heapLimitWarning, WORKER_HEAP_LIMIT_MB, WORKER_NODE_FLAGS } from '../../workers/heap-limit';

const root = join(__dirname, '..', '..');
const flag = `--max-old-space-size=${WORKER_HEAP_LIMIT_MB}`;

describe('worker heap limit', () => {
  it('is the flag npm run worker and npm start run node with', () => {
    const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(WORKER_NODE_FLAGS).toEqual([flag]);
    for (const name of ['worker', 'start']) expect(scripts[name]?.split(' ')).toContain(flag);
  });

  it('is the flag the compose file starts its worker with', () => {
    const compose = readFileSync(join(root, 'docker-compose.yml'), 'utf8');
    expect(compose).toContain(`command: ["node", "${flag}", "dist/workers/main.js"]`);
  });

  it('warns only a worker started without it (V8 reports the old space limit plus the young generation)', () => {
    expect(heapLimitWarning(432 * 1024 * 1024)).toBeNull();
    const warning = heapLimitWarning(4144 * 1024 * 1024);
    expect(warning).toContain(flag);
    expect(warning).toContain('4144 MiB');
  });
});
