/**
 * The compact token a QR code carries: signed by the signer port, it opens with the published
 * keys (a retired one included), refuses any change, and its link fits a version 10 QR code
 * (57 × 57 modules) at error correction M for every certificate the schemas allow.
 */
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CborValue, decode, encode, Tagged } from '#shared/cbor';
import { type CertificateDraft, verificationLink } from '#shared/domain/certificates/certificate';
import { COMPACT_CLAIM } from '#shared/domain/certificates/compact-claims';
import { formatCertificateNumber } from '#shared/domain/certificates/numbering';
import { DIGITAL_FIELDS } from '#shared/domain/plans/catalog';
import {
  bytesToDecimal,
  COMPACT_TOKEN_MAX_BYTES,
  type CompactCheck,
  checkCompactToken,
  decimalToBytes,
  isCompactToken,
  MAX_QR_ORIGIN_LENGTH,
  signCompactToken,
} from '#shared/signing/compact-token';
import { coseKeyId } from '#shared/signing/cose';
import { LocalSigner, rotateLocalKey } from '#shared/signing/local';
import type { PublicJwk } from '#shared/signing/port';
import { makeTempDir } from '../helpers/temp-dir';

/** A typical Chinese certificate: a three-character name, a twenty-character title. */
const TYPICAL: CertificateDraft = {
  type: 'completion',
  holderId: 'trainee-1',
  holderName: '韦小宝',
  title: '数字经济与人工智能应用实务专题高级研修班',
  creditHours: 24,
  issuerOrgId: 'org_1',
  issuer: '广西人才培训中心',
  issuerName: '广西人才培训中心',
  issuedOn: '2026-05-03',
  status: 'valid',
  createdAt: '2026-05-03T02:00:00.000Z',
};
const NUMBER = formatCertificateNumber({ year: 2026, type: 'completion', sequence: 123 });
/** The longest origin the budget is made for, as long as a CloudFront address and then some. */
const LONGEST_ORIGIN = `https://${'d'.repeat(MAX_QR_ORIGIN_LENGTH - 'https://'.length)}`;

let folder: ReturnType<typeof makeTempDir>;
let signer: LocalSigner;
let keys: PublicJwk[];
let token: string;

beforeAll(async () => {
  folder = makeTempDir('compact-token');
  signer = new LocalSigner(folder.path);
  token = await signCompactToken(signer, NUMBER, TYPICAL);
  keys = await signer.publicKeys();
});
afterAll(() => folder.remove());

/** Modules on a side of the QR code the page's link makes, as `qrSvg` draws it. */
const qrSide = (origin: string, compactToken: string) =>
  QRCode.create(verificationLink(origin, { token: 'unused', compactToken }), { errorCorrectionLevel: 'M' })
    .modules.size;

const refusal = (check: CompactCheck) => (check.ok ? 'accepted' : check.reason.en);

