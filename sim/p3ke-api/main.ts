/**
 * Entry point: `ts-node sim/p3ke-api/main.ts`. Reads its configuration from the environment (validated once,
 * listed in README.md) and logs counts and URLs only, never records.
 */
import { z } from 'zod';
import { DEFECT_KINDS, type DefectKind } from './defects';
import { startP3keSimulator, SIMULATOR_DEFAULTS } from './server';

const rate = z.coerce.number().min(0).max(1);

const EnvSchema = z.object({
  P3KE_SIM_PORT: z.coerce.number().int().min(0).max(65535).default(7301),
  P3KE_SIM_HOST: z.string().min(1).default('127.0.0.1'),
  P3KE_API_TOKEN: z.string().min(1).default('dev-p3ke-token'),
  P3KE_SIM_SEED: z.coerce.number().int().default(SIMULATOR_DEFAULTS.seed),
  P3KE_SIM_FAMILIES: z.coerce.number().int().min(1).max(2_000_000).default(SIMULATOR_DEFAULTS.families),
  P3KE_SIM_DEFECT_RATE: rate.default(SIMULATOR_DEFAULTS.defectRate),
  P3KE_SIM_DEFECT_KINDS: z
    .string()
    .optional()
    .transform((list, ctx) => {
      if (list === undefined || list.trim() === '') return [...DEFECT_KINDS];
      const kinds = list.split(',').map((k) => k.trim());
      const unknown = kinds.filter((k) => !(DEFECT_KINDS as readonly string[]).includes(k));
      if (unknown.length > 0) ctx.addIssue({ code: 'custom', message: `unknown defect kinds: ${unknown.join(', ')}` });
      return kinds as DefectKind[];
    }),
  P3KE_SIM_AS_OF: z.iso.date().default(SIMULATOR_DEFAULTS.asOf),
  P3KE_SIM_FAULT_LATENCY_MS: z.coerce.number().int().min(0).default(0),
  P3KE_SIM_FAULT_JITTER_MS: z.coerce.number().int().min(0).default(0),
  P3KE_SIM_FAULT_500_RATE: rate.default(0),
  P3KE_SIM_FAULT_503_RATE: rate.default(0),
  P3KE_SIM_FAULT_429_RATE: rate.default(0),
  P3KE_SIM_FAULT_RETRY_AFTER_S: z.coerce.number().min(0).default(1),
  P3KE_SIM_FAULT_RESET_RATE: rate.default(0),
  P3KE_SIM_FAULT_CURSOR_TTL_MS: z.coerce.number().int().min(0).default(15 * 60_000),
  P3KE_SIM_FAULT_CURSOR_EXPIRED_RATE: rate.default(0),
});

async function main(): Promise<void> {
  const parsed = EnvSchema.safeParse(process.env);
  if (!parsed.success) {
    // Names of the variables and the rule broken; the token's value is never printed.
    console.error(`P3KE simulator: invalid environment: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    process.exit(1);
  }
  const env = parsed.data;
  const started = Date.now();
  const sim = await startP3keSimulator({
    port: env.P3KE_SIM_PORT,
    host: env.P3KE_SIM_HOST,
    token: env.P3KE_API_TOKEN,
    seed: env.P3KE_SIM_SEED,
    families: env.P3KE_SIM_FAMILIES,
    defectRate: env.P3KE_SIM_DEFECT_RATE,
    defectKinds: env.P3KE_SIM_DEFECT_KINDS,
    asOf: env.P3KE_SIM_AS_OF,
    faults: {
      latencyMs: env.P3KE_SIM_FAULT_LATENCY_MS,
      jitterMs: env.P3KE_SIM_FAULT_JITTER_MS,
      error500Rate: env.P3KE_SIM_FAULT_500_RATE,
      error503Rate: env.P3KE_SIM_FAULT_503_RATE,
      rateLimitRate: env.P3KE_SIM_FAULT_429_RATE,
      retryAfterSeconds: env.P3KE_SIM_FAULT_RETRY_AFTER_S,
      connectionResetRate: env.P3KE_SIM_FAULT_RESET_RATE,
      cursorTtlMs: env.P3KE_SIM_FAULT_CURSOR_TTL_MS,
      cursorExpiredRate: env.P3KE_SIM_FAULT_CURSOR_EXPIRED_RATE,
    },
  });
  console.log(
    `P3KE simulator listening on ${sim.url} (${sim.population.size} families over ${sim.population.ctx.area.length} desa, ` +
      `seed ${env.P3KE_SIM_SEED}, defect rate ${env.P3KE_SIM_DEFECT_RATE}, ready in ${Date.now() - started} ms)`,
  );
  const stop = (signal: string) => {
    console.log(`P3KE simulator stopping on ${signal}`);
    sim.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(`P3KE simulator failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
