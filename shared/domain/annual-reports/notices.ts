/**
 * Who is told of a step of an annual report (written with the step, in its transaction): the base,
 * of every step (its receipt for a filing, the decision and comment of a review), and the reviewer
 * whose turn it now is, that a report awaits them.
 */
import type { NoticeOf } from '../notices/schemas';
import type { AnnualReport } from './schemas';
import { turnOf } from './workflow';

type AnnualReportNotice = NoticeOf<'annual-report-reviewed'> | NoticeOf<'annual-report-awaiting-review'>;

export function annualReportNotices(
  report: Pick<AnnualReport, 'orgId' | 'year' | 'status' | 'history' | 'managingDepartmentId'>,
  now: Date,
): AnnualReportNotice[] {
  const step = {
    orgId: report.orgId,
    year: report.year,
    historyIndex: report.history.length - 1,
    createdAt: now.toISOString(),
  };
  const turn = turnOf(report.status, report.managingDepartmentId !== undefined);
  return [
    { kind: 'annual-report-reviewed', ...step },
    ...(turn === 'department' || turn === 'admin'
      ? [{ kind: 'annual-report-awaiting-review' as const, ...step }]
      : []),
  ];
}
