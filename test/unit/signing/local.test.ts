/**
 * LocalSigner: a P-256 key file under a folder, created on first use, reused by later processes,
 * and rotated without invalidating what older keys signed.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { compactVerify, decodeProtectedHeader, importJWK } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalSigner, rotateLocalKey } from '#shared/signing/local';
import { JWS_TYPE, type PublicJwk } from '#shared/signing/port';
import { checkCertificateToken } from '#shared/signing/verify';
import { makeTempDir } from '../helpers/temp-dir';

const CLAIMS = { certificateId: 'C-2026-000001', name: '张三', hours: 12 };

let dir: ReturnType<typeof makeTempDir>;
let keysDir: string;

beforeEach(() => {
  dir = makeTempDir('signing');
  // A folder that does not exist yet, as on a fresh machine.
  keysDir = join(dir.path, 'keys');
});
afterEach(() => dir.remove());

async function verifyWith(token: string, keys: readonly PublicJwk[]) {
  const key = keys.find((candidate) => candidate.kid === decodeProtectedHeader(token).kid);
  if (!key) throw new Error('no listed key has the token kid');
  const { payload } = await compactVerify(token, await importJWK(key, 'ES256'), { algorithms: ['ES256'] });
  return JSON.parse(new TextDecoder().decode(payload)) as unknown;
}

describe('LocalSigner', () => {
  it('signs an ES256 JWS that verifies with the key it lists', async () => {
    const signer = new LocalSigner(keysDir);
    const token = await signer.sign(CLAIMS);
    const keys = await signer.publicKeys();

    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    expect(keys[0]).not.toHaveProperty('d');
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'ES256', kid: keys[0]?.kid, typ: JWS_TYPE });
    expect(await verifyWith(token, keys)).toEqual(CLAIMS);
  });

  it('keeps the private key in a file only its owner can read', async () => {
    await new LocalSigner(keysDir).publicKeys();
    const file = join(keysDir, 'certificate-signing-keys.json');
    expect(statSync(file).mode & 0o077).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8'))[0].privateJwk.d).toEqual(expect.any(String));
  });

  it('is reused by a second signer on the same folder (same kid, tokens verify across)', async () => {
    const first = new LocalSigner(keysDir);
    const token = await first.sign(CLAIMS);
    const second = new LocalSigner(keysDir);

    const keys = await second.publicKeys();
    expect(keys).toEqual(await first.publicKeys());
    expect(decodeProtectedHeader(await second.sign(CLAIMS)).kid).toBe(decodeProtectedHeader(token).kid);
    expect(await verifyWith(token, keys)).toEqual(CLAIMS);
  });

  it('does not share keys between folders', async () => {
    const other = makeTempDir('signing-other');
    try {
      const [mine] = await new LocalSigner(keysDir).publicKeys();
      const [theirs] = await new LocalSigner(other.path).publicKeys();
      expect(theirs?.kid).not.toBe(mine?.kid);
      expect(theirs?.x).not.toBe(mine?.x);
    } finally {
      other.remove();
    }
  });
});

describe('rotateLocalKey', () => {
  it('makes a new current key; both are listed and tokens of the old key still verify', async () => {
    const signer = new LocalSigner(keysDir);
    const oldToken = await signer.sign(CLAIMS);
    const oldKid = decodeProtectedHeader(oldToken).kid;

    const newKid = await rotateLocalKey(keysDir);
    expect(newKid).not.toBe(oldKid);

    const newToken = await signer.sign({ ...CLAIMS, certificateId: 'C-2026-000002' });
    expect(decodeProtectedHeader(newToken).kid).toBe(newKid);

    const keys = await signer.publicKeys();
    // The current key first, then the retired one.
    expect(keys.map((key) => key.kid)).toEqual([newKid, oldKid]);

    const oldCheck = await checkCertificateToken(oldToken, keys);
    expect(oldCheck).toEqual({ ok: true, kid: oldKid, claims: CLAIMS });
    const newCheck = await checkCertificateToken(newToken, keys);
    expect(newCheck).toMatchObject({ ok: true, kid: newKid, claims: { certificateId: 'C-2026-000002' } });

    // Without the retired key, its tokens no longer verify: it is the listing that keeps them valid.
    expect((await checkCertificateToken(oldToken, keys.slice(0, 1))).ok).toBe(false);
  });

  it('creates the folder and the first key when there is none', async () => {
    const kid = await rotateLocalKey(keysDir);
    expect((await new LocalSigner(keysDir).publicKeys()).map((key) => key.kid)).toEqual([kid]);
  });
});
