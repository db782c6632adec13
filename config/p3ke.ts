import type { AppEnv } from './env';

/** The P3KE service: the real one when P3KE_API_URL is set, otherwise the local simulator. */
export function p3keBaseUrl(env: AppEnv): string {
  return env.P3KE_API_URL ?? `http://127.0.0.1:${env.P3KE_SIM_PORT}`;
}
