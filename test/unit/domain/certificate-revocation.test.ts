/**
 * What a revocation changes beyond the certificate: a notice to its holder, and for a completion
 * certificate a reversing ledger entry that takes its hours out of the year's credits.
 */
import { describe, expect, it } from 'vitest';
import { revoked } from '#shared/domain/certificates/certificate';
import { formatCertificateNumber } from '#shared/domain/certificates/numbering';
import { reversingEntry, revocationNotice } from '#shared/domain/certificates/revocation';
import type { Certificate } from '#shared/domain/certificates/schemas';
import { noticeSubject } from '#shared/domain/notices/notice';
import { Notice } from '#shared/domain/notices/schemas';
import { DEFAULT_CREDIT_REQUIREMENT, summarizeCredits } from '#shared/domain/trainees/ledger';
import { LedgerEntry } from '#shared/domain/trainees/schemas';

const NOW = new Date('2026-09-01T02:00:00.000Z');
const NUMBER = formatCertificateNumber({ year: 2026, type: 'completion', sequence: 42 });

const CERTIFICATE: Certificate = revoked(
  {
    number: NUMBER,
    type: 'completion',
    holderId: 'trainee-1',
    holderName: '张三',
    title: '人工智能应用实务',
    creditHours: 24,
    issuerOrgId: 'org_host_0001',
    issuer: '广西人才培训中心',
    issuerName: '广西人才培训中心',
    issuedOn: '2026-06-12',
    sessionId: 'ses_0001',
    planId: 'pln_0001',
    planYear: 2026,
    registrationId: 'reg_0001',
    status: 'valid',
    token: 'a.b.c',
    createdAt: '2026-06-12T02:00:00.000Z',
  },
  '考核材料造假',
  NOW,
);

const ORIGINAL: LedgerEntry = {
  traineeId: 'trainee-1',
  year: 2026,
  registrationId: 'reg_0001',
  sessionId: 'ses_0001',
  sessionTitle: '人工智能应用实务',
  subjectType: 'professional',
  hours: 24,
  recordedAt: '2026-06-12T02:00:00.000Z',
};

describe('revocationNotice', () => {
  it('names the certificate and its holder, and is one notice per certificate', () => {
    const notice = revocationNotice(CERTIFICATE, NOW);
    expect(notice).toEqual({
      kind: 'certificate-revoked',
      number: NUMBER,
      holderId: 'trainee-1',
      createdAt: NOW.toISOString(),
    });
    expect(Notice.parse(notice)).toEqual(notice);
    expect(noticeSubject(notice)).toBe(NUMBER);
    // Told again later, it is the same notice.
    expect(noticeSubject(revocationNotice(CERTIFICATE, new Date('2026-09-02T00:00:00Z')))).toBe(NUMBER);
  });
});

describe('reversingEntry', () => {
  it('takes the hours back in the same year and subject type, naming the certificate and the original', () => {
    const reversal = reversingEntry(ORIGINAL, CERTIFICATE, NOW);
    expect(reversal).toEqual({
      ...ORIGINAL,
      hours: -24,
      recordedAt: NOW.toISOString(),
      reverses: { certificateNumber: NUMBER, recordedAt: ORIGINAL.recordedAt },
    });
    expect(LedgerEntry.parse(reversal)).toEqual(reversal);
  });

  it('brings the year’s credits down by the hours, and out of "met"', () => {
    const other: LedgerEntry = { ...ORIGINAL, registrationId: 'reg_0002', hours: 70 };
    const before = summarizeCredits(2026, [ORIGINAL, other], DEFAULT_CREDIT_REQUIREMENT);
    expect(before).toMatchObject({ professional: 94, total: 94, met: true });
    const after = summarizeCredits(
      2026,
      [ORIGINAL, other, reversingEntry(ORIGINAL, CERTIFICATE, NOW)],
      DEFAULT_CREDIT_REQUIREMENT,
    );
    expect(after).toMatchObject({ professional: 70, total: 70, met: false });
  });

  it('refuses to reverse a reversal, or an entry of another registration', () => {
    const reversal = reversingEntry(ORIGINAL, CERTIFICATE, NOW);
    expect(() => reversingEntry(reversal, CERTIFICATE, NOW)).toThrow();
    expect(() => reversingEntry({ ...ORIGINAL, registrationId: 'reg_other' }, CERTIFICATE, NOW)).toThrow();
  });
});
