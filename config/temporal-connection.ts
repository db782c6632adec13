/**
 * Connection options for an external Temporal cluster (TEMPORAL_ADDRESS set) or the local dev server.
 * Used by the worker, the API, the CLI and the demo so that all of them point at the same place.
 */
import { readFileSync } from 'node:fs';
import type { NativeConnectionOptions } from '@temporalio/worker';
import type { AppEnv } from './env';

export function temporalAddress(env: AppEnv): string {
  return env.TEMPORAL_ADDRESS ?? `127.0.0.1:${env.TEMPORAL_DEV_PORT}`;
}

/** True when the project must start its own dev server (no external cluster configured). */
export function usesLocalDevServer(env: AppEnv): boolean {
  return env.TEMPORAL_ADDRESS === undefined;
}

/** Options accepted by both the worker's NativeConnection and the client's Connection. */
export function temporalConnectionOptions(env: AppEnv): NativeConnectionOptions & { address: string } {
  const options: NativeConnectionOptions & { address: string } = { address: temporalAddress(env) };
  const wantsTls = env.TEMPORAL_TLS || env.TEMPORAL_TLS_CERT_PATH !== undefined || env.TEMPORAL_API_KEY !== undefined;
  if (wantsTls) {
    options.tls = {
      serverNameOverride: env.TEMPORAL_TLS_SERVER_NAME,
      serverRootCACertificate: env.TEMPORAL_TLS_CA_PATH ? readFileSync(env.TEMPORAL_TLS_CA_PATH) : undefined,
      clientCertPair:
        env.TEMPORAL_TLS_CERT_PATH && env.TEMPORAL_TLS_KEY_PATH
          ? { crt: readFileSync(env.TEMPORAL_TLS_CERT_PATH), key: readFileSync(env.TEMPORAL_TLS_KEY_PATH) }
          : undefined,
    };
  }
  if (env.TEMPORAL_API_KEY) options.apiKey = env.TEMPORAL_API_KEY;
  return options;
}
