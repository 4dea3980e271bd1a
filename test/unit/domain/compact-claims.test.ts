/**
 * The compact claims: what a certificate's QR code states, in few bytes, and read back the same;
 * the texts go in by priority as long as they fit, each whole or not at all.
 */
import { describe, expect, it } from 'vitest';
import { type CborValue, decode, encode } from '#shared/cbor';
import type { CertificateDraft } from '#shared/domain/certificates/certificate';
import {
  COMPACT_CLAIM,
  compactClaims,
  compactText,
  readCompactClaims,
} from '#shared/domain/certificates/compact-claims';
import { formatCertificateNumber } from '#shared/domain/certificates/numbering';

const completion: CertificateDraft = {
  type: 'completion',
  holderId: 'trainee-1',
  holderName: '张三丰',
  title: '人工智能应用实务',
  creditHours: 12.5,
  issuerOrgId: 'org_1',
  issuer: '广西人才培训中心',
  issuerName: '广西人才培训中心',
  issuedOn: '2026-05-03',
  status: 'valid',
  createdAt: '2026-05-03T02:00:00.000Z',
};
const technical: CertificateDraft = {
  type: 'technical-level',
  level: 'senior',
  holderId: 'trainee-2',
  holderName: '李华',
  title: 'artificial-intelligence',
  issuerOrgId: 'org_2',
  issuer: '广西数字技术评价中心',
  issuerName: '广西数字技术评价中心',
  issuedOn: '2026-12-31',
  examDate: '2026-12-20',
  status: 'valid',
  createdAt: '2026-12-31T02:00:00.000Z',
};
const COMPLETION_NUMBER = formatCertificateNumber({ year: 2026, type: 'completion', sequence: 123 });
const TECHNICAL_NUMBER = formatCertificateNumber({
  year: 2026,
  type: 'technical-level',
  level: 'senior',
  sequence: 999_999_999_999,
});
const everything = () => true;
/** Claims through their bytes, as a verifier receives them. */
const roundTrip = (claims: Map<number, CborValue>) => readCompactClaims(decode(encode(claims)));

describe('compactClaims', () => {
  it('states a completion certificate in a few bytes and reads back as issued', () => {
    const claims = compactClaims(COMPLETION_NUMBER, completion, everything);
    expect(claims.get(COMPACT_CLAIM.number)).toEqual([2026, 0, 123]);
    expect(claims.get(COMPACT_CLAIM.halfHours)).toBe(25);
    expect(claims.get(COMPACT_CLAIM.issued)).toBe(Date.UTC(2026, 4, 3) / 86_400_000);
    expect(roundTrip(claims)).toEqual({
      number: COMPLETION_NUMBER,
      type: 'completion',
      creditHours: 12.5,
      issuedOn: '2026-05-03',
      holderName: '张三丰',
      title: '人工智能应用实务',
      issuer: '广西人才培训中心',
    });
    // The number alone would take 20 bytes as text.
    expect(encode(claims.get(COMPACT_CLAIM.number) as CborValue).length).toBe(7);
  });

  it('states a technical level certificate with its level and exam date, and no hours', () => {
    expect(roundTrip(compactClaims(TECHNICAL_NUMBER, technical, everything))).toEqual({
      number: TECHNICAL_NUMBER,
      type: 'technical-level',
      level: 'senior',
      issuedOn: '2026-12-31',
      examDate: '2026-12-20',
      holderName: '李华',
      title: 'artificial-intelligence',
      issuer: '广西数字技术评价中心',
    });
  });

  it('writes Chinese as UTF-16 (two bytes a character) and Latin text as UTF-8 (one)', () => {
    expect(compactText('人工智能')).toEqual(Uint8Array.from(Buffer.from('人工智能', 'utf16le')));
    expect(compactText('big-data')).toBe('big-data');
    expect(compactText('Python 数据分析')).toBe('Python 数据分析');
    const emoji = '\u{20BB7}野家';
    expect(
      readCompactClaims(
        decode(encode(compactClaims(COMPLETION_NUMBER, { ...completion, holderName: emoji }, everything))),
      )?.holderName,
    ).toBe(emoji);
  });

  it('puts the texts in by priority while they fit: name, title, issuer; each whole or not at all', () => {
    const budget = (bytes: number) => (claims: ReadonlyMap<number, CborValue>) =>
      encode(claims).length <= bytes;
    const essentials = encode(compactClaims(COMPLETION_NUMBER, completion, () => false)).length;
    const keysWithin = (bytes: number) => [
      ...compactClaims(COMPLETION_NUMBER, completion, budget(bytes)).keys(),
    ];

    expect(keysWithin(essentials)).toEqual([
      COMPACT_CLAIM.number,
      COMPACT_CLAIM.issued,
      COMPACT_CLAIM.halfHours,
    ]);
    // The name takes 1 + 1 + 6 bytes (key, head, three characters in UTF-16).
    expect(keysWithin(essentials + 8)).toContain(COMPACT_CLAIM.holderName);
    expect(keysWithin(essentials + 7)).not.toContain(COMPACT_CLAIM.holderName);
    // The title (18 bytes) does not fit beside the name in 25 more bytes; the issuer (18) does not either.
    expect(keysWithin(essentials + 25)).toEqual([...keysWithin(essentials), COMPACT_CLAIM.holderName]);

    const longTitle = { ...completion, title: '长'.repeat(200) };
    const claims = compactClaims(COMPLETION_NUMBER, longTitle, budget(essentials + 60));
    // The title that cannot fit is left out whole, and the issuer after it still goes in.
    expect(roundTrip(claims)).toMatchObject({ holderName: '张三丰', issuer: '广西人才培训中心' });
    expect(roundTrip(claims)).not.toHaveProperty('title');
  });
});

