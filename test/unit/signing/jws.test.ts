/**
 * derToJose against real signatures: node:crypto signs in DER (what KMS returns), and the
 * converted signature must verify as the IEEE P1363 form (r || s) that JWS uses.
 */
import { generateKeyPairSync, randomBytes, sign, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { derToJose, signingInput } from '#shared/signing/jws';

const p256 = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });

/** The lengths of the two INTEGERs of a short-form DER ECDSA signature (P-256 always is). */
function integerLengths(der: Buffer): [number, number] {
  // 30 len 02 rLen r... 02 sLen s...
  const rLength = der[3] as number;
  const sLength = der[4 + rLength + 1] as number;
  return [rLength, sLength];
}

const derSignature = (data: Buffer) => sign('sha256', data, { key: p256.privateKey, dsaEncoding: 'der' });
const verifiesAsJose = (data: Buffer, jose: Buffer) =>
  verify('sha256', data, { key: p256.publicKey, dsaEncoding: 'ieee-p1363' }, jose);

describe('derToJose', () => {
  it('turns 200 random DER signatures into 64-byte r||s signatures that verify', () => {
    const lengths = new Set<number>();
    for (let i = 0; i < 200; i++) {
      const data = randomBytes(1 + (i % 64));
      const der = derSignature(data);
      for (const length of integerLengths(der)) lengths.add(length);
      const jose = derToJose(der);
      expect(jose).toHaveLength(64);
      expect(verifiesAsJose(data, jose), `signature ${i}: ${der.toString('hex')}`).toBe(true);
    }
    // DER integers are signed: a high first bit gets a 0x00 prefix (33 bytes) about half the time.
    expect(lengths).toContain(33);
    expect(lengths).toContain(32);
  });

  it('pads integers shorter than 32 bytes (r or s with leading zero bytes) back to 32', () => {
    // About one integer in 256 is short; search until one is found (a few hundred signatures).
    let found: { data: Buffer; der: Buffer } | undefined;
    for (let i = 0; i < 50_000 && !found; i++) {
      const data = randomBytes(16);
      const der = derSignature(data);
      if (integerLengths(der).some((length) => length < 32)) found = { data, der };
    }
    if (!found) throw new Error('no DER signature with a short integer in 50,000 tries');
    const jose = derToJose(found.der);
    expect(jose).toHaveLength(64);
    const [rLength, sLength] = integerLengths(found.der);
    if (rLength < 32) expect(jose[0]).toBe(0);
    if (sLength < 32) expect(jose[32]).toBe(0);
    expect(verifiesAsJose(found.data, jose)).toBe(true);
  });

  it('reads long-form DER lengths (P-521, 66-byte integers)', () => {
    const p521 = generateKeyPairSync('ec', { namedCurve: 'secp521r1' });
    for (let i = 0; i < 20; i++) {
      const data = randomBytes(32);
      const der = sign('sha512', data, { key: p521.privateKey, dsaEncoding: 'der' });
      expect(der[1]).toBe(0x81);
      const jose = derToJose(der, 66);
      expect(jose).toHaveLength(132);
      expect(verify('sha512', data, { key: p521.publicKey, dsaEncoding: 'ieee-p1363' }, jose)).toBe(true);
    }
  });

  it('refuses what is not a DER ECDSA signature', () => {
    const der = derSignature(Buffer.from('data'));
    const rLength = der[3] as number;
    const cases: Record<string, Uint8Array> = {
      empty: new Uint8Array(),
      // What r || s looks like: no ASN.1 tag at all.
      'raw bytes': Buffer.alloc(64, 0x11),
      'a SET instead of a SEQUENCE': Buffer.concat([Buffer.from([0x31]), der.subarray(1)]),
      'r is not an INTEGER': Buffer.concat([der.subarray(0, 2), Buffer.from([0x04]), der.subarray(3)]),
      's is not an INTEGER': Buffer.concat([
        der.subarray(0, 4 + rLength),
        Buffer.from([0x04]),
        der.subarray(5 + rLength),
      ]),
      'only the SEQUENCE header': der.subarray(0, 2),
      'r cut off before s': der.subarray(0, 4 + rLength),
    };
    for (const [name, bytes] of Object.entries(cases)) {
      expect(() => derToJose(bytes), name).toThrow('Not a DER ECDSA signature');
    }
  });

  it('refuses an integer longer than the curve size', () => {
    const r = Buffer.concat([Buffer.from([0x02, 33, 0x01]), randomBytes(32)]);
    const s = Buffer.concat([Buffer.from([0x02, 32]), randomBytes(32)]);
    const body = Buffer.concat([r, s]);
    expect(() => derToJose(Buffer.concat([Buffer.from([0x30, body.length]), body]))).toThrow(
      'ECDSA integer too long',
    );
  });
});

describe('signingInput', () => {
  it('is base64url(header JSON) "." base64url(claims JSON), with no padding', () => {
    const input = signingInput({ alg: 'ES256', kid: 'k' }, { name: '李四', n: 1 });
    const [header, claims, extra] = input.split('.');
    expect(extra).toBeUndefined();
    expect(input).toMatch(/^[\w-]+\.[\w-]+$/);
    expect(JSON.parse(Buffer.from(header as string, 'base64url').toString('utf8'))).toEqual({
      alg: 'ES256',
      kid: 'k',
    });
    expect(JSON.parse(Buffer.from(claims as string, 'base64url').toString('utf8'))).toEqual({
      name: '李四',
      n: 1,
    });
  });
});
