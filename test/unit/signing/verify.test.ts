/**
 * checkCertificateToken is handed arbitrary input by a public verification page: anything but an
 * ES256 JWS signed by one of our keys is refused with a reason, and nothing makes it throw.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { CompactSign, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { JWS_TYPE, type PublicJwk } from '#shared/signing/port';
import { checkCertificateToken, MAX_TOKEN_BYTES, type TokenCheck } from '#shared/signing/verify';

const KID = 'key-2026';
const CLAIMS = { certificateId: 'C-2026-000042', name: '王五', level: '中级', hours: 90 };
const b64 = (value: unknown) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
let ourKey: PrivateKey;
let strangerKey: PrivateKey;
let keys: PublicJwk[];

beforeAll(async () => {
  const ours = await generateKeyPair('ES256');
  ourKey = ours.privateKey;
  strangerKey = (await generateKeyPair('ES256')).privateKey;
  const previous = await generateKeyPair('ES256');
  const published = async (key: PrivateKey, kid: string) =>
    ({ ...(await exportJWK(key)), kid, alg: 'ES256', use: 'sig' }) as PublicJwk;
  keys = [await published(ours.publicKey, KID), await published(previous.publicKey, 'key-2025')];
});

const signPayload = (payload: string, key: PrivateKey, header: Record<string, unknown> = {}) =>
  new CompactSign(new TextEncoder().encode(payload))
    .setProtectedHeader({ alg: 'ES256', kid: KID, typ: JWS_TYPE, ...header })
    .sign(key);
const signClaims = (claims: unknown = CLAIMS, key: PrivateKey = ourKey) =>
  signPayload(JSON.stringify(claims), key);

/** A refusal: never a throw, always a reason. */
async function refused(token: string): Promise<string> {
  const check: TokenCheck = await checkCertificateToken(token, keys);
  if (check.ok) throw new Error(`accepted: ${token}`);
  expect(check.reason['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
  expect(check.reason.en.length).toBeGreaterThan(0);
  return check.reason.en;
}

describe('checkCertificateToken accepts', () => {
  it('a token signed by our current key, with its claims and kid', async () => {
    expect(await checkCertificateToken(await signClaims(), keys)).toEqual({
      ok: true,
      kid: KID,
      claims: CLAIMS,
    });
  });
});

describe('checkCertificateToken refuses', () => {
  it('a token with one character of the payload changed', async () => {
    const [header, payload, signature] = (await signClaims()).split('.') as [string, string, string];
    // Change a character in the middle, where every base64url character carries 6 payload bits.
    const at = Math.floor(payload.length / 2);
    const changed = `${payload.slice(0, at)}${payload[at] === 'A' ? 'B' : 'A'}${payload.slice(at + 1)}`;
    expect(await refused(`${header}.${changed}.${signature}`)).toMatch(/signature/i);
  });

  it('a token with one character of the signature changed', async () => {
    const token = await signClaims();
    const at = token.length - 10;
    const changed = `${token.slice(0, at)}${token[at] === 'A' ? 'B' : 'A'}${token.slice(at + 1)}`;
    expect(await refused(changed)).toMatch(/signature/i);
  });

  it('a token signed by another key that claims our kid', async () => {
    expect(await refused(await signClaims(CLAIMS, strangerKey))).toMatch(/signature/i);
  });

  it("a token signed by our key but under a retired key's kid", async () => {
    expect(await refused(await signPayload(JSON.stringify(CLAIMS), ourKey, { kid: 'key-2025' }))).toMatch(
      /signature/i,
    );
  });

  it('a token whose kid is not one of ours, or that has none', async () => {
    expect(
      await refused(await signPayload(JSON.stringify(CLAIMS), ourKey, { kid: 'somebody-else' })),
    ).toMatch(/not ours/);
    const withoutKid = await new CompactSign(new TextEncoder().encode(JSON.stringify(CLAIMS)))
      .setProtectedHeader({ alg: 'ES256' })
      .sign(ourKey);
    expect(await refused(withoutKid)).toMatch(/not ours/);
  });

  it('an unsigned token (alg "none"), with an empty or a made-up signature', async () => {
    const unsigned = `${b64({ alg: 'none', kid: KID })}.${b64(CLAIMS)}`;
    await refused(`${unsigned}.`);
    expect(await refused(`${unsigned}.${b64('signature')}`)).toMatch(/Algorithm none/);
    // The header of RFC 7519's own unsecured example, with no kid at all.
    expect(
      await refused(`${b64({ alg: 'none' })}.${b64(CLAIMS)}.${randomBytes(64).toString('base64url')}`),
    ).toMatch(/Algorithm none/);
  });

  it('an HS256 token, even one whose secret is our public key', async () => {
    const secret = new TextEncoder().encode('a shared secret anyone could have picked');
    const hs256 = await new SignJWT(CLAIMS).setProtectedHeader({ alg: 'HS256', kid: KID }).sign(secret);
    expect(await refused(hs256)).toMatch(/Algorithm HS256/);
    // Algorithm confusion: an HMAC keyed with the published key's bytes.
    const confused = await new SignJWT(CLAIMS)
      .setProtectedHeader({ alg: 'HS256', kid: KID })
      .sign(new TextEncoder().encode(JSON.stringify(keys[0])));
    expect(await refused(confused)).toMatch(/HS256/);
  });

  it('other asymmetric algorithms than ES256', async () => {
    const es384 = await new CompactSign(new TextEncoder().encode(JSON.stringify(CLAIMS)))
      .setProtectedHeader({ alg: 'ES384', kid: KID })
      .sign((await generateKeyPair('ES384')).privateKey);
    expect(await refused(es384)).toMatch(/Algorithm ES384/);
  });

  it(`a token over ${MAX_TOKEN_BYTES} bytes, even validly signed`, async () => {
    const long = await signClaims({ ...CLAIMS, padding: 'x'.repeat(MAX_TOKEN_BYTES) });
    expect(await refused(long)).toMatch(String(MAX_TOKEN_BYTES));
    // Bytes, not characters: Chinese text takes three bytes a character in UTF-8.
    expect(await refused(`${'汉'.repeat(1400)}.a.b`)).toMatch(String(MAX_TOKEN_BYTES));
  });

  it('strings that are not a compact JWS', async () => {
    const garbage = [
      '',
      ' ',
      'garbage',
      'a.b',
      'a.b.c.d',
      '..',
      'a..c',
      '.b.c',
      'a.b.',
      `${b64({ alg: 'ES256', kid: KID })}.${b64(CLAIMS)}`,
      'eyJ.eyJ.eyJ ',
      'a.b.c\n',
      'a+b.c/d.e=f',
      '\u0000.\u0000.\u0000',
      '证书.证书.证书',
    ];
    for (const token of garbage) await refused(token);
  });

  it('a header that is not a JSON object', async () => {
    const rest = `${b64(CLAIMS)}.${b64('sig')}`;
    for (const header of ['not json', '[1,2]', '"ES256"', 'null', '42', '{"alg":"ES256"']) {
      expect(await refused(`${b64(header)}.${rest}`), header).toMatch(/not JSON|Algorithm/);
    }
    expect(await refused(`!!.${rest}`)).toBeDefined();
  });

  it('a validly signed payload that is not a JSON object', async () => {
    for (const payload of ['[1,2,3]', '[]', '"C-2026-000042"', '42', 'null', 'true']) {
      expect(await refused(await signPayload(payload, ourKey)), payload).toMatch(/not a certificate/);
    }
    // Not JSON at all: refused too, whatever the reason.
    await refused(await signPayload('not json', ourKey));
  });

  it('random base64url strings of three parts, without ever throwing', async () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.';
    for (let i = 0; i < 300; i++) {
      const token = Array.from(
        { length: randomInt(0, 200) },
        () => alphabet[randomInt(alphabet.length)],
      ).join('');
      await refused(token);
    }
  });

  it('everything when no keys are published', async () => {
    const check = await checkCertificateToken(await signClaims(), []);
    expect(check.ok).toBe(false);
  });
});