describe('readCompactClaims', () => {
  const valid = () => compactClaims(COMPLETION_NUMBER, completion, everything);
  const changed = (key: number, value: CborValue | undefined) => {
    const claims = valid();
    if (value === undefined) claims.delete(key);
    else claims.set(key, value);
    return roundTrip(claims);
  };

  it('passes over keys it does not know, so a later token may state more', () => {
    expect(changed(99, 'later')).toEqual(roundTrip(valid()));
  });

  it.each<[string, number, CborValue | undefined]>([
    ['no number', COMPACT_CLAIM.number, undefined],
    ['a number as text', COMPACT_CLAIM.number, COMPLETION_NUMBER],
    ['a number of two parts', COMPACT_CLAIM.number, [2026, 0]],
    ['a level digit past senior', COMPACT_CLAIM.number, [2026, 4, 123]],
    ['a five-digit year', COMPACT_CLAIM.number, [20260, 0, 123]],
    ['a thirteen-digit sequence', COMPACT_CLAIM.number, [2026, 0, 1_000_000_000_000]],
    ['no date of issue', COMPACT_CLAIM.issued, undefined],
    ['a date of issue as text', COMPACT_CLAIM.issued, '2026-05-03'],
    ['a date of issue before 1970', COMPACT_CLAIM.issued, -1],
    ['a date of issue past 9999', COMPACT_CLAIM.issued, 2_932_897],
  ])('refuses claims with %s', (_name, key, value) => {
    expect(changed(key, value)).toBeUndefined();
  });

  it('refuses what is not a map', () => {
    expect(readCompactClaims([1, 2, 3])).toBeUndefined();
    expect(readCompactClaims('GX')).toBeUndefined();
  });

  it('drops a text that is neither UTF-8 text nor whole UTF-16, rather than show garbage', () => {
    expect(changed(COMPACT_CLAIM.title, Uint8Array.from([0x41]))).not.toHaveProperty('title');
    expect(changed(COMPACT_CLAIM.title, Uint8Array.from([0x00, 0xd8]))).not.toHaveProperty('title');
  });
});
