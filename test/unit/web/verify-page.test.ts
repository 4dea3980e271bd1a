/**
 * The verification page's own logic (web/verify/verify.js), run here under Node's WebCrypto: it
 * accepts what the signer signs and the server accepts, refuses every altered token, shows the
 * holder's name masked only, and its copies of shared/domain rules stay equal to the originals.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CERTIFICATE_ISSUER,
  type CertificateDraft,
  certificateClaims,
  maskName,
} from '#shared/domain/certificates/certificate';
import { formatCertificateNumber, parseCertificateNumber } from '#shared/domain/certificates/numbering';
import { DIGITAL_FIELDS } from '#shared/domain/plans/catalog';
import { LocalSigner, rotateLocalKey } from '#shared/signing/local';
import type { PublicJwk } from '#shared/signing/port';
import { checkCertificateToken } from '#shared/signing/verify';
import { VERIFY_PAGE_DIR, VERIFY_PAGE_FILES } from '../../../web/verify-page';
import { makeTempDir } from '../helpers/temp-dir';

type Check =
  | { ok: true; kid: string; claims: Record<string, unknown> }
  | { ok: false; code: string; reason: string };
type View = Record<string, string | number | undefined>;
interface PageModule {
  CERTIFICATE_ISSUER: string;
  verifyCertificateToken(token: string, jwks: { keys: readonly PublicJwk[] }): Promise<Check>;
  maskName(name: string): string;
  checkCertificateNumber(text: string): { ok: true; number: string } | { ok: false; message: string };
  DIGITAL_FIELD_LABELS: Record<string, string>;
  certificateFromClaims(claims: Record<string, unknown>): View;
  detailRows(view: View, revocation?: Record<string, string>): [string, string][];
  revokedExplanation(record: { revokedAt?: string; revocationReason?: string }): string;
}

// Plain JavaScript for the browser, without type declarations: imported by URL.
const page = (await import(pathToFileURL(join(VERIFY_PAGE_DIR, 'verify.js')).href)) as PageModule;

const draft: CertificateDraft = {
  type: 'completion',
  holderId: 'trainee-1',
  holderName: '欧阳娜娜',
  title: '人工智能应用实务',
  creditHours: 12,
  issuerOrgId: 'org_1',
  issuer: '广西人才培训中心',
  issuerName: '广西人才培训中心',
  issuedOn: '2026-05-03',
  status: 'valid',
  createdAt: '2026-05-03T02:00:00.000Z',
};
const NUMBER = formatCertificateNumber({ year: 2026, type: 'completion', sequence: 123 });

let keys: ReturnType<typeof makeTempDir>;
let signer: LocalSigner;
let token: string;
let jwks: { keys: PublicJwk[] };

beforeAll(async () => {
  keys = makeTempDir('verify-page');
  signer = new LocalSigner(keys.path);
  token = await signer.sign(certificateClaims(NUMBER, draft));
  jwks = { keys: await signer.publicKeys() };
});
afterAll(() => keys.remove());

/** `token` with the character at `index` replaced by another base64url character. */
const altered = (value: string, index: number, replacement: string) =>
  `${value.slice(0, index)}${replacement}${value.slice(index + 1)}`;

