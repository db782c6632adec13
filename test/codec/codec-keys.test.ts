/**
 * The key ring and where it comes from: both written forms, every kind of bad key material, and the development
 * key file generated for the local dev server only.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { ConfigError, loadEnv } from '../../config/env';
import { DEV_KEY_FILE_NAME, describeKeyRing, ensureKeyFile, loadKeyRing } from '../../client/codec/codec-keys';
import { KeyRing, KeyRingError, parseKeyRing } from '../../client/codec/key-ring';

const keyA = randomBytes(32).toString('base64');
const keyB = randomBytes(32).toString('base64');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'verivali-codec-keys-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The error a function throws, for assertions on its type and message. */
function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected an error');
}

describe('parseKeyRing', () => {
  it('when the compact list names two keys, then the first encrypts and both decrypt', () => {
    const ring = parseKeyRing(`k2:${keyB}, k1:${keyA}`);

    expect(ring.activeKeyId).toBe('k2');
    expect(ring.keyIds).toEqual(['k2', 'k1']);
    expect(ring.keyFor('k1')?.symmetricKeySize).toBe(32);
  });

  it('when the JSON form designates an active key, then that key encrypts whatever its position', () => {
    const ring = parseKeyRing(JSON.stringify({ activeKeyId: 'k2', keys: [{ id: 'k1', key: keyA }, { id: 'k2', key: keyB }] }));

    expect(ring.activeKeyId).toBe('k2');
    expect(ring.keyIds).toEqual(['k1', 'k2']);
  });

  it.each([
    ['a key of 16 bytes', `k1:${randomBytes(16).toString('base64')}`, /key "k1" is 16 bytes .* needs 32/],
    ['a key that is not base64', `k1:${keyA.slice(0, -2)}!!`, /key "k1" is not valid standard base64/],
    ['a duplicate id', `k1:${keyA},k1:${keyB}`, /key id "k1" appears more than once/],
    ['an empty ring', '  ', /the key ring is empty/],
    ['an empty JSON ring', '{"keys":[]}', /the key ring is empty/],
    ['an entry without id', keyA, /entry #1 is not of the form id:base64key/],
    ['an id with spaces', `my key:${keyA}`, /key #1 has an invalid id/],
    ['an active key not in the ring', JSON.stringify({ activeKeyId: 'k9', keys: [{ id: 'k1', key: keyA }] }), /active key "k9" is not in the key ring/],
    ['broken JSON', `{"keys":[{"id":"k1","key":"${keyA}"`, /not valid JSON/],
    ['JSON of another shape', JSON.stringify({ keys: [{ name: 'k1', secret: keyA }] }), /does not have the shape/],
  ])('when the ring has %s, then it is refused with a KeyRingError that never shows key material', (_what, text, message) => {
    const err = thrown(() => parseKeyRing(text));

    expect(err).toBeInstanceOf(KeyRingError);
    expect(err.message).toMatch(message);
    expect(err.message).not.toContain(keyA.slice(0, 12));
    expect(err.message).not.toContain(keyB.slice(0, 12));
  });

  it('when a ring is printed, then its key material does not appear', () => {
    const ring = KeyRing.fromDefinition({ keys: [{ id: 'k1', key: keyA }] });

    const printed = `${JSON.stringify(ring)} ${inspect(ring, { depth: 5 })}`;

    expect(printed).not.toContain(keyA.slice(0, 12));
    expect(printed).not.toContain(Buffer.from(keyA, 'base64').toString('hex').slice(0, 16));
  });
});

describe('loadKeyRing', () => {
  it('when VERIVALI_CODEC_KEYS holds bad material, then start-up fails with a ConfigError naming the variable', () => {
    const env = loadEnv({ VERIVALI_CODEC_KEYS: `k1:${randomBytes(31).toString('base64')}` });

    const err = thrown(() => loadKeyRing(env));

    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toMatch(/^VERIVALI_CODEC_KEYS: key "k1" is 31 bytes/);
  });

  it('when VERIVALI_CODEC_KEYS_FILE holds duplicate ids, then the error names the variable and the file', () => {
    const file = join(dir, 'keys.json');
    writeFileSync(file, JSON.stringify({ keys: [{ id: 'k1', key: keyA }, { id: 'k1', key: keyB }] }));

    const err = thrown(() => loadKeyRing(loadEnv({ VERIVALI_CODEC_KEYS_FILE: file })));

    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toContain(`VERIVALI_CODEC_KEYS_FILE (${file}): key id "k1" appears more than once`);
  });

  it('when VERIVALI_CODEC_KEYS_FILE names a missing file, then the error names the variable and the reason', () => {
    const err = thrown(() => loadKeyRing(loadEnv({ VERIVALI_CODEC_KEYS_FILE: join(dir, 'nope.json') })));

    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toMatch(/VERIVALI_CODEC_KEYS_FILE .*cannot read the key file \(ENOENT\)/);
  });

  it('when both variables are set, then start-up fails instead of guessing which one counts', () => {
    const env = loadEnv({ VERIVALI_CODEC_KEYS: `k1:${keyA}`, VERIVALI_CODEC_KEYS_FILE: join(dir, 'keys.json') });

    expect(() => loadKeyRing(env)).toThrow(/VERIVALI_CODEC_KEYS and VERIVALI_CODEC_KEYS_FILE are both set/);
  });

  it('when the variables are empty strings, then they count as unset and the dev key file is used', () => {
    const loaded = loadKeyRing(loadEnv({ VERIVALI_CODEC_KEYS: '', VERIVALI_CODEC_KEYS_FILE: ' ', VERIVALI_DATA_DIR: dir }));

    expect(loaded.source.kind).toBe('dev-key-file');
  });

  it('when nothing is configured for the local dev server, then a key file is generated once with mode 0600 and reused', () => {
    const env = loadEnv({ VERIVALI_DATA_DIR: join(dir, 'data') });

    const first = loadKeyRing(env);
    const second = loadKeyRing(env);

    const path = join(dir, 'data', DEV_KEY_FILE_NAME);
    expect(first.source).toEqual({ kind: 'dev-key-file', path, created: true });
    expect(second.source).toEqual({ kind: 'dev-key-file', path, created: false });
    expect(second.ring.activeKeyId).toBe(first.ring.activeKeyId);
    expect(first.ring.activeKeyId).toMatch(/^dev-\d{8}-[0-9a-f]{6}$/);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(describeKeyRing(first)).toContain(`active key ${first.ring.activeKeyId}`);
  });

  it('when nothing is configured but TEMPORAL_ADDRESS points at a cluster, then no key is generated and start-up fails', () => {
    const env = loadEnv({ TEMPORAL_ADDRESS: 'temporal.example.internal:7233', VERIVALI_DATA_DIR: dir });

    const err = thrown(() => loadKeyRing(env));

    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toMatch(/VERIVALI_CODEC_KEYS or VERIVALI_CODEC_KEYS_FILE must be set/);
  });
});

describe('ensureKeyFile', () => {
  it('when the file exists, then it is left untouched', () => {
    const file = join(dir, 'keys.json');
    writeFileSync(file, `k1:${keyA}`);

    expect(ensureKeyFile(file, 'test')).toBe(false);
    expect(readFileSync(file, 'utf8')).toBe(`k1:${keyA}`);
  });
});
