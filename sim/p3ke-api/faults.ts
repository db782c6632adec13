/**
 * Fault injection: the failures a remote government data service shows in practice (slow answers, 5xx, rate
 * limits, dropped connections, expiring cursors), so the ingest's retry and resume paths are exercised.
 * Decisions come from a seeded stream, so a given seed and request sequence fail the same way every run.
 */
import { z } from 'zod';
import { createRng, hashInts } from './prng';

const probability = z.number().min(0).max(1);

export const FaultConfigSchema = z.strictObject({
  latencyMs: z.number().int().min(0).default(0),
  jitterMs: z.number().int().min(0).default(0),
  error500Rate: probability.default(0),
  error503Rate: probability.default(0),
  rateLimitRate: probability.default(0),
  retryAfterSeconds: z.number().min(0).default(1),
  connectionResetRate: probability.default(0),
  /** Cursors older than this are answered with 410; 0 = cursors never expire. */
  cursorTtlMs: z.number().int().min(0).default(15 * 60_000),
  /** Chance that any cursor is answered with 410 regardless of its age. */
  cursorExpiredRate: probability.default(0),
});
export type FaultConfig = z.infer<typeof FaultConfigSchema>;
export type FaultSettings = z.input<typeof FaultConfigSchema>;

export type FaultOutcome =
  | { kind: 'none' }
  | { kind: 'reset' }
  | { kind: 'status'; status: 500 | 503; code: string }
  | { kind: 'rate_limited'; retryAfterSeconds: number };

export function createFaultInjector(seed: number, initial: FaultSettings = {}) {
  let config = FaultConfigSchema.parse(initial);
  const rng = createRng(hashInts(seed, 0xfa17));

  return {
    get config(): FaultConfig {
      return config;
    },
    /** Replaces the whole configuration (PUT semantics): settings left out return to their defaults. */
    set(settings: FaultSettings): FaultConfig {
      config = FaultConfigSchema.parse(settings);
      return config;
    },
    delayMs(): number {
      return config.latencyMs + (config.jitterMs > 0 ? Math.floor(rng.next() * (config.jitterMs + 1)) : 0);
    },
    /** One draw per request; the bands are checked in a fixed order so their rates add up as configured. */
    decide(): FaultOutcome {
      let roll = rng.next();
      const bands: [number, FaultOutcome][] = [
        [config.connectionResetRate, { kind: 'reset' }],
        [config.error500Rate, { kind: 'status', status: 500, code: 'INTERNAL_ERROR' }],
        [config.error503Rate, { kind: 'status', status: 503, code: 'SERVICE_UNAVAILABLE' }],
        [config.rateLimitRate, { kind: 'rate_limited', retryAfterSeconds: config.retryAfterSeconds }],
      ];
      for (const [rate, outcome] of bands) {
        if (roll < rate) return outcome;
        roll -= rate;
      }
      return { kind: 'none' };
    },
    cursorExpiresNow(): boolean {
      return config.cursorExpiredRate > 0 && rng.next() < config.cursorExpiredRate;
    },
  };
}
export type FaultInjector = ReturnType<typeof createFaultInjector>;