describe('verifyCertificateToken (WebCrypto)', () => {
  it('accepts a certificate signed by a published key, and returns its claims', async () => {
    const check = await page.verifyCertificateToken(token, jwks);
    expect(check).toMatchObject({ ok: true, kid: jwks.keys[0]?.kid, claims: { sub: NUMBER, hours: 12 } });
  });

  it('still accepts it after a key rotation, by the kid in its header', async () => {
    await rotateLocalKey(keys.path);
    const rotated = { keys: await signer.publicKeys() };
    expect(rotated.keys).toHaveLength(2);
    expect((await page.verifyCertificateToken(token, rotated)).ok).toBe(true);
  });

  it('refuses a changed payload, header or signature with the reason a person can act on', async () => {
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const moreHours = Buffer.from(JSON.stringify({ ...claims, hours: 120 })).toString('base64url');
    const forged = await page.verifyCertificateToken(`${header}.${moreHours}.${signature}`, jwks);
    expect(forged).toMatchObject({ ok: false, code: 'signature' });
    if (!forged.ok) expect(forged.reason).toContain('签名不符');

    const none = Buffer.from(JSON.stringify({ alg: 'none', kid: jwks.keys[0]?.kid })).toString('base64url');
    expect(await page.verifyCertificateToken(`${none}.${payload}.${signature}`, jwks)).toMatchObject({
      code: 'algorithm',
    });
    const strange = Buffer.from(JSON.stringify({ alg: 'ES256', kid: 'someone-else' })).toString('base64url');
    expect(await page.verifyCertificateToken(`${strange}.${payload}.${signature}`, jwks)).toMatchObject({
      code: 'key',
    });
    for (const garbage of [
      '',
      'abc',
      `${header}.${payload}`,
      `${header}.${payload}.`,
      'a.b.c',
      `${token}x`.repeat(400),
    ]) {
      expect((await page.verifyCertificateToken(garbage, jwks)).ok, garbage.slice(0, 20)).toBe(false);
    }
    expect((await page.verifyCertificateToken(token, { keys: [] })).ok).toBe(false);
  });

  it('agrees with the server on every one-character change of a real token', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: token.length - 1 }),
        fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.'),
        async (index, replacement) => {
          const candidate = altered(token, index, replacement);
          const [browser, server] = await Promise.all([
            page.verifyCertificateToken(candidate, jwks),
            checkCertificateToken(candidate, jwks.keys),
          ]);
          expect(browser.ok).toBe(server.ok);
          // The signature's last character carries four unused bits: some changes to it decode to
          // the same signature. Every other change must fail.
          if (candidate !== token && index < token.length - 1) expect(browser.ok).toBe(false);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('refuses a correctly signed token that is not a certificate of this system', async () => {
    const other = await signer.sign({ iss: 'urn:someone-else', sub: NUMBER });
    expect(await page.verifyCertificateToken(other, { keys: await signer.publicKeys() })).toMatchObject({
      ok: false,
      code: 'claims',
    });
  });
});

describe('what the page shows', () => {
  it('never the full name the token carries: masked as shared/domain masks it', async () => {
    const check = await page.verifyCertificateToken(token, jwks);
    if (!check.ok) throw new Error(check.reason);
    expect(check.claims.name).toBe('欧阳娜娜');
    const view = page.certificateFromClaims(check.claims);
    expect(view.holderName).toBe('欧***');
    const shown = JSON.stringify(page.detailRows(view));
    expect(shown).not.toContain('欧阳娜娜');
    expect(page.detailRows(view)).toEqual([
      ['证书编号', NUMBER],
      ['持证人', '欧***'],
      ['证书类型', '培训合格证书'],
      ['培训项目', '人工智能应用实务'],
      ['学时', '12 学时'],
      ['颁发机构', '广西人才培训中心'],
      ['颁发日期', '2026年5月3日'],
    ]);
  });

  it('names a technical level certificate by its level and its digital field in Chinese', () => {
    const claims = certificateClaims(NUMBER, {
      ...draft,
      type: 'technical-level',
      level: 'senior',
      title: 'big-data',
      creditHours: undefined,
      examDate: '2026-04-20',
    });
    const rows = Object.fromEntries(page.detailRows(page.certificateFromClaims(claims)));
    expect(rows).toMatchObject({
      证书类型: '专业技术等级证书',
      专业领域: '大数据',
      等级: '高级',
      考试日期: '2026年4月20日',
    });
    expect(rows).not.toHaveProperty('学时');
  });

  it('says when a certificate was revoked, as a Beijing date, and why', () => {
    const rows = Object.fromEntries(
      page.detailRows(page.certificateFromClaims(certificateClaims(NUMBER, draft)), {
        revokedAt: '2026-06-30T17:00:00.000Z',
        revocationReason: '考核材料造假',
      }),
    );
    expect(rows).toMatchObject({ 撤销日期: '2026年7月1日', 撤销原因: '考核材料造假' });
  });

  it('ends the revocation sentence with one full stop, whether or not the reason has its own', () => {
    const revokedAt = '2026-06-30T17:00:00.000Z';
    const explained = (revocationReason?: string) =>
      page.revokedExplanation({ revokedAt, ...(revocationReason === undefined ? {} : { revocationReason }) });
    expect(explained('考核材料造假')).toBe('该证书已于2026年7月1日被撤销，原因：考核材料造假。');
    expect(explained('考核材料造假。')).toBe('该证书已于2026年7月1日被撤销，原因：考核材料造假。');
    expect(explained('考核材料造假。 ')).toBe('该证书已于2026年7月1日被撤销，原因：考核材料造假。');
    expect(explained('是否造假？')).toBe('该证书已于2026年7月1日被撤销，原因：是否造假？');
    expect(explained('Forged records.')).toBe('该证书已于2026年7月1日被撤销，原因：Forged records.');
    expect(explained()).toBe('该证书已于2026年7月1日被撤销。');
    expect(explained('')).toBe('该证书已于2026年7月1日被撤销。');
    for (const reason of ['考核材料造假', '考核材料造假。', '造假！', '造假？']) {
      expect(explained(reason)).not.toMatch(/[。．.！!？?]{2}$/);
    }
  });
});

