/**
 * The mails of an annual report's review: the base hears of every step (with the reviewer's
 * comment and what to do next), the reviewer whose turn it is hears that the report awaits them.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { loadConfig, useConfig } from '#shared/config/env';
import type { AnnualReportHistoryEntry } from '#shared/domain/annual-reports/schemas';
import { annualReportAwaitingMail } from '#shared/use-cases/mail/tellers/annual-report-awaiting-review';
import { annualReportReviewedMail } from '#shared/use-cases/mail/tellers/annual-report-reviewed';

const APP_URL = 'https://jxjy.example.gov.cn';
const REPORT = {
  orgId: 'org_base_nn',
  orgName: '南宁继续教育基地',
  year: 2026,
  lateDays: 0,
  managingDepartmentName: '自治区教育厅',
};

const entry = (action: AnnualReportHistoryEntry['action'], comment?: string): AnnualReportHistoryEntry => ({
  action,
  status: 'submitted',
  by: 'u-1',
  byName: '审核员',
  // 20:00 UTC on 14 December is already 15 December in Beijing.
  at: '2026-12-14T20:00:00.000Z',
  ...(comment ? { comment } : {}),
});

beforeEach(() => useConfig(loadConfig({ APP_URL })));

describe('annualReportReviewedMail', () => {
  it('acknowledges a filing, says it was late and who reviews first', () => {
    const mail = annualReportReviewedMail({
      to: 'base@example.cn',
      report: { ...REPORT, lateDays: 5 },
      entry: entry('filed'),
    });
    expect(mail).toMatchObject({ to: 'base@example.cn', kind: 'annual-report-reviewed' });
    expect(mail.subject).toBe('年度报告提交：南宁继续教育基地2026年度');
    expect(mail.text).toContain('已于2026-12-15提交，逾期5天。');
    expect(mail.text).toContain('报告将先由基地管理部门（自治区教育厅）审核');
    expect(mail.text).not.toContain('审核意见');
    expect(mail.text).toContain(`${APP_URL}/organizations/org_base_nn/annual-reports/2026`);
  });

  it('tells a return with the comment and asks for an amendment; the comment is escaped in HTML', () => {
    const mail = annualReportReviewedMail({
      to: 'base@example.cn',
      report: REPORT,
      entry: entry('returned', '请补充<b>人数</b>'),
    });
    expect(mail.subject).toBe('年度报告退回修改：南宁继续教育基地2026年度');
    expect(mail.text).toContain('审核意见：请补充<b>人数</b>');
    expect(mail.text).toContain('请按审核意见修改后重新提交。');
    expect(mail.html).not.toContain('<b>');
  });

  it('tells the department approval, then the acceptance', () => {
    const approved = annualReportReviewedMail({
      to: 'b@example.cn',
      report: REPORT,
      entry: entry('approved'),
    });
    expect(approved.text).toContain('经基地管理部门（自治区教育厅）审核同意，报送项目办公室审核');
    expect(approved.text).toContain('审核意见：无');
    const accepted = annualReportReviewedMail({
      to: 'b@example.cn',
      report: REPORT,
      entry: entry('accepted'),
    });
    expect(accepted.subject).toBe('年度报告项目办公室审核通过：南宁继续教育基地2026年度');
    expect(accepted.text).toContain('审核已全部完成');
  });

  it('sends a base without a managing department to the program office', () => {
    const { managingDepartmentName: _name, ...unmanaged } = REPORT;
    const mail = annualReportReviewedMail({ to: 'b@example.cn', report: unmanaged, entry: entry('amended') });
    expect(mail.text).toContain('修改并重新提交');
    expect(mail.text).toContain('报告将由项目办公室审核。');
  });
});

describe('annualReportAwaitingMail', () => {
  it('asks the managing department to review a filing', () => {
    const mail = annualReportAwaitingMail({
      to: 'dept@example.cn',
      reviewerName: '自治区教育厅',
      report: { ...REPORT, lateDays: 3 },
      entry: entry('filed'),
    });
    expect(mail).toMatchObject({ to: 'dept@example.cn', kind: 'annual-report-awaiting-review' });
    expect(mail.subject).toBe('年度报告待审核：南宁继续教育基地2026年度');
    expect(mail.text).toMatch(/^自治区教育厅：/);
    expect(mail.text).toContain(
      '南宁继续教育基地已于2026-12-15提交2026年度执行情况总结和下一年度计划，请审核。',
    );
    expect(mail.text).toContain('逾期3天');
  });

  it('asks the program office to review what the department approved', () => {
    const mail = annualReportAwaitingMail({
      to: 'office@example.cn',
      reviewerName: '项目办公室',
      report: REPORT,
      entry: entry('approved'),
    });
    expect(mail.text).toMatch(/^项目办公室：/);
    expect(mail.text).toContain('经基地管理部门（自治区教育厅）审核同意，报送项目办公室审核');
    expect(mail.text).not.toContain('逾期');
  });
});
