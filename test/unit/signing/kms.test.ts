/**
 * KmsSigner against a mocked KMS that signs like the real one: it receives the SHA-256 digest of
 * the JWS signing input and answers a DER ECDSA signature made with a local P-256 key, whose SPKI
 * it returns from GetPublicKey. The tokens must then verify with jose against the published JWKS.
 */
import { createHash, generateKeyPairSync, sign, verify } from 'node:crypto';
import { GetPublicKeyCommand, KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { compactVerify, decodeProtectedHeader, importJWK } from 'jose';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig, useConfig } from '#shared/config/env';
import { KmsSigner } from '#shared/signing/kms';
import { JWS_TYPE, type PublicJwk } from '#shared/signing/port';

const kms = mockClient(KMSClient);
// Where the signer publishes its public keys before signing (shared/store/signing-keys.ts).
const dynamo = mockClient(DynamoDBDocumentClient);
useConfig(loadConfig({ TABLE_CERTIFICATES: 'certificates-test' }));

const CURRENT_UUID = '1234abcd-12ab-34cd-56ef-1234567890ab';
const PREVIOUS_UUID = '0987dcba-09fe-87dc-65ba-ab0987654321';
const CURRENT_ARN = `arn:aws-cn:kms:cn-northwest-1:123456789012:key/${CURRENT_UUID}`;
const PREVIOUS_ARN = `arn:aws-cn:kms:cn-northwest-1:123456789012:key/${PREVIOUS_UUID}`;

const current = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const previous = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const spki = (keys: typeof current) => new Uint8Array(keys.publicKey.export({ type: 'spki', format: 'der' }));
const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest();
const signingInputOf = (token: string) => token.split('.').slice(0, 2).join('.');
const CLAIMS = { certificateId: 'C-2026-000123', name: '李四', hours: 24 };

function mockPublicKeys(): void {
  kms.on(GetPublicKeyCommand, { KeyId: CURRENT_ARN }).resolves({ PublicKey: spki(current) });
  kms.on(GetPublicKeyCommand, { KeyId: PREVIOUS_ARN }).resolves({ PublicKey: spki(previous) });
}

/**
 * Signs `claims` through a KMS that signs the digest it is sent. KMS signs a digest without
 * hashing it again, which node:crypto cannot do; so a first call learns the signing input, and a
 * second call (same claims, same input) is answered with node's signature over that input, which
 * is the signature of its digest, but only when KMS is sent exactly that digest.
 */
async function signThroughFakeKms(signer: InstanceType<typeof KmsSigner>, claims: Record<string, unknown>) {
  kms.on(SignCommand).resolves({ Signature: sign('sha256', Buffer.from('x'), current.privateKey) });
  const input = signingInputOf(await signer.sign(claims));
  kms.on(SignCommand).callsFake((command: { Message?: Uint8Array }) => {
    if (!command.Message || !sha256(input).equals(Buffer.from(command.Message)))
      throw new Error('KMS was sent a digest of something else than the signing input');
    return { Signature: new Uint8Array(sign('sha256', Buffer.from(input), current.privateKey)) };
  });
  const token = await signer.sign(claims);
  expect(signingInputOf(token)).toBe(input);
  return token;
}

afterEach(() => {
  kms.reset();
  dynamo.reset();
});
afterAll(() => {
  kms.restore();
  dynamo.restore();
});

