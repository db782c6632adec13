/** GCM nonces from the pool: the right length, never the same twice, across refills, and never changed later. */
import { RandomIvPool } from '../../client/codec/iv-pool';

describe('RandomIvPool', () => {
  it('when many nonces are drawn across refills, then each has 12 bytes and none repeats or changes afterwards', () => {
    const pool = new RandomIvPool(12, 8);
    const first = pool.next();
    const kept = Buffer.from(first);
    const seen = new Set<string>([first.toString('hex')]);
    for (let i = 1; i < 5_000; i++) {
      const iv = pool.next();
      expect(iv).toHaveLength(12);
      seen.add(iv.toString('hex'));
    }
    expect(seen.size).toBe(5_000);
    // 625 refills later the first nonce a caller kept is still what it was handed.
    expect(first.equals(kept)).toBe(true);
  });
});
