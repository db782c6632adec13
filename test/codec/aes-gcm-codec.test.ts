/**
 * The AES-256-GCM payload codec on its own: what an encrypted payload looks like, round trips through the SDK's
 * payload converter, key rotation, and errors that name key ids but never the data.
 */
import { randomBytes } from 'node:crypto';
import { defaultFailureConverter, defaultPayloadConverter, type Payload } from '@temporalio/common';
import {
  AesGcmPayloadCodec,
  ENCRYPTED_ENCODING,
  KEY_ID_METADATA_KEY,
  PayloadDecryptionError,
  UnknownCodecKeyError,
} from '../../client/codec/aes-gcm-codec';
import { FAILURE_CONVERTER_PATH } from '../../client/codec/data-converter';
import { failureConverter } from '../../client/codec/failure-converter';
import { KeyRing } from '../../client/codec/key-ring';

const material = { A: randomBytes(32).toString('base64'), B: randomBytes(32).toString('base64') };
const ring = (...ids: ('A' | 'B')[]): KeyRing => KeyRing.fromDefinition({ keys: ids.map((id) => ({ id: `key-${id}`, key: material[id] })) });

/** A record shaped like what must never travel in plain text. */
const person = { nik: '6409015506870003', nama: 'Siti Rahmawati', catatan: 'anak balita berisiko stunting' };

const text = (bytes: Uint8Array | null | undefined): string => Buffer.from(bytes ?? new Uint8Array()).toString('utf8');
const toPayload = (value: unknown): Payload => defaultPayloadConverter.toPayload(value);

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection');
}