describe('KmsSigner.sign', () => {
  beforeEach(() => mockPublicKeys());

  it('publishes every key it names before its first signature, once per container', async () => {
    const signer = new KmsSigner([CURRENT_ARN, PREVIOUS_ARN]);
    kms.on(SignCommand).resolves({ Signature: sign('sha256', Buffer.from('x'), current.privateKey) });
    await signer.sign(CLAIMS);
    await signer.sign(CLAIMS);
    const puts = dynamo.commandCalls(PutCommand).map((call) => call.args[0].input);
    const jwkOf = (put: (typeof puts)[number]) => put.Item?.jwk as PublicJwk;
    expect(puts.map((put) => jwkOf(put).kid)).toEqual([CURRENT_UUID, PREVIOUS_UUID]);
    for (const put of puts) {
      expect(put.TableName).toBe('certificates-test');
      expect(put.ConditionExpression).toBe('attribute_not_exists(pk)');
      expect(jwkOf(put).d).toBeUndefined();
    }
    expect(kms.commandCalls(SignCommand)).toHaveLength(2);
  });

  it('signs nothing while its keys cannot be published, and tries again on the next signature', async () => {
    const signer = new KmsSigner([CURRENT_ARN]);
    kms.on(SignCommand).resolves({ Signature: sign('sha256', Buffer.from('x'), current.privateKey) });
    dynamo.on(PutCommand).rejectsOnce(new Error('table unavailable')).resolves({});
    await expect(signer.sign(CLAIMS)).rejects.toThrow('table unavailable');
    expect(kms.commandCalls(SignCommand)).toHaveLength(0);
    await signer.sign(CLAIMS);
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(2);
    expect(kms.commandCalls(SignCommand)).toHaveLength(1);
  });

  it('sends KMS the SHA-256 digest of the signing input, with the current key, as a digest', async () => {
    const signer = new KmsSigner([CURRENT_ARN, PREVIOUS_ARN]);
    kms.on(SignCommand).resolves({ Signature: sign('sha256', Buffer.from('x'), current.privateKey) });
    const token = await signer.sign(CLAIMS);

    const calls = kms.commandCalls(SignCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0]?.args[0].input;
    expect(input).toMatchObject({
      KeyId: CURRENT_ARN,
      MessageType: 'DIGEST',
      SigningAlgorithm: 'ECDSA_SHA_256',
    });
    expect(Buffer.from(input?.Message as Uint8Array).equals(sha256(signingInputOf(token)))).toBe(true);
  });

  it('returns an ES256 compact JWS that verifies with the public key it publishes', async () => {
    mockPublicKeys();
    const signer = new KmsSigner([CURRENT_ARN, PREVIOUS_ARN]);
    const token = await signThroughFakeKms(signer, CLAIMS);

    expect(token.split('.')).toHaveLength(3);
    // JOSE form: 64 bytes of r || s, not DER.
    expect(Buffer.from(token.split('.')[2] as string, 'base64url')).toHaveLength(64);
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'ES256', kid: CURRENT_UUID, typ: JWS_TYPE });

    const jwk = (await signer.publicKeys()).find((key) => key.kid === CURRENT_UUID) as PublicJwk;
    const { payload, protectedHeader } = await compactVerify(token, await importJWK(jwk, 'ES256'), {
      algorithms: ['ES256'],
    });
    expect(protectedHeader.kid).toBe(CURRENT_UUID);
    expect(JSON.parse(new TextDecoder().decode(payload))).toEqual(CLAIMS);
  });

  it('does not verify with a retired key', async () => {
    mockPublicKeys();
    const signer = new KmsSigner([CURRENT_ARN, PREVIOUS_ARN]);
    const token = await signThroughFakeKms(signer, CLAIMS);
    const retired = (await signer.publicKeys()).find((key) => key.kid === PREVIOUS_UUID) as PublicJwk;
    await expect(compactVerify(token, await importJWK(retired, 'ES256'))).rejects.toThrow();
  });

  it('uses the last part of a plain key id as the kid too', async () => {
    const signer = new KmsSigner([CURRENT_UUID]);
    kms.on(GetPublicKeyCommand, { KeyId: CURRENT_UUID }).resolves({ PublicKey: spki(current) });
    kms.on(SignCommand).resolves({ Signature: sign('sha256', Buffer.from('x'), current.privateKey) });
    expect(decodeProtectedHeader(await signer.sign(CLAIMS)).kid).toBe(CURRENT_UUID);
    expect(kms.commandCalls(SignCommand)[0]?.args[0].input.KeyId).toBe(CURRENT_UUID);
  });

  it('lets a KMS error propagate', async () => {
    kms.on(SignCommand).rejects(new Error('AccessDeniedException: not authorized to perform kms:Sign'));
    await expect(new KmsSigner([CURRENT_ARN]).sign(CLAIMS)).rejects.toThrow(/AccessDeniedException/);
  });

  it('fails when KMS answers no signature', async () => {
    kms.on(SignCommand).resolves({});
    await expect(new KmsSigner([CURRENT_ARN]).sign(CLAIMS)).rejects.toThrow(/no signature/);
  });

  it('refuses to be built without a key', () => {
    expect(() => new KmsSigner([])).toThrow(/at least one key/);
  });
});

