/**
 * The payload codec's key ring: key id → AES-256 key. The active key encrypts, every key decrypts, so a key is
 * rotated by putting the new one first and keeping the old ones until no history needs them. Loading the ring from
 * the environment is codec-keys.ts.
 *
 * Keys are held as `KeyObject`s: printing a ring (or an error holding one) never shows key material.
 */
import { createSecretKey, type KeyObject } from 'node:crypto';
import { z } from 'zod';

/** AES-256 needs 32 bytes of key material. */
export const CODEC_KEY_BYTES = 32;

/** Key ids travel in payload metadata and error messages: a short, printable alphabet keeps both safe. */
export const KEY_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

const BASE64_PATTERN = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export interface RawCodecKey {
  id: string;
  /** Standard base64 of 32 bytes (`openssl rand -base64 32`). */
  key: string;
}

/** A key ring definition as it is written in VERIVALI_CODEC_KEYS or a key file. */
export interface KeyRingDefinition {
  /** The key that encrypts; the first key when omitted. */
  activeKeyId?: string;
  keys: RawCodecKey[];
}

/** Bad key material or a bad ring. The message names keys by id only, never by their material. */
export class KeyRingError extends Error {
  override name = 'KeyRingError';
}

export class KeyRing {
  private constructor(
    private readonly keys: ReadonlyMap<string, KeyObject>,
    readonly activeKeyId: string,
  ) {}

  /** Validates every key (id, base64, length), duplicates and the active key; throws KeyRingError. */
  static fromDefinition(definition: KeyRingDefinition): KeyRing {
    if (definition.keys.length === 0) throw new KeyRingError('the key ring is empty: at least one key is needed');
    const keys = new Map<string, KeyObject>();
    for (const [index, raw] of definition.keys.entries()) {
      if (!KEY_ID_PATTERN.test(raw.id)) {
        throw new KeyRingError(`key #${index + 1} has an invalid id: use 1-64 characters of A-Z a-z 0-9 . _ - (not starting with . _ -)`);
      }
      if (keys.has(raw.id)) throw new KeyRingError(`key id "${raw.id}" appears more than once`);
      keys.set(raw.id, createSecretKey(decodeKeyMaterial(raw)));
    }
    const activeKeyId = definition.activeKeyId ?? definition.keys[0]?.id;
    if (activeKeyId === undefined || !keys.has(activeKeyId)) {
      throw new KeyRingError(`the active key "${String(activeKeyId)}" is not in the key ring (${[...keys.keys()].join(', ')})`);
    }
    return new KeyRing(keys, activeKeyId);
  }

  get keyIds(): string[] {
    return [...this.keys.keys()];
  }

  /** The key new payloads are encrypted with. */
  get activeKey(): { id: string; key: KeyObject } {
    const key = this.keys.get(this.activeKeyId);
    if (!key) throw new KeyRingError(`the active key "${this.activeKeyId}" is missing`);
    return { id: this.activeKeyId, key };
  }

  keyFor(id: string): KeyObject | undefined {
    return this.keys.get(id);
  }
}

function decodeKeyMaterial(raw: RawCodecKey): Buffer {
  const text = raw.key.trim();
  if (!BASE64_PATTERN.test(text)) throw new KeyRingError(`key "${raw.id}" is not valid standard base64`);
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length !== CODEC_KEY_BYTES) {
    throw new KeyRingError(`key "${raw.id}" is ${bytes.length} bytes after base64 decoding; AES-256 needs ${CODEC_KEY_BYTES}`);
  }
  return bytes;
}

const keyRingJsonSchema = z.object({
  activeKeyId: z.string().optional(),
  keys: z.array(z.object({ id: z.string(), key: z.string() })),
});

/**
 * Parses either form: JSON (`{"activeKeyId"?, "keys": [{"id", "key"}]}`) or the compact `id:base64,id:base64`
 * list whose first key encrypts. Never echoes the text: it holds key material.
 */
export function parseKeyRingDefinition(text: string): KeyRingDefinition {
  const trimmed = text.trim();
  if (trimmed === '') throw new KeyRingError('the key ring is empty: at least one key is needed');
  if (trimmed.startsWith('{')) {
    let json: unknown;
    try {
      json = JSON.parse(trimmed);
    } catch {
      // JSON.parse messages quote the text around the error, which may be key material.
      throw new KeyRingError('the key ring is not valid JSON');
    }
    const parsed = keyRingJsonSchema.safeParse(json);
    if (!parsed.success) {
      const where = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
      throw new KeyRingError(`the key ring JSON does not have the shape {"activeKeyId"?, "keys":[{"id","key"}]}: ${where}`);
    }
    return parsed.data;
  }
  const keys = trimmed.split(',').map((entry, index): RawCodecKey => {
    const colon = entry.indexOf(':');
    if (colon < 0) throw new KeyRingError(`entry #${index + 1} is not of the form id:base64key`);
    return { id: entry.slice(0, colon).trim(), key: entry.slice(colon + 1).trim() };
  });
  return { keys };
}

export function parseKeyRing(text: string): KeyRing {
  return KeyRing.fromDefinition(parseKeyRingDefinition(text));
}
