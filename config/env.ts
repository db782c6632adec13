/**
 * Configuration from the environment, validated once at start into a typed object.
 * Every variable is listed in README.md and .env.example; keep the three in step.
 */
import { z } from 'zod';

const boolFromEnv = z
  .enum(['true', 'false', '1', '0', ''])
  .optional()
  .transform((v) => v === 'true' || v === '1');

/** An empty value (a blank line copied from .env.example) counts as not set. */
const unsetWhenEmpty = z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().optional());

export const envSchema = z.object({
  DATABASE_URL: z.string().url().default('postgresql://postgres@127.0.0.1:5432/verivali'),
  TEMPORAL_ADDRESS: z.string().min(1).optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TLS: boolFromEnv,
  TEMPORAL_TLS_CERT_PATH: z.string().optional(),
  TEMPORAL_TLS_KEY_PATH: z.string().optional(),
  TEMPORAL_TLS_CA_PATH: z.string().optional(),
  TEMPORAL_TLS_SERVER_NAME: z.string().optional(),
  TEMPORAL_API_KEY: z.string().optional(),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('verivali'),
  TEMPORAL_DEV_PORT: z.coerce.number().int().min(1).max(65535).default(7233),
  TEMPORAL_DEV_UI_PORT: z.coerce.number().int().min(1).max(65535).default(8233),
  P3KE_API_URL: z.string().url().optional(),
  P3KE_API_TOKEN: z.string().min(1).default('dev-p3ke-token'),
  P3KE_API_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  P3KE_SIM_PORT: z.coerce.number().int().min(1).max(65535).default(7301),
  VERIVALI_DATA_DIR: z.string().min(1).default('.data'),
  /**
   * Payload encryption key ring (client/codec/README.md): `id:base64key,id:base64key` (first encrypts) or JSON
   * `{"activeKeyId"?, "keys":[{"id","key"}]}`. Set at most one of the two; with neither, a local dev server gets a
   * generated key in VERIVALI_DATA_DIR/codec-keys.json (mode 0600) and an external cluster refuses to start.
   */
  VERIVALI_CODEC_KEYS: unsetWhenEmpty,
  VERIVALI_CODEC_KEYS_FILE: unsetWhenEmpty,
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  /**
   * Days a finished campaign's personal data is kept before `npm run purge` / `verivali data purge` anonymises it
   * (UU PDP: erasure after retention; docs/DATA-PROTECTION.md). Counted from the campaign's completion.
   */
  RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
  /**
   * Where a worker process serves the Temporal SDK's Prometheus metrics (workers/runtime.ts): ip:port, or an empty
   * value for none. Unlike other variables, empty means off rather than the default.
   */
  WORKER_METRICS_ADDRESS: z
    .string()
    .default('127.0.0.1:9464')
    .transform((v) => v.trim())
    .refine((v) => v === '' || /^(\[[0-9A-Fa-f:.]+\]|\d{1,3}(\.\d{1,3}){3}):\d{1,5}$/.test(v), 'ip:port (for example 127.0.0.1:9464), or empty for no worker metrics')
    .transform((v) => (v === '' ? null : v)),
  /** HTTP API (client/api): where it listens. */
  API_PORT: z.coerce.number().int().min(1).max(65535).default(8080),
  API_HOST: z.string().min(1).default('127.0.0.1'),
  /** Origins allowed to call the codec endpoint from a browser (the Temporal Web UI), comma-separated. */
  API_CODEC_CORS_ORIGINS: z
    .string()
    .default('http://127.0.0.1:8233,http://localhost:8233')
    .transform((v) => v.split(',').map((o) => o.trim()).filter((o) => o.length > 0)),
});

export type AppEnv = z.infer<typeof envSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the environment; a bad value stops start-up with a message naming the variable. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): AppEnv {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid environment configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