describe('copies of shared/domain rules', () => {
  it('masks names exactly as maskName does', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 12 }), (name) => {
        expect(page.maskName(name)).toBe(maskName(name));
      }),
    );
  });

  it('accepts every number the numbering rule formats', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2021, max: 2035 }),
        fc.constantFrom(
          { type: 'completion' as const, level: undefined },
          { type: 'technical-level' as const, level: 'junior' as const },
          { type: 'technical-level' as const, level: 'senior' as const },
        ),
        fc.integer({ min: 1, max: 999_999_999_999 }),
        (year, kind, sequence) => {
          const number = formatCertificateNumber({ year, ...kind, sequence });
          expect(page.checkCertificateNumber(number)).toEqual({ ok: true, number });
          // As people type it: lower case, spaces, full-width characters.
          const typed = ` ${number.toLowerCase().replace(/-/g, '－')} `;
          expect(page.checkCertificateNumber(typed)).toEqual({ ok: true, number });
        },
      ),
    );
  });

  it('refuses exactly what parseCertificateNumber refuses', () => {
    const nearNumber = fc
      .tuple(
        fc.stringMatching(/^\d{4}$/),
        fc.constantFrom('P', 'T'),
        fc.constantFrom('0', '1', '2', '3', '4'),
        fc.stringMatching(/^\d{5,13}$/),
        fc.constantFrom(...'0123456789XY'),
      )
      .map(([year, type, level, sequence, check]) => `GX-${year}-${type}${level}-${sequence}-${check}`);
    fc.assert(
      fc.property(nearNumber, (number) => {
        let serverAccepts = true;
        try {
          parseCertificateNumber(number);
        } catch {
          serverAccepts = false;
        }
        expect(page.checkCertificateNumber(number).ok, number).toBe(serverAccepts);
      }),
      { numRuns: 500 },
    );
    expect(page.checkCertificateNumber('')).toMatchObject({ ok: false, message: '请输入证书编号' });
    const mistyped = `${NUMBER.slice(0, -1)}${NUMBER.endsWith('1') ? '2' : '1'}`;
    expect(page.checkCertificateNumber(mistyped)).toMatchObject({
      ok: false,
      message: expect.stringContaining('校验位'),
    });
  });

  it('has the issuer and the ten digital fields of shared/domain', () => {
    expect(page.CERTIFICATE_ISSUER).toBe(CERTIFICATE_ISSUER);
    expect(Object.keys(page.DIGITAL_FIELD_LABELS).sort()).toEqual([...DIGITAL_FIELDS].sort());
  });
});

describe('the page folder', () => {
  it('holds exactly the files that are served and deployed', () => {
    expect(readdirSync(VERIFY_PAGE_DIR).sort()).toEqual(Object.keys(VERIFY_PAGE_FILES).sort());
  });
});