describe('KmsSigner.signBytes (the compact token of a QR code)', () => {
  it('hands the builder the current key, has KMS sign the digest of what it built, returns r ‖ s', async () => {
    mockPublicKeys();
    const signer = new KmsSigner([CURRENT_ARN, PREVIOUS_ARN]);
    let built: Buffer | undefined;
    kms.on(SignCommand).callsFake((command: { Message?: Uint8Array }) => {
      if (!built || !command.Message || !sha256(built).equals(Buffer.from(command.Message)))
        throw new Error('KMS was sent a digest of something else than the message');
      // KMS answers DER; the signer turns it into r ‖ s.
      return { Signature: new Uint8Array(sign('sha256', built, current.privateKey)) };
    });
    const { key, signature } = await signer.signBytes((handed) => {
      built = Buffer.from(`the Sig_structure naming ${handed.kid}`);
      return built;
    });

    expect(key.kid).toBe(CURRENT_UUID);
    expect(key).toEqual((await signer.publicKeys())[0]);
    expect(built?.toString()).toBe(`the Sig_structure naming ${CURRENT_UUID}`);
    expect(signature).toHaveLength(64);
    expect(
      verify('sha256', built as Buffer, { key: current.publicKey, dsaEncoding: 'ieee-p1363' }, signature),
    ).toBe(true);
    expect(kms.commandCalls(SignCommand)[0]?.args[0].input).toMatchObject({
      KeyId: CURRENT_ARN,
      MessageType: 'DIGEST',
      SigningAlgorithm: 'ECDSA_SHA_256',
    });
    // Published before the first signature, as for a JWS.
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(2);
  });

  it('fails when KMS answers no signature', async () => {
    mockPublicKeys();
    kms.on(SignCommand).resolves({});
    await expect(new KmsSigner([CURRENT_ARN]).signBytes(() => new Uint8Array(1))).rejects.toThrow(
      /no signature/,
    );
  });
});

describe('KmsSigner.publicKeys', () => {
  it('lists the current key, then the previous ones, as ES256 signing JWKs', async () => {
    mockPublicKeys();
    const keys = await new KmsSigner([CURRENT_ARN, PREVIOUS_ARN]).publicKeys();
    expect(keys.map((key) => key.kid)).toEqual([CURRENT_UUID, PREVIOUS_UUID]);
    for (const key of keys) {
      expect(key).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
      expect(key).not.toHaveProperty('d');
    }
    // The JWKs are the keys KMS returned, not some other key.
    const exported = current.publicKey.export({ format: 'jwk' });
    expect(keys[0]).toMatchObject({ x: exported.x, y: exported.y });
    expect(keys[1]).toMatchObject({ x: previous.publicKey.export({ format: 'jwk' }).x });
  });

  it('asks KMS once per key, however often it is called', async () => {
    mockPublicKeys();
    const signer = new KmsSigner([CURRENT_ARN, PREVIOUS_ARN]);
    const first = await signer.publicKeys();
    const second = await signer.publicKeys();
    expect(second).toEqual(first);
    const calls = kms.commandCalls(GetPublicKeyCommand);
    expect(calls.map((call) => call.args[0].input.KeyId)).toEqual([CURRENT_ARN, PREVIOUS_ARN]);
  });

  it('lets a KMS error propagate', async () => {
    kms.on(GetPublicKeyCommand).rejects(new Error('NotFoundException: key does not exist'));
    await expect(new KmsSigner([CURRENT_ARN]).publicKeys()).rejects.toThrow(/NotFoundException/);
  });

  it('fails when KMS answers no public key', async () => {
    kms.on(GetPublicKeyCommand).resolves({});
    await expect(new KmsSigner([CURRENT_ARN]).publicKeys()).rejects.toThrow(/no public key/);
  });
});
