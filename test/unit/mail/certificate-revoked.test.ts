/** The certificate-revoked mail: Chinese, to the holder, which certificate, why, what it means, a link. */
import { beforeEach, describe, expect, it } from 'vitest';
import { loadConfig, useConfig } from '#shared/config/env';
import { revoked } from '#shared/domain/certificates/certificate';
import { formatCertificateNumber } from '#shared/domain/certificates/numbering';
import type { Certificate } from '#shared/domain/certificates/schemas';
import { certificateRevokedMail } from '#shared/use-cases/mail/tellers/certificate-revoked';

const APP_URL = 'https://jxjy.example.gov.cn';
const NUMBER = formatCertificateNumber({ year: 2026, type: 'completion', sequence: 42 });
const TECHNICAL_NUMBER = formatCertificateNumber({
  year: 2026,
  type: 'technical-level',
  level: 'senior',
  sequence: 7,
});
// 2026-08-31T17:00Z is 1 September in Beijing.
const REVOKED_AT = new Date('2026-08-31T17:00:00.000Z');

const completion: Certificate = revoked(
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
    registrationId: 'reg_0001',
    status: 'valid',
    token: 'a.b.c',
    createdAt: '2026-06-12T02:00:00.000Z',
  },
  '考核材料造假，经核查属实。',
  REVOKED_AT,
);
const technical: Certificate = revoked(
  {
    number: TECHNICAL_NUMBER,
    type: 'technical-level',
    level: 'senior',
    holderId: 'trainee-1',
    holderName: '张三',
    title: 'big-data',
    issuerOrgId: 'org_assessor_0001',
    issuer: '广西数字技术评价中心',
    issuerName: '广西数字技术评价中心',
    issuedOn: '2026-06-12',
    examDate: '2026-06-01',
    status: 'valid',
    token: 'a.b.c',
    createdAt: '2026-06-12T02:00:00.000Z',
  },
  '等级认定有误',
  REVOKED_AT,
);

beforeEach(() => useConfig(loadConfig({ APP_URL: `${APP_URL}/` })));

describe('certificateRevokedMail', () => {
  const mail = () =>
    certificateRevokedMail({ to: 'zhang@example.cn', holderName: '张三', certificate: completion });

  it('goes to the holder, of kind certificate-revoked, with the number in its Chinese subject', () => {
    expect(mail()).toMatchObject({ to: 'zhang@example.cn', kind: 'certificate-revoked' });
    expect(mail().subject).toBe(`证书已撤销：${NUMBER}`);
  });

  it('says which certificate, when (a Beijing date), and the full reason, once punctuated', () => {
    const { text } = mail();
    expect(text).toContain('张三，您好：');
    expect(text).toContain(`培训合格证书“人工智能应用实务”（证书编号：${NUMBER}）已于2026-09-01被撤销。`);
    expect(text).toContain('撤销原因：考核材料造假，经核查属实。');
    expect(text).not.toContain('。。');
  });

  it('says what it means: no longer valid, and for a completion certificate its hours leave the credits', () => {
    const { text } = mail();
    expect(text).toContain('不再有效');
    expect(text).toContain('24学时已从您的继续教育学时中扣除');
    const other = certificateRevokedMail({ to: 'z@example.cn', holderName: '张三', certificate: technical });
    expect(other.text).toContain(`专业技术等级证书（高级）“big-data”（证书编号：${TECHNICAL_NUMBER}）`);
    expect(other.text).toContain('不再有效');
    expect(other.text).not.toContain('学时');
    expect(other.text).toContain('评价机构');
  });

  it('links to the certificate under APP_URL, in the text and the HTML', () => {
    const link = `${APP_URL}/certificates/${NUMBER}`;
    expect(mail().text).toContain(`查看证书：${link}`);
    expect(mail().html).toContain(`<a href="${link}">`);
  });

  it('escapes what staff wrote in the HTML part', () => {
    const hostile = revoked({ ...completion, status: 'valid' }, '<script>alert(1)</script>', REVOKED_AT);
    const { html } = certificateRevokedMail({ to: 'z@example.cn', holderName: '张三', certificate: hostile });
    expect(html).not.toContain('<script>');
    expect(html).toContain('&#60;script&#62;');
  });
});
