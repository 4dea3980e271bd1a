/**
 * Telling the reviewer whose turn it is that a base's annual report awaits them: the base's
 * managing department after a filing or an amendment, the program office (`ADMIN_EMAIL`, as for
 * the overdue reports) after the department's approval or when the base has no managing
 * department. A step the report has moved past is not told: its reviewer has acted already.
 */
import { adminEmail } from '#shared/config/app';
import type { AnnualReport, AnnualReportHistoryEntry } from '#shared/domain/annual-reports/schemas';
import { beijingDate } from '#shared/domain/dates';
import { noticeSubject } from '#shared/domain/notices/notice';
import type { NoticeOf } from '#shared/domain/notices/schemas';
import { composeMail } from '#shared/mail/compose';
import { webLink } from '#shared/mail/links';
import type { OutgoingMail } from '#shared/mail/port';
import { getOrganization } from '#shared/store/organizations';
import { deliverOnce } from '../delivery';
import { readAnnualReportStep } from './annual-report-step';
import { type NoticeOutcome, nobodyToTell } from './outcome';

export interface AnnualReportAwaitingParts {
  to: string;
  /** The reviewer as the greeting names them: the department's name, or 项目办公室. */
  reviewerName: string;
  report: Pick<AnnualReport, 'orgId' | 'orgName' | 'year' | 'lateDays' | 'managingDepartmentName'>;
  entry: AnnualReportHistoryEntry;
}

function whatAwaits({ report, entry }: AnnualReportAwaitingParts): string {
  const date = beijingDate(new Date(entry.at));
  const what = `${report.year}年度执行情况总结和下一年度计划`;
  if (entry.action === 'approved') {
    const department = report.managingDepartmentName ?? '基地管理部门';
    return `${report.orgName}的${what}已于${date}经基地管理部门（${department}）审核同意，报送项目办公室审核。`;
  }
  const filed = entry.action === 'amended' ? '修改后重新提交' : '提交';
  return `${report.orgName}已于${date}${filed}${what}，请审核。`;
}

export function annualReportAwaitingMail(parts: AnnualReportAwaitingParts): OutgoingMail {
  const { report } = parts;
  return composeMail({
    to: parts.to,
    subject: `年度报告待审核：${report.orgName}${report.year}年度`,
    paragraphs: [
      `${parts.reviewerName}：`,
      whatAwaits(parts),
      ...(report.lateDays > 0 ? [`该报告首次提交时已逾期${report.lateDays}天。`] : []),
      '请登录系统审核：同意的，选择“审核同意”；需修改的，填写意见后“退回修改”。',
    ],
    link: { label: '审核年度报告', url: webLink('annualReport', { orgId: report.orgId, year: report.year }) },
    kind: 'annual-report-awaiting-review',
  });
}

/** Where the reviewer of a step is written to: its managing department, else the program office. */
async function reviewerOf(
  report: AnnualReport,
  entry: AnnualReportHistoryEntry,
): Promise<{ to: string | undefined; reviewerName: string; who: string }> {
  if (entry.status === 'submitted' && report.managingDepartmentId) {
    const department = await getOrganization(report.managingDepartmentId);
    return {
      to: department?.contactEmail,
      reviewerName: department?.name ?? report.managingDepartmentName ?? report.managingDepartmentId,
      who: report.managingDepartmentId,
    };
  }
  return { to: adminEmail(), reviewerName: '项目办公室', who: 'admin' };
}

export async function tellAnnualReportAwaitingReview(
  notice: NoticeOf<'annual-report-awaiting-review'>,
  now: Date,
): Promise<NoticeOutcome> {
  const step = await readAnnualReportStep(notice);
  if ('gone' in step) return step.gone;
  const { report, entry } = step;
  if (notice.historyIndex !== report.history.length - 1) {
    return nobodyToTell(notice, 'the report has moved past this step');
  }
  const reviewer = await reviewerOf(report, entry);
  if (!reviewer.to) return nobodyToTell(notice, `the reviewer (${reviewer.who}) has no mail address`);
  const mail = annualReportAwaitingMail({ ...reviewer, to: reviewer.to, report, entry });
  return deliverOnce(`${reviewer.who}#${notice.kind}#${noticeSubject(notice)}`, mail, now);
}
