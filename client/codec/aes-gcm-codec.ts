/**
 * The AES-256-GCM payload codec. The plaintext is the whole original Payload, protobuf-encoded, so its metadata
 * (encoding, message type) is hidden too. Wire layout of `data`: 12-byte random IV ‖ ciphertext ‖ 16-byte GCM tag,
 * with metadata `encoding: binary/encrypted` and `encryption-key-id: <id>`: the layout of Temporal's encryption
 * samples, so a codec server in another SDK can read these payloads with the same keys.
 *
 * Errors name key ids and payload sizes only, never payload contents.
 */
import { createCipheriv, createDecipheriv, type KeyObject } from 'node:crypto';
import { METADATA_ENCODING_KEY, type Payload, type PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { RandomIvPool } from './iv-pool';
import { KEY_ID_PATTERN, type KeyRing } from './key-ring';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA_KEY = 'encryption-key-id';

const CIPHER = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const ProtoPayload = temporal.api.common.v1.Payload;
const ivs = new RandomIvPool(IV_BYTES);

/** A payload that cannot be decrypted: unknown key, missing key id, or data that fails authentication. */
export class PayloadDecryptionError extends Error {
  override name = 'PayloadDecryptionError';
  constructor(
    message: string,
    /** The key id the payload names, when it names a printable one. */
    readonly keyId?: string,
  ) {
    super(message);
  }
}

/** The payload was encrypted with a key this ring does not hold (retired too early, or another deployment's key). */
export class UnknownCodecKeyError extends PayloadDecryptionError {
  override name = 'UnknownCodecKeyError';
}

export class AesGcmPayloadCodec implements PayloadCodec {
  constructor(private readonly ring: KeyRing) {}

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const { id, key } = this.ring.activeKey;
    const keyIdBytes = Buffer.from(id, 'utf8');
    return payloads.map((payload) => ({
      metadata: { [METADATA_ENCODING_KEY]: Buffer.from(ENCRYPTED_ENCODING, 'utf8'), [KEY_ID_METADATA_KEY]: keyIdBytes },
      data: encrypt(Buffer.from(ProtoPayload.encode(payload).finish()), key),
    }));
  }

  /** Payloads without the encrypted encoding pass through, so histories written before encryption still read. */
  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => (isEncrypted(payload) ? this.decryptOne(payload) : payload));
  }

  private decryptOne(payload: Payload): Payload {
    const rawId = payload.metadata?.[KEY_ID_METADATA_KEY];
    if (!rawId || rawId.length === 0) {
      throw new PayloadDecryptionError(`an encrypted payload has no ${KEY_ID_METADATA_KEY} metadata, so no key can be chosen`);
    }
    const keyId = Buffer.from(rawId).toString('utf8');
    if (!KEY_ID_PATTERN.test(keyId)) {
      throw new PayloadDecryptionError(`an encrypted payload names a malformed ${KEY_ID_METADATA_KEY} (${rawId.length} bytes)`);
    }
    const key = this.ring.keyFor(keyId);
    if (!key) {
      throw new UnknownCodecKeyError(
        `payload encrypted with key "${keyId}", which is not in the key ring (${this.ring.keyIds.join(', ')}): ` +
          'add that key to the ring (it can stay behind the active key) to read this payload',
        keyId,
      );
    }
    const plaintext = decrypt(payload.data ?? new Uint8Array(), key, keyId);
    try {
      return ProtoPayload.decode(plaintext);
    } catch {
      throw new PayloadDecryptionError(`payload encrypted with key "${keyId}" decrypted to something that is not a Payload`, keyId);
    }
  }
}

export function isEncrypted(payload: Payload): boolean {
  const encoding = payload.metadata?.[METADATA_ENCODING_KEY];
  return encoding !== undefined && encoding !== null && Buffer.from(encoding).toString('utf8') === ENCRYPTED_ENCODING;
}

function encrypt(plaintext: Buffer, key: KeyObject): Buffer {
  const iv = ivs.next();
  const cipher = createCipheriv(CIPHER, key, iv, { authTagLength: TAG_BYTES });
  const body = cipher.update(plaintext);
  const rest = cipher.final(); // GCM is a stream mode: empty, but part of the contract
  return Buffer.concat([iv, body, rest, cipher.getAuthTag()], IV_BYTES + body.length + rest.length + TAG_BYTES);
}

function decrypt(data: Uint8Array, key: KeyObject, keyId: string): Buffer {
  if (data.length < IV_BYTES + TAG_BYTES) {
    throw new PayloadDecryptionError(`payload encrypted with key "${keyId}" is ${data.length} bytes, too short to hold IV and tag`, keyId);
  }
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const decipher = createDecipheriv(CIPHER, key, bytes.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
  decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)), decipher.final()]);
  } catch {
    throw new PayloadDecryptionError(
      `payload encrypted with key "${keyId}" failed authentication: the ring holds different material under that id, or the data was altered`,
      keyId,
    );
  }
}
