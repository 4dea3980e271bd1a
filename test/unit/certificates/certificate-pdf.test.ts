/**
 * The printed certificate as a real PDF, read back with poppler-utils as a person's viewer would:
 * its words (Chinese set in the embedded font, so they extract as text), one A4 page, a font subset
 * rather than the whole font, the revoked mark. Page 1 lands as a PNG in test/artifacts/certificate-pdf/
 * (ignored by git) to be looked at.
 */
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import QRCode from 'qrcode';
import { beforeAll, describe, expect, it } from 'vitest';
import { qrSymbol } from '#shared/certificates/pdf/qr-modules';
import { renderCertificatePdf } from '#shared/certificates/pdf/render';
import { certificateVerificationLink } from '#shared/certificates/verification-link';
import { formatCertificateNumber } from '#shared/domain/certificates/numbering';
import { certificatePrintout } from '#shared/domain/certificates/printout';
import type { Certificate } from '#shared/domain/certificates/schemas';
import { signCompactToken } from '#shared/signing/compact-token';
import { LocalSigner } from '#shared/signing/local';
import { pdfFirstPagePng, pdfFonts, pdfInfo, pdfText } from '../../support/poppler';
import { makeTempDir } from '../helpers/temp-dir';

const ARTIFACTS = join(process.cwd(), 'test', 'artifacts', 'certificate-pdf');
const NOW = new Date('2026-12-02T02:00:00.000Z');
/** A signed token as long as real ones, so the QR code is as dense as on real certificates. */
const TOKEN = `eyJhbGciOiJFUzI1NiJ9.${'e'.repeat(420)}.${'s'.repeat(86)}`;
const LINK = `https://verify.example.gov.cn/verify#token=${TOKEN}`;

const certificate: Certificate = {
  number: 'GX-2026-P0-000001-3',
  type: 'completion',
  holderId: 'trainee-1',
  holderName: '欧阳明',
  title: '人工智能应用实务',
  creditHours: 12,
  issuerOrgId: 'org_1',
  issuer: '广西人才培训中心',
  issuerName: '广西人才培训中心',
  issuedOn: '2026-12-02',
  status: 'valid',
  token: TOKEN,
  createdAt: NOW.toISOString(),
};

/** The page's text with the lines joined: a long sentence wraps wherever the page is narrow. */
const joinedText = (pdf: Buffer) => pdfText(pdf).replaceAll('\n', '');

let valid: Buffer;
let revoked: Buffer;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  valid = await renderCertificatePdf(certificatePrintout(certificate, LINK), NOW);
  revoked = await renderCertificatePdf(
    certificatePrintout(
      {
        ...certificate,
        status: 'revoked',
        revokedAt: '2026-12-03T01:00:00.000Z',
        revocationReason: '考核材料造假',
      },
      LINK,
    ),
    NOW,
  );
});

describe('a printed certificate', () => {
  it('says, as extractable text, whose certificate it is, its number and what it attests', () => {
    const text = joinedText(valid);
    for (const words of [
      '广西专业技术人才知识更新工程',
      '培训合格证书',
      '欧阳明',
      'GX-2026-P0-000001-3',
      '人工智能应用实务',
      '12 学时',
      '广西人才培训中心',
      '2026年12月2日',
      '扫码核验证书真伪',
    ]) {
      expect(text).toContain(words);
    }
    expect(text).not.toContain('已撤销');
  });

  it('is one A4 page, titled with its type and number', () => {
    const info = pdfInfo(valid);
    expect(info.Pages).toBe('1');
    expect(info['Page size']).toBe('595.28 x 841.89 pts (A4)');
    expect(info.Title).toBe('培训合格证书 GX-2026-P0-000001-3');
  });

  it('embeds a subset of the CJK font, not the whole of it', () => {
    const [font, ...others] = pdfFonts(valid).split('\n').slice(2).filter(Boolean);
    expect(others).toEqual([]);
    // name, type, encoding, then embedded / subset / unicode map: yes yes yes.
    expect(font).toMatch(/^[A-Z]{6}\+NotoSansSC-Regular\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes\b/);
    // The font file is some 10 MB; the page's glyphs are a few dozen kilobytes.
    expect(valid.length).toBeLessThan(150 * 1024);
  });

  it('of a revoked certificate is marked 已撤销, with when and why', () => {
    const text = joinedText(revoked);
    expect(text).toContain('已撤销');
    expect(text).toContain('已撤销：本证书自2026年12月3日起不再有效');
    expect(text).toContain('考核材料造假');
    expect(text).toContain('GX-2026-P0-000001-3');
  });

  it('renders to a picture of page 1 (test/artifacts/certificate-pdf/)', () => {
    for (const [name, pdf] of [
      ['completion', valid],
      ['revoked', revoked],
    ] as const) {
      const png = pdfFirstPagePng(pdf, join(ARTIFACTS, name));
      // A4 at 100 dpi is 827 × 1170 pixels: far more than an empty page's few kilobytes.
      expect(statSync(png).size).toBeGreaterThan(20 * 1024);
    }
  });
});

describe('the QR code as vector shapes', () => {
  it('covers exactly the dark modules of the code the API draws (error correction M)', () => {
    const { modules } = QRCode.create(LINK, { errorCorrectionLevel: 'M' });
    const symbol = qrSymbol(LINK);
    expect(symbol.size).toBe(modules.size);
    const drawn = new Set<string>();
    for (const run of symbol.runs) {
      for (let column = run.column; column < run.column + run.length; column++) {
        drawn.add(`${run.row},${column}`);
      }
    }
    const dark = new Set<string>();
    for (let row = 0; row < modules.size; row++) {
      for (let column = 0; column < modules.size; column++) {
        if (modules.get(row, column)) dark.add(`${row},${column}`);
      }
    }
    expect(drawn).toEqual(dark);
    // Runs join neighbours: fewer rectangles than dark modules.
    expect(symbol.runs.length).toBeLessThan(dark.size);
  });

  it('is at most 57 modules wide (version 10) for a certificate with its compact token', async () => {
    const folder = makeTempDir('printout-compact');
    try {
      // A number whose check character holds (the page's sample need not have one).
      const number = formatCertificateNumber({ year: 2026, type: 'completion', sequence: 1 });
      const issued = { ...certificate, number, title: '数字经济与人工智能应用实务专题高级研修班' };
      const compactToken = await signCompactToken(new LocalSigner(folder.path), number, issued);
      const link = certificateVerificationLink({ ...issued, compactToken });
      const printout = certificatePrintout({ ...issued, compactToken }, link);
      expect(printout.qr.link).toContain('#c=');
      expect(qrSymbol(printout.qr.link).size).toBeLessThanOrEqual(57);
      // The long link of a certificate without one is what made codes of 89 modules and more.
      expect(qrSymbol(certificateVerificationLink(certificate)).size).toBeGreaterThan(57);
    } finally {
      folder.remove();
    }
  });
});
