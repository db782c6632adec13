/**
 * The codec endpoint's request/response translation (the protocol the Web UI and the CLI speak): round trips,
 * proto3 JSON details, and malformed or oversized bodies refused with a reason.
 */
import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { AesGcmPayloadCodec, ENCRYPTED_ENCODING } from '../../client/codec/aes-gcm-codec';
import {
  CODEC_BODY_LIMIT_BYTES,
  CODEC_MAX_PAYLOADS,
  CodecHttpError,
  decodeRequest,
  encodeRequest,
  type CodecHttpBody,
  type PayloadJson,
} from '../../client/codec/codec-http';
import { KeyRing } from '../../client/codec/key-ring';

const codec = new AesGcmPayloadCodec(KeyRing.fromDefinition({ keys: [{ id: 'k1', key: randomBytes(32).toString('base64') }] }));
const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

/** A payload as the Web UI sends it: proto3 JSON, every bytes field base64. */
function jsonPayload(value: unknown): PayloadJson {
  const p = defaultPayloadConverter.toPayload(value);
  const metadata = Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')]));
  return { metadata, data: Buffer.from(p.data ?? []).toString('base64') };
}

function valueOf(p: PayloadJson): unknown {
  const metadata = Object.fromEntries(Object.entries(p.metadata).map(([k, v]) => [k, Buffer.from(v, 'base64')]));
  return defaultPayloadConverter.fromPayload({ metadata, data: Buffer.from(p.data, 'base64') } as Payload);
}

async function refusal(promise: Promise<unknown>): Promise<CodecHttpError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof CodecHttpError) return err;
    throw err;
  }
  throw new Error('expected a CodecHttpError');
}

describe('codec endpoint translation', () => {
  it('when payloads are encoded then decoded over the protocol, then the same values come back', async () => {
    const request: CodecHttpBody = { payloads: [jsonPayload({ nik: '6409015506870003' }), jsonPayload('Siti'), jsonPayload(null)] };

    const encoded = await encodeRequest(JSON.stringify(request), codec);
    const decoded = await decodeRequest(encoded, codec);

    expect(encoded.payloads.map((p) => p.metadata.encoding)).toEqual([b64(ENCRYPTED_ENCODING), b64(ENCRYPTED_ENCODING), b64(ENCRYPTED_ENCODING)]);
    expect(JSON.stringify(encoded)).not.toContain(b64('6409015506870003').slice(0, 12));
    expect(decoded.payloads.map(valueOf)).toEqual([{ nik: '6409015506870003' }, 'Siti', null]);
  });

  it('when the body arrives as bytes, or already parsed by the HTTP framework, then both are accepted', async () => {
    const request = { payloads: [jsonPayload({ a: 1 })] };

    const fromBytes = await encodeRequest(Buffer.from(JSON.stringify(request)), codec);
    const fromObject = await decodeRequest(fromBytes, codec);

    expect(fromObject.payloads.map(valueOf)).toEqual([{ a: 1 }]);
  });

  it('when a payload is not encrypted (a search attribute, an old history), then decode returns it as it came', async () => {
    const plain = jsonPayload('VerivaliPhase');

    const decoded = await decodeRequest({ payloads: [plain] }, codec);

    expect(decoded.payloads).toEqual([plain]);
  });

  it('when base64 is URL-safe or unpadded (both valid proto3 JSON), then it is read', async () => {
    const urlSafe = { metadata: { encoding: b64('json/plain').replace(/=+$/, '') }, data: Buffer.from('"??>"').toString('base64url') };

    const decoded = await decodeRequest({ payloads: [urlSafe] }, codec);

    expect(decoded.payloads.map(valueOf)).toEqual(['??>']);
  });

  it('when a request has no payloads, then the answer has none', async () => {
    await expect(decodeRequest('{"payloads":[]}', codec)).resolves.toEqual({ payloads: [] });
  });

  it.each([
    ['not JSON', '{"payloads": [', 'malformed-json'],
    ['JSON without payloads', '{"items":[]}', 'invalid-body'],
    ['payloads that are not a list', '{"payloads":{"data":""}}', 'invalid-body'],
    ['metadata that is not base64', JSON.stringify({ payloads: [{ metadata: { encoding: 'json plain!' }, data: '' }] }), 'invalid-body'],
    ['data of impossible base64 length', JSON.stringify({ payloads: [{ metadata: {}, data: 'AAAAA' }] }), 'invalid-body'],
    ['data that is a number', JSON.stringify({ payloads: [{ metadata: {}, data: 42 }] }), 'invalid-body'],
    ['a JSON null body', 'null', 'invalid-body'],
  ])('when the body is %s, then it is refused with status 400 and reason %s', async (_what, body, reason) => {
    const err = await refusal(decodeRequest(body, codec));

    expect(err.statusCode).toBe(400);
    expect(err.reason).toBe(reason);
    expect(err.toResponseBody()).toEqual({ error: reason, message: err.message });
  });

  it('when the raw body is over the limit, then it is refused with 413 before it is parsed', async () => {
    const body = `{"payloads":[{"data":"${'A'.repeat(CODEC_BODY_LIMIT_BYTES)}"}]}`;

    const err = await refusal(encodeRequest(body, codec));

    expect(err.statusCode).toBe(413);
    expect(err.reason).toBe('body-too-large');
  });

  it('when a parsed body holds more than the limit in base64, then it is refused with 413 too', async () => {
    const half = 'A'.repeat(CODEC_BODY_LIMIT_BYTES / 2);

    const err = await refusal(encodeRequest({ payloads: [{ data: half }, { data: half }, { data: 'AAAA' }] }, codec));

    expect(err.reason).toBe('body-too-large');
  });

  it('when a request holds too many payloads, then it is refused with its count', async () => {
    const payloads = Array.from({ length: CODEC_MAX_PAYLOADS + 1 }, () => ({ metadata: {}, data: '' }));

    const err = await refusal(decodeRequest({ payloads }, codec));

    expect(err.reason).toBe('too-many-payloads');
    expect(err.message).toContain(String(CODEC_MAX_PAYLOADS + 1));
  });

  it('when X-Namespace names a namespace the endpoint does not serve, then the request is refused', async () => {
    const err = await refusal(decodeRequest({ payloads: [] }, codec, { namespace: 'other', servedNamespaces: ['default'] }));

    expect(err.reason).toBe('namespace-not-served');
    await expect(decodeRequest({ payloads: [] }, codec, { namespace: 'default', servedNamespaces: ['default'] })).resolves.toEqual({ payloads: [] });
  });

  it('when a payload was encrypted with a key the ring lacks, then decode is refused naming the key only', async () => {
    const other = new AesGcmPayloadCodec(KeyRing.fromDefinition({ keys: [{ id: 'retired', key: randomBytes(32).toString('base64') }] }));
    const encrypted = await encodeRequest({ payloads: [jsonPayload({ nama: 'Siti Rahmawati' })] }, other);

    const err = await refusal(decodeRequest(encrypted, codec));

    expect(err.statusCode).toBe(400);
    expect(err.reason).toBe('undecodable-payload');
    expect(err.message).toContain('"retired"');
    expect(err.message).not.toContain('Siti');
  });
});