describe('a compact token', () => {
  it('opens with the published keys and states the certificate, the name and the title', () => {
    // The issuer's name does not fit beside a twenty-character title: the page reads it online.
    expect(isCompactToken(token)).toBe(true);
    expect(checkCompactToken(token, keys)).toEqual({
      ok: true,
      kid: keys[0]?.kid,
      certificate: {
        number: NUMBER,
        type: 'completion',
        creditHours: 24,
        issuedOn: '2026-05-03',
        holderName: '韦小宝',
        title: '数字经济与人工智能应用实务专题高级研修班',
      },
    });
  });

  it('of a typical Chinese certificate fits a version 10 QR code at level M, title included', () => {
    expect(qrSide(LONGEST_ORIGIN, token)).toBeLessThanOrEqual(57);
    expect(qrSide('https://d1a2b3c4d5e6f7.cloudfront.net', token)).toBeLessThanOrEqual(57);
    // The full JWS made a 93 × 93 code: the reason for all this.
    expect(
      QRCode.create(verificationLink(LONGEST_ORIGIN, { token: 'x'.repeat(700) }), {
        errorCorrectionLevel: 'M',
      }).modules.size,
    ).toBeGreaterThan(57);
  });

  it('fits at every length the schemas allow: the texts that cannot fit are left out', async () => {
    const worst = {
      ...TYPICAL,
      type: 'technical-level',
      level: 'senior',
      examDate: '2026-04-30',
      creditHours: undefined,
    } as const;
    const longest = formatCertificateNumber({
      year: 2026,
      type: 'technical-level',
      level: 'senior',
      sequence: 999_999_999_999,
    });
    const lengths = [1, 2, 3, 4, 5, 8, 10, 12, 15, 20, 25, 30, 40, 50, 100, 200];
    const cases: CertificateDraft[] = [
      // Names up to 50 characters, titles of a session up to 200 and of a field up to 100, issuers up to 200.
      ...lengths.filter((n) => n <= 50).map((n) => ({ ...TYPICAL, holderName: '名'.repeat(n) })),
      ...lengths.map((n) => ({ ...TYPICAL, title: '题'.repeat(n), creditHours: 500 })),
      ...lengths.map((n) => ({ ...TYPICAL, issuer: '机'.repeat(n), creditHours: 499.5 })),
      ...lengths.filter((n) => n <= 100).map((n) => ({ ...worst, title: 'x'.repeat(n) })),
      ...DIGITAL_FIELDS.map((field) => ({ ...worst, title: field })),
      { ...worst, holderName: '𠮷'.repeat(50), title: '𠮷'.repeat(100), issuer: '𠮷'.repeat(200) },
    ];
    for (const draft of cases) {
      const number = draft.type === 'completion' ? NUMBER : longest;
      const compact = await signCompactToken(signer, number, draft);
      const bytes = decimalToBytes(compact) as Uint8Array;
      const label = `${draft.holderName.length}/${draft.title.length}/${draft.issuer.length}`;
      expect(bytes.length, label).toBeLessThanOrEqual(COMPACT_TOKEN_MAX_BYTES);
      expect(qrSide(LONGEST_ORIGIN, compact), label).toBeLessThanOrEqual(57);
      const check = checkCompactToken(compact, keys);
      if (!check.ok) throw new Error(`refused: ${label}`);
      // A text is either whole or absent, never cut.
      for (const field of ['holderName', 'title', 'issuer'] as const) {
        if (check.certificate[field] !== undefined) expect(check.certificate[field]).toBe(draft[field]);
      }
    }
  });

  it('refuses every change of one digit', () => {
    for (let index = 0; index < token.length; index++) {
      const digit = String((Number(token[index]) + 1) % 10);
      const changed = `${token.slice(0, index)}${digit}${token.slice(index + 1)}`;
      expect(checkCompactToken(changed, keys).ok, `digit ${index}`).toBe(false);
    }
  });

  it('refuses claims changed under the original signature, naming the mismatch', () => {
    const [protectedBytes, unprotected, payload, signature] = (
      decode(decimalToBytes(token) as Uint8Array) as Tagged
    ).value as [Uint8Array, Map<number, never>, Uint8Array, Uint8Array];
    const claims = decode(payload) as Map<number, CborValue>;
    // 120 hours instead of 24.
    const forged = encode(new Map(claims).set(COMPACT_CLAIM.halfHours, 240));
    const tampered = bytesToDecimal(encode(new Tagged(18, [protectedBytes, unprotected, forged, signature])));
    expect(refusal(checkCompactToken(tampered, keys))).toMatch(/signature does not match/);
  });

  it('refuses another algorithm, another issuer’s key and what is not a token, with a reason', async () => {
    const [, unprotected, payload, signature] = (decode(decimalToBytes(token) as Uint8Array) as Tagged)
      .value as [Uint8Array, Map<number, never>, Uint8Array, Uint8Array];
    const hs256 = encode(
      new Map<number, Uint8Array | number>([
        [1, 5],
        [4, coseKeyId(keys[0] as PublicJwk)],
      ]),
    );
    const otherAlgorithm = bytesToDecimal(encode(new Tagged(18, [hs256, unprotected, payload, signature])));
    expect(refusal(checkCompactToken(otherAlgorithm, keys))).toMatch(/Algorithm COSE 5 is not accepted/);

    const stranger = makeTempDir('compact-stranger');
    try {
      const foreign = await signCompactToken(new LocalSigner(stranger.path), NUMBER, TYPICAL);
      expect(refusal(checkCompactToken(foreign, keys))).toMatch(/not ours/);
    } finally {
      stranger.remove();
    }

    const untagged = bytesToDecimal(encode([new Uint8Array(0), new Map(), payload, signature]));
    for (const text of ['', '0123', '12345678901234567890', untagged, '9'.repeat(5000)]) {
      expect(checkCompactToken(text, keys).ok, text.slice(0, 30)).toBe(false);
    }
  });
});

describe('key ids and rotation', () => {
  it('names its key by the first four bytes of the key’s RFC 7638 thumbprint', async () => {
    const { calculateJwkThumbprint } = await import('jose');
    const key = keys[0] as PublicJwk;
    const thumbprint = Buffer.from(await calculateJwkThumbprint(key as never, 'sha256'), 'base64url');
    const header = decode(
      ((decode(decimalToBytes(token) as Uint8Array) as Tagged).value as Uint8Array[])[0] as Uint8Array,
    ) as Map<number, unknown>;
    expect(header.get(4)).toEqual(Uint8Array.from(thumbprint.subarray(0, 4)));
    expect(coseKeyId(key)).toEqual(header.get(4));
  });

  it('still opens a token of a retired key after a rotation; new tokens name the new key', async () => {
    const rotating = makeTempDir('compact-rotation');
    try {
      const rotatingSigner = new LocalSigner(rotating.path);
      const before = await signCompactToken(rotatingSigner, NUMBER, TYPICAL);
      const newKid = await rotateLocalKey(rotating.path);
      const after = await signCompactToken(rotatingSigner, NUMBER, TYPICAL);
      const published = await rotatingSigner.publicKeys();
      expect(published.map((key) => key.kid)[0]).toBe(newKid);
      expect(checkCompactToken(before, published)).toMatchObject({ ok: true, kid: published[1]?.kid });
      expect(checkCompactToken(after, published)).toMatchObject({ ok: true, kid: newKid });
      // A key no longer trusted (left out of the keys) verifies nothing.
      expect(refusal(checkCompactToken(before, published.slice(0, 1)))).toMatch(/not ours/);
    } finally {
      rotating.remove();
    }
  });
});

describe('the decimal form', () => {
  it('keeps leading zero bytes and round-trips any bytes', () => {
    for (const bytes of [
      [],
      [0],
      [0, 0, 1],
      [255, 0],
      Array.from({ length: 160 }, (_, i) => (i * 37) % 256),
    ]) {
      const digits = bytesToDecimal(Uint8Array.from(bytes));
      expect(digits).toMatch(/^[1-9]\d*$/);
      expect(decimalToBytes(digits)).toEqual(Uint8Array.from(bytes));
    }
  });

  it('refuses digits it never writes: a leading zero, no 0x01 marker', () => {
    expect(decimalToBytes('0256')).toBeUndefined();
    expect(decimalToBytes(BigInt('0x02ff').toString())).toBeUndefined();
    expect(decimalToBytes(BigInt('0x1f').toString())).toBeUndefined();
    expect(decimalToBytes('12a')).toBeUndefined();
  });
});
