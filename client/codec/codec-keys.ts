/**
 * Where the key ring comes from: VERIVALI_CODEC_KEYS (the ring itself), VERIVALI_CODEC_KEYS_FILE (a file holding
 * it), or, for the local dev server only, a key file generated once under VERIVALI_DATA_DIR. Bad material stops
 * start-up with a ConfigError naming the variable (or file) and the key id, never the key.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ConfigError, type AppEnv } from '../../config/env';
import { usesLocalDevServer } from '../../config/temporal-connection';
import { CODEC_KEY_BYTES, KeyRingError, parseKeyRing, type KeyRing, type KeyRingDefinition } from './key-ring';

export const CODEC_KEYS_VARIABLE = 'VERIVALI_CODEC_KEYS';
export const CODEC_KEYS_FILE_VARIABLE = 'VERIVALI_CODEC_KEYS_FILE';
/** The generated development key file, inside VERIVALI_DATA_DIR (git-ignored). */
export const DEV_KEY_FILE_NAME = 'codec-keys.json';

export type KeyRingSource =
  | { kind: 'variable' }
  | { kind: 'file'; path: string }
  | { kind: 'dev-key-file'; path: string; created: boolean };

export interface LoadedKeyRing {
  ring: KeyRing;
  source: KeyRingSource;
}

export function loadKeyRing(env: AppEnv): LoadedKeyRing {
  if (env.VERIVALI_CODEC_KEYS !== undefined && env.VERIVALI_CODEC_KEYS_FILE !== undefined) {
    throw new ConfigError(`${CODEC_KEYS_VARIABLE} and ${CODEC_KEYS_FILE_VARIABLE} are both set: set only one of them`);
  }
  if (env.VERIVALI_CODEC_KEYS !== undefined) {
    return { ring: parseNamed(env.VERIVALI_CODEC_KEYS, CODEC_KEYS_VARIABLE), source: { kind: 'variable' } };
  }
  if (env.VERIVALI_CODEC_KEYS_FILE !== undefined) {
    const path = resolve(env.VERIVALI_CODEC_KEYS_FILE);
    const label = `${CODEC_KEYS_FILE_VARIABLE} (${path})`;
    return { ring: parseNamed(readKeyFile(path, label), label), source: { kind: 'file', path } };
  }
  if (!usesLocalDevServer(env)) {
    throw new ConfigError(
      `${CODEC_KEYS_VARIABLE} or ${CODEC_KEYS_FILE_VARIABLE} must be set when TEMPORAL_ADDRESS points at a Temporal cluster: ` +
        'a generated development key is only used with the local dev server',
    );
  }
  const path = resolve(join(env.VERIVALI_DATA_DIR, DEV_KEY_FILE_NAME));
  const created = ensureKeyFile(path, 'dev');
  const label = `the development key file ${path}`;
  return { ring: parseNamed(readKeyFile(path, label), label), source: { kind: 'dev-key-file', path, created } };
}

/** One line for start-up logs: where the ring came from and which key encrypts (ids only). */
export function describeKeyRing({ ring, source }: LoadedKeyRing): string {
  const from =
    source.kind === 'variable'
      ? CODEC_KEYS_VARIABLE
      : source.kind === 'file'
        ? `${CODEC_KEYS_FILE_VARIABLE} ${source.path}`
        : `${source.created ? 'new ' : ''}development key file ${source.path}`;
  return `payload encryption: active key ${ring.activeKeyId}, ${ring.keyIds.length} key(s), from ${from}`;
}

/** A fresh single-key ring; ids read `<prefix>-<yyyymmdd>-<random>` so a rotation is easy to follow. */
export function generateKeyRingDefinition(idPrefix: string): KeyRingDefinition {
  const day = new Date().toISOString().slice(0, 10).replace(/-/g, '');
  const id = `${idPrefix}-${day}-${randomBytes(3).toString('hex')}`;
  return { activeKeyId: id, keys: [{ id, key: randomBytes(CODEC_KEY_BYTES).toString('base64') }] };
}

/**
 * Creates a key file with a generated key (mode 0600) unless one exists; returns whether it created it. The file
 * appears whole or not at all (written aside, then hard-linked), so a worker and an API starting together agree.
 */
export function ensureKeyFile(path: string, idPrefix: string): boolean {
  if (existsSync(path)) return false;
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const content = {
    note: 'Generated payload encryption key for local development and tests. Never use it for real data.',
    ...generateKeyRingDefinition(idPrefix),
  };
  const aside = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(aside, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(aside, path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    unlinkSync(aside);
  }
}

function readKeyFile(path: string, label: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`${label}: cannot read the key file (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

function parseNamed(text: string, label: string): KeyRing {
  try {
    return parseKeyRing(text);
  } catch (err) {
    if (err instanceof KeyRingError) throw new ConfigError(`${label}: ${err.message}`);
    throw err;
  }
}
