import { describe, expect, it } from 'vitest';
import { certificatePdfDisposition, certificatePrintout } from '#shared/domain/certificates/printout';
import type { Certificate } from '#shared/domain/certificates/schemas';

const LINK = 'https://verify.example.gov.cn/verify#token=abc';

const completion: Certificate = {
  number: 'GX-2026-P0-000001-3',
  type: 'completion',
  holderId: 'trainee-1',
  holderName: '张三',
  title: '人工智能应用实务',
  creditHours: 12,
  issuerOrgId: 'org_1',
  issuer: '广西人才培训中心',
  issuerName: '广西人才培训中心（新名）',
  issuedOn: '2026-12-02',
  sessionId: 'ses_1',
  planId: 'plan_1',
  planYear: 2026,
  registrationId: 'reg_1',
  status: 'valid',
  token: 'header.payload.signature',
  createdAt: '2026-12-01T16:30:00.000Z',
};

const technical: Certificate = {
  ...completion,
  number: 'GX-2026-T2-000001-5',
  type: 'technical-level',
  level: 'intermediate',
  title: '数据分析',
  creditHours: undefined,
  examDate: '2026-11-20',
  sessionId: undefined,
};

const byLabel = (fields: { label: string; value: string }[]) =>
  Object.fromEntries(fields.map((field) => [field.label, field.value]));

describe('the printout of a completion certificate', () => {
  const printout = certificatePrintout(completion, LINK);

  it('is titled with the program and the type label', () => {
    expect(printout.programme).toBe('广西专业技术人才知识更新工程');
    expect(printout.title).toBe('培训合格证书');
    expect(printout.documentTitle).toBe('培训合格证书 GX-2026-P0-000001-3');
  });

  it('says who completed which training with how many hours', () => {
    expect(printout.statement).toBe(
      '张三 同志参加“人工智能应用实务”培训，完成 12 学时，经考核合格，特发此证。',
    );
    expect(byLabel(printout.fields)).toEqual({
      姓名: '张三',
      证书编号: 'GX-2026-P0-000001-3',
      培训班名称: '人工智能应用实务',
      学时: '12 学时',
      发证单位: '广西人才培训中心（新名）',
      发证日期: '2026年12月2日',
    });
  });

  it('is signed by the issuer, on the issue date written in Chinese', () => {
    expect(printout.issuer).toBe('广西人才培训中心（新名）');
    expect(printout.issuedOn).toBe('2026年12月2日');
  });

  it('carries the verification link it is given, and is not marked revoked', () => {
    expect(printout.qr).toEqual({ link: LINK, caption: '扫码核验证书真伪' });
    expect(printout.revoked).toBeUndefined();
  });
});

describe('the printout of a technical level certificate', () => {
  const printout = certificatePrintout(technical, LINK);

  it('names the field, the level by its label and the exam date, and no hours', () => {
    expect(printout.title).toBe('专业技术等级证书');
    expect(printout.statement).toContain('“数据分析”专业技术等级考核');
    expect(printout.statement).toContain('评定为中级');
    const fields = byLabel(printout.fields);
    expect(fields).toMatchObject({ 考核专业: '数据分析', 等级: '中级', 考核日期: '2026年11月20日' });
    expect(fields).not.toHaveProperty('学时');
  });
});

describe('the printout of a revoked certificate', () => {
  it('is marked 已撤销 with the Beijing date and the reason, personal data masked', () => {
    const printout = certificatePrintout(
      {
        ...completion,
        status: 'revoked',
        // 17:00 UTC on the 2nd is already the 3rd in Beijing.
        revokedAt: '2026-12-02T17:00:00.000Z',
        revocationReason: '材料造假，举报电话 13812345678',
      },
      LINK,
    );
    expect(printout.revoked?.mark).toBe('已撤销');
    expect(printout.revoked?.note).toBe(
      '已撤销：本证书自2026年12月3日起不再有效。撤销原因：材料造假，举报电话 138****5678',
    );
    // The record itself is printed as it was issued.
    expect(byLabel(printout.fields)).toHaveProperty('证书编号', 'GX-2026-P0-000001-3');
  });
});

describe('the PDF file name', () => {
  it('is the certificate number', () => {
    expect(certificatePdfDisposition('GX-2026-P0-000001-3')).toBe(
      'attachment; filename="GX-2026-P0-000001-3.pdf"',
    );
  });
});