describe('AesGcmPayloadCodec', () => {
  it('when a payload is encoded, then it carries the encrypted encoding and key id, and neither the data nor the original encoding', async () => {
    const [encrypted] = await new AesGcmPayloadCodec(ring('A')).encode([toPayload(person)]);

    expect(text(encrypted?.metadata?.encoding)).toBe(ENCRYPTED_ENCODING);
    expect(text(encrypted?.metadata?.[KEY_ID_METADATA_KEY])).toBe('key-A');
    expect(Object.keys(encrypted?.metadata ?? {}).sort()).toEqual(['encoding', KEY_ID_METADATA_KEY]);
    const raw = Buffer.from(encrypted?.data ?? new Uint8Array()).toString('latin1');
    for (const secret of [person.nik, person.nama, 'json/plain']) expect(raw).not.toContain(secret);
  });

  it('when the same payload is encoded twice, then the IVs and ciphertexts differ', async () => {
    const codec = new AesGcmPayloadCodec(ring('A'));

    const [one, two] = await codec.encode([toPayload(person), toPayload(person)]);

    expect(Buffer.from(one?.data ?? []).subarray(0, 12).equals(Buffer.from(two?.data ?? []).subarray(0, 12))).toBe(false);
    expect(Buffer.from(one?.data ?? []).equals(Buffer.from(two?.data ?? []))).toBe(false);
  });

  it('when a payload is encoded and decoded, then the whole original payload comes back, metadata included', async () => {
    const codec = new AesGcmPayloadCodec(ring('A'));
    const original = toPayload(person);

    const [decoded] = await codec.decode(await codec.encode([original]));

    expect(text(decoded?.metadata?.encoding)).toBe('json/plain');
    expect(defaultPayloadConverter.fromPayload(decoded as Payload)).toEqual(person);
  });

  it('when a batch mixes empty, binary and JSON payloads, then each round-trips in order', async () => {
    const codec = new AesGcmPayloadCodec(ring('A'));
    const batch = [toPayload(undefined), toPayload(new Uint8Array([0, 1, 2, 255])), toPayload('x'), toPayload({ n: 1 })];

    const decoded = await codec.decode(await codec.encode(batch));

    expect(decoded.map((p) => defaultPayloadConverter.fromPayload(p))).toEqual([undefined, new Uint8Array([0, 1, 2, 255]), 'x', { n: 1 }]);
  });

  it('when a payload is not encrypted (history from before encryption), then decode passes it through unchanged', async () => {
    const plain = toPayload(person);

    const [decoded] = await new AesGcmPayloadCodec(ring('A')).decode([plain]);

    expect(decoded).toBe(plain);
  });

  it('when the key is rotated from A to B, then old payloads still decrypt and new ones carry B', async () => {
    const [old] = await new AesGcmPayloadCodec(ring('A')).encode([toPayload(person)]);
    const rotated = new AesGcmPayloadCodec(ring('B', 'A'));

    const [oldDecoded] = await rotated.decode([old as Payload]);
    const [fresh] = await rotated.encode([toPayload(person)]);

    expect(defaultPayloadConverter.fromPayload(oldDecoded as Payload)).toEqual(person);
    expect(text(fresh?.metadata?.[KEY_ID_METADATA_KEY])).toBe('key-B');
    const [freshDecoded] = await rotated.decode([fresh as Payload]);
    expect(defaultPayloadConverter.fromPayload(freshDecoded as Payload)).toEqual(person);
  });

  it('when the ring no longer holds key A, then decoding an A payload fails naming key A and not the data', async () => {
    const [old] = await new AesGcmPayloadCodec(ring('A')).encode([toPayload(person)]);

    const err = await rejection(new AesGcmPayloadCodec(ring('B')).decode([old as Payload]));

    expect(err).toBeInstanceOf(UnknownCodecKeyError);
    expect((err as UnknownCodecKeyError).keyId).toBe('key-A');
    expect(err.message).toMatch(/key "key-A", which is not in the key ring \(key-B\)/);
    for (const secret of [person.nik, person.nama]) expect(`${err.message}${err.stack}`).not.toContain(secret);
  });

  it('when another key is filed under the same id, then decoding fails authentication instead of returning garbage', async () => {
    const [payload] = await new AesGcmPayloadCodec(ring('A')).encode([toPayload(person)]);
    const impostor = KeyRing.fromDefinition({ keys: [{ id: 'key-A', key: material.B }] });

    const err = await rejection(new AesGcmPayloadCodec(impostor).decode([payload as Payload]));

    expect(err).toBeInstanceOf(PayloadDecryptionError);
    expect(err.message).toMatch(/key "key-A" failed authentication/);
  });

  it('when one ciphertext byte is altered, then decoding fails authentication', async () => {
    const codec = new AesGcmPayloadCodec(ring('A'));
    const [payload] = await codec.encode([toPayload(person)]);
    const data = Buffer.from(payload?.data ?? []);
    data[20] = (data[20] ?? 0) ^ 0x01;

    await expect(codec.decode([{ ...payload, data }])).rejects.toThrow(/failed authentication/);
  });

  it('when an encrypted payload has no key id or is too short, then decoding says so', async () => {
    const codec = new AesGcmPayloadCodec(ring('A'));
    const encoding = Buffer.from(ENCRYPTED_ENCODING);

    await expect(codec.decode([{ metadata: { encoding }, data: randomBytes(40) }])).rejects.toThrow(/has no encryption-key-id/);
    await expect(codec.decode([{ metadata: { encoding, [KEY_ID_METADATA_KEY]: Buffer.from('key-A') }, data: randomBytes(10) }])).rejects.toThrow(
      /10 bytes, too short/,
    );
    await expect(codec.decode([{ metadata: { encoding, [KEY_ID_METADATA_KEY]: Buffer.from('bad id\n') }, data: randomBytes(40) }])).rejects.toThrow(
      /malformed encryption-key-id/,
    );
  });
});

describe('failure converter', () => {
  it('when an error quoting personal data is converted, then its message and stack move into a payload the codec encrypts', async () => {
    const codec = new AesGcmPayloadCodec(ring('A'));

    const failure = failureConverter.errorToFailure(new Error(`NIK ${person.nik} not found`), defaultPayloadConverter);
    const [encrypted] = await codec.encode([failure.encodedAttributes as Payload]);

    expect(FAILURE_CONVERTER_PATH).toMatch(/client\/codec\/failure-converter\.[jt]s$/);
    expect(failure.message).toBe('Encoded failure');
    expect(failure.stackTrace).toBe('');
    expect(Buffer.from(encrypted?.data ?? []).toString('latin1')).not.toContain(person.nik);
    const [decoded] = await codec.decode([encrypted as Payload]);
    const restored = defaultFailureConverter.failureToError({ ...failure, encodedAttributes: decoded }, defaultPayloadConverter);
    expect(restored.message).toBe(`NIK ${person.nik} not found`);
  });
});
