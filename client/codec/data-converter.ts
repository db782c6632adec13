/**
 * The one DataConverter every Verivali client and worker uses: default JSON payloads, encrypted by the AES-256-GCM
 * codec, with failure messages and stack traces encoded so that they are encrypted as well.
 *
 * Workflow bundles built ahead of time must name the same failure converter:
 * `bundleWorkflowCode({ workflowsPath, failureConverterPath: FAILURE_CONVERTER_PATH })`.
 */
import type { DataConverter } from '@temporalio/common';
import { loadEnv, type AppEnv } from '../../config/env';
import { AesGcmPayloadCodec } from './aes-gcm-codec';
import { loadKeyRing } from './codec-keys';
import type { KeyRing } from './key-ring';

export const FAILURE_CONVERTER_PATH = require.resolve('./failure-converter');

export function createDataConverter(ring: KeyRing): DataConverter {
  return {
    payloadCodecs: [new AesGcmPayloadCodec(ring)],
    failureConverterPath: FAILURE_CONVERTER_PATH,
  };
}

/** The data converter for this process's configuration; a bad key ring throws ConfigError at start-up. */
export function verivaliDataConverter(env: AppEnv = loadEnv()): DataConverter {
  return createDataConverter(loadKeyRing(env).ring);
}
