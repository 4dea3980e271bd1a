/**
 * Telling a base of each step of its annual report: its receipt for a filing or an amendment, the
 * decision and comment of each review, and what comes next, mailed to the base's contact address.
 */
import type { AnnualReport, AnnualReportHistoryEntry } from '#shared/domain/annual-reports/schemas';
import { beijingDate } from '#shared/domain/dates';
import { noticeSubject } from '#shared/domain/notices/notice';
import type { NoticeOf } from '#shared/domain/notices/schemas';
import { ANNUAL_REPORT_ACTION_LABELS } from '#shared/i18n/labels';
import { composeMail } from '#shared/mail/compose';
import { webLink } from '#shared/mail/links';
import type { OutgoingMail } from '#shared/mail/port';
import { deliverOnce } from '../delivery';
import { readAnnualReportStep } from './annual-report-step';
import { type NoticeOutcome, nobodyToTell } from './outcome';

export interface AnnualReportReviewedParts {
  /** The base's contact address. */
  to: string;
  report: Pick<AnnualReport, 'orgId' | 'orgName' | 'year' | 'lateDays' | 'managingDepartmentName'>;
  entry: AnnualReportHistoryEntry;
}

/** Who reviews first: the base's managing department, by name, or the program office. */
const firstReviewer = (report: AnnualReportReviewedParts['report']) =>
  report.managingDepartmentName ? `基地管理部门（${report.managingDepartmentName}）` : '项目办公室';

function whatHappened({ report, entry }: AnnualReportReviewedParts): string {
  const date = beijingDate(new Date(entry.at));
  const what = `${report.year}年度执行情况总结和下一年度计划`;
  switch (entry.action) {
    case 'filed':
      return `贵基地的${what}已于${date}提交${report.lateDays > 0 ? `，逾期${report.lateDays}天` : ''}。`;
    case 'amended':
      return `贵基地已于${date}修改并重新提交${what}。`;
    case 'approved':
      return `贵基地的${what}已于${date}经${firstReviewer(report)}审核同意，报送项目办公室审核。`;
    case 'returned':
      return `贵基地的${what}已于${date}被退回修改。`;
    case 'accepted':
      return `贵基地的${what}已于${date}经项目办公室审核通过。`;
  }
}

function nextStep({ report, entry }: AnnualReportReviewedParts): string {
  switch (entry.action) {
    case 'filed':
    case 'amended':
      return report.managingDepartmentName
        ? `报告将先由${firstReviewer(report)}审核，审核同意后报项目办公室审核。`
        : '报告将由项目办公室审核。';
    case 'approved':
      return '请等待项目办公室审核。';
    case 'returned':
      return '请按审核意见修改后重新提交。';
    case 'accepted':
      return '本年度报告的审核已全部完成。';
  }
}

export function annualReportReviewedMail(parts: AnnualReportReviewedParts): OutgoingMail {
  const { report, entry } = parts;
  const reviewed = entry.action !== 'filed' && entry.action !== 'amended';
  return composeMail({
    to: parts.to,
    subject: `年度报告${ANNUAL_REPORT_ACTION_LABELS[entry.action]}：${report.orgName}${report.year}年度`,
    paragraphs: [
      `${report.orgName}：`,
      whatHappened(parts),
      ...(reviewed ? [`审核意见：${entry.comment?.trim() || '无'}`] : []),
      nextStep(parts),
    ],
    link: { label: '查看年度报告', url: webLink('annualReport', { orgId: report.orgId, year: report.year }) },
    kind: 'annual-report-reviewed',
  });
}

export async function tellAnnualReportReviewed(
  notice: NoticeOf<'annual-report-reviewed'>,
  now: Date,
): Promise<NoticeOutcome> {
  const step = await readAnnualReportStep(notice);
  if ('gone' in step) return step.gone;
  const { report, entry, base } = step;
  if (!base.contactEmail) return nobodyToTell(notice, 'the base has no contactEmail');
  const mail = annualReportReviewedMail({ to: base.contactEmail, report, entry });
  return deliverOnce(`${base.id}#${notice.kind}#${noticeSubject(notice)}`, mail, now);
}
