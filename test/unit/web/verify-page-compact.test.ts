/**
 * The verification page's check of the compact token a QR code carries (web/verify/compact.js),
 * run under Node's WebCrypto: it accepts what the signer signs and the server accepts, refuses
 * every change the server refuses, finds a retired key by its thumbprint, and shows what the QR
 * code left out from the public record, saying so. Its copies of the server's CBOR, decimal form,
 * claim keys and key ids stay equal to the originals.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CborValue, decode, encode, Tagged } from '#shared/cbor';
import type { CertificateDraft } from '#shared/domain/certificates/certificate';
import { COMPACT_CLAIM } from '#shared/domain/certificates/compact-claims';
import { formatCertificateNumber } from '#shared/domain/certificates/numbering';
import {
  bytesToDecimal,
  checkCompactToken,
  decimalToBytes,
  signCompactToken,
} from '#shared/signing/compact-token';
import { coseKeyId } from '#shared/signing/cose';
import { LocalSigner, rotateLocalKey } from '#shared/signing/local';
import type { PublicJwk } from '#shared/signing/port';
import { MAX_TOKEN_BYTES } from '#shared/signing/verify';
import { VERIFY_PAGE_DIR } from '../../../web/verify-page';
import { makeTempDir } from '../helpers/temp-dir';

type Jwks = { keys: readonly PublicJwk[] };
type Shown = Record<string, string | number | undefined>;
type Check = { ok: true; kid: string; certificate: Shown } | { ok: false; code: string; reason: string };
interface CompactModule {
  MAX_COMPACT_TOKEN_LENGTH: number;
  COMPACT_CLAIM: Record<string, number>;
  decimalToBytes(text: string): Uint8Array;
  decodeCbor(bytes: Uint8Array): unknown;
  coseKeyId(jwk: PublicJwk): Promise<Uint8Array>;
  verifyCompactToken(token: string, jwks: Jwks): Promise<Check>;
}
interface VerifyModule {
  certificateFromCompact(signed: Shown): Shown;
  withRecordTexts(
    certificate: Shown,
    record: Shown | undefined,
  ): { certificate: Shown; fromRecord: string[] };
  detailRows(view: Shown): [string, string][];
}

// Plain JavaScript for the browser, without type declarations: imported by URL.
const pageFile = (name: string) => pathToFileURL(join(VERIFY_PAGE_DIR, name)).href;
const compact = (await import(pageFile('compact.js'))) as CompactModule;
const page = (await import(pageFile('verify.js'))) as VerifyModule;

const draft: CertificateDraft = {
  type: 'completion',
  holderId: 'trainee-1',
  holderName: '欧阳娜娜',
  title: '人工智能应用实务',
  creditHours: 12.5,
  issuerOrgId: 'org_1',
  issuer: '广西人才培训中心',
  issuerName: '广西人才培训中心',
  issuedOn: '2026-05-03',
  status: 'valid',
  createdAt: '2026-05-03T02:00:00.000Z',
};
const NUMBER = formatCertificateNumber({ year: 2026, type: 'completion', sequence: 123 });

let folder: ReturnType<typeof makeTempDir>;
let signer: LocalSigner;
let token: string;
let jwks: { keys: PublicJwk[] };

beforeAll(async () => {
  folder = makeTempDir('verify-page-compact');
  signer = new LocalSigner(folder.path);
  token = await signCompactToken(signer, NUMBER, draft);
  jwks = { keys: await signer.publicKeys() };
});
afterAll(() => folder.remove());

const sign1Parts = (value: string) =>
  (decode(decimalToBytes(value) as Uint8Array) as Tagged).value as [
    Uint8Array,
    Map<number, never>,
    Uint8Array,
    Uint8Array,
  ];
const sign1 = (parts: CborValue[]) => bytesToDecimal(encode(new Tagged(18, parts)));

describe('verifyCompactToken (WebCrypto)', () => {
  it('accepts a token the server signs, stating what the server reads', async () => {
    const check = await compact.verifyCompactToken(token, jwks);
    const server = checkCompactToken(token, jwks.keys);
    if (!server.ok) throw new Error('the server refused its own token');
    expect(check).toEqual({
      ok: true,
      kid: jwks.keys[0]?.kid,
      certificate: {
        ...server.certificate,
        level: undefined,
        examDate: undefined,
      },
    });
  });

  it('still accepts it after a key rotation, finding the retired key by its thumbprint', async () => {
    await rotateLocalKey(folder.path);
    const rotated = { keys: await signer.publicKeys() };
    expect(rotated.keys).toHaveLength(2);
    expect(await compact.verifyCompactToken(token, rotated)).toMatchObject({
      ok: true,
      kid: jwks.keys[0]?.kid,
    });
    const newer = await signCompactToken(signer, NUMBER, draft);
    expect(await compact.verifyCompactToken(newer, rotated)).toMatchObject({
      ok: true,
      kid: rotated.keys[0]?.kid,
    });
  });

  it('refuses changed claims, another algorithm, a stranger’s key, with reasons a person can act on', async () => {
    const [protectedBytes, unprotected, payload, signature] = sign1Parts(token);
    const claims = decode(payload) as Map<number, CborValue>;
    const moreHours = encode(new Map(claims).set(COMPACT_CLAIM.halfHours, 240));
    const forged = await compact.verifyCompactToken(
      sign1([protectedBytes, unprotected, moreHours, signature]),
      jwks,
    );
    expect(forged).toMatchObject({ ok: false, code: 'signature' });
    if (!forged.ok) expect(forged.reason).toContain('签名不符');

    const otherAlgorithm = encode(
      new Map<number, CborValue>([
        [1, -35],
        [4, coseKeyId(jwks.keys[0] as PublicJwk)],
      ]),
    );
    const refusedAlgorithm = await compact.verifyCompactToken(
      sign1([otherAlgorithm, unprotected, payload, signature]),
      jwks,
    );
    expect(refusedAlgorithm).toMatchObject({ ok: false, code: 'algorithm' });
    if (!refusedAlgorithm.ok) expect(refusedAlgorithm.reason).toContain('-35');

    const stranger = makeTempDir('verify-page-stranger');
    try {
      const foreign = await signCompactToken(new LocalSigner(stranger.path), NUMBER, draft);
      expect(await compact.verifyCompactToken(foreign, jwks)).toMatchObject({ ok: false, code: 'key' });
    } finally {
      stranger.remove();
    }
    expect(await compact.verifyCompactToken(token, { keys: [] })).toMatchObject({ ok: false, code: 'key' });

    for (const garbage of ['', '0', '0123', 'abc', `${token}x`, '9'.repeat(5000), sign1([protectedBytes])]) {
      expect(await compact.verifyCompactToken(garbage, jwks), garbage.slice(0, 20)).toMatchObject({
        ok: false,
        code: 'malformed',
      });
    }
  });

  it('refuses a correctly signed token whose content is not a certificate', async () => {
    const [, unprotected, payload] = sign1Parts(token);
    const notClaims = encode(['not', 'claims']);
    // Signed by the real current key over other content: the signature is right, the claims are not ours.
    let header: Uint8Array = new Uint8Array(0);
    const { signature } = await signer.signBytes((key) => {
      header = encode(
        new Map<number, CborValue>([
          [1, -7],
          [4, coseKeyId(key)],
        ]),
      );
      return encode(['Signature1', header, new Uint8Array(0), notClaims]);
    });
    const check = await compact.verifyCompactToken(sign1([header, unprotected, notClaims, signature]), {
      keys: await signer.publicKeys(),
    });
    expect(check).toMatchObject({ ok: false, code: 'claims' });
    expect(payload).not.toEqual(notClaims);
  });

  it('agrees with the server on every one-digit change of a real token', async () => {
    const keys = { keys: await signer.publicKeys() };
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: token.length - 1 }),
        fc.integer({ min: 1, max: 9 }),
        async (index, step) => {
          const digit = String((Number(token[index]) + step) % 10);
          const candidate = `${token.slice(0, index)}${digit}${token.slice(index + 1)}`;
          const browser = await compact.verifyCompactToken(candidate, keys);
          expect(browser.ok).toBe(checkCompactToken(candidate, keys.keys).ok);
          expect(browser.ok).toBe(false);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('what the page shows of a compact token', () => {
  it('masks the name, and fills what the QR code left out from the record, naming it', async () => {
    const signedWithoutTexts = {
      number: NUMBER,
      type: 'completion',
      creditHours: 12.5,
      issuedOn: '2026-05-03',
    };
    const record = {
      holderName: '欧**',
      title: '人工智能应用实务',
      issuer: '广西人才培训中心',
      creditHours: 99,
    };
    const { certificate, fromRecord } = page.withRecordTexts(
      page.certificateFromCompact(signedWithoutTexts),
      record,
    );
    expect(certificate).toMatchObject({ ...record, creditHours: 12.5 });
    expect(fromRecord).toEqual(['持证人', '培训项目', '颁发机构']);

    const check = await compact.verifyCompactToken(token, jwks);
    if (!check.ok) throw new Error(check.reason);
    const shown = page.certificateFromCompact(check.certificate);
    expect(shown.holderName).toBe('欧***');
    // What the signature states wins over the record; nothing is said to come from it.
    const completed = page.withRecordTexts(shown, { ...record, title: '别的班次' });
    expect(completed).toEqual({ certificate: shown, fromRecord: [] });
    expect(page.detailRows(shown)).toContainEqual(['学时', '12.5 学时']);
    expect(JSON.stringify(page.detailRows(shown))).not.toContain('欧阳娜娜');
  });

  it('names a technical level certificate’s field as its title when the record fills it', () => {
    const signed = { number: 'x', type: 'technical-level', level: 'junior', issuedOn: '2026-05-03' };
    expect(page.withRecordTexts(signed, { title: 'big-data' }).fromRecord).toEqual(['专业领域']);
    expect(page.withRecordTexts(signed, undefined).fromRecord).toEqual([]);
  });
});

describe('copies of the server’s code', () => {
  it('has the claim keys and the length limit of the server', () => {
    expect(compact.COMPACT_CLAIM).toEqual(COMPACT_CLAIM);
    expect(compact.MAX_COMPACT_TOKEN_LENGTH).toBe(MAX_TOKEN_BYTES);
  });

  it('reads the decimal form as the server does', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 170 }), (bytes) => {
        expect(compact.decimalToBytes(bytesToDecimal(bytes))).toEqual(bytes);
      }),
    );
    for (const text of ['0123', BigInt('0x02ff').toString(), BigInt('0x1f').toString(), '1e3']) {
      expect(decimalToBytes(text)).toBeUndefined();
      expect(() => compact.decimalToBytes(text)).toThrow();
    }
  });

  it('decodes CBOR as the server does, and refuses what it refuses', () => {
    const normalized = (value: unknown): unknown =>
      value instanceof Map
        ? [...value].map(([key, item]) => [key, normalized(item)])
        : Array.isArray(value)
          ? value.map(normalized)
          : value instanceof Uint8Array
            ? Array.from(value)
            : value !== null && typeof value === 'object' && 'tag' in value
              ? { tag: value.tag, value: normalized((value as Tagged).value) }
              : value;
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 48 }), (bytes) => {
        let server: unknown;
        let browser: unknown;
        try {
          server = normalized(decode(bytes));
        } catch {
          server = 'refused';
        }
        try {
          browser = normalized(compact.decodeCbor(bytes));
        } catch {
          browser = 'refused';
        }
        expect(browser).toEqual(server);
      }),
      { numRuns: 2000 },
    );
    const claims = decode(sign1Parts(token)[2]);
    expect(normalized(compact.decodeCbor(encode(claims)))).toEqual(normalized(claims));
  });

  it('computes the key id the server writes', async () => {
    for (const key of await signer.publicKeys()) {
      expect(await compact.coseKeyId(key)).toEqual(coseKeyId(key));
    }
  });
});
