/**
 * What telling of a step of a base's annual report needs, read when told: the report, the history
 * entry the notice names and the base. Whatever is missing is logged and the notice dropped:
 * retrying cannot bring it back.
 */
import { withOrgName } from '#shared/domain/annual-reports/names';
import type { AnnualReport, AnnualReportHistoryEntry } from '#shared/domain/annual-reports/schemas';
import type { NoticeOf } from '#shared/domain/notices/schemas';
import type { Organization } from '#shared/domain/organizations/schemas';
import { getAnnualReport } from '#shared/store/annual-reports';
import { getOrganization } from '#shared/store/organizations';
import { type NoticeOutcome, nobodyToTell } from './outcome';

export type AnnualReportNotice =
  | NoticeOf<'annual-report-reviewed'>
  | NoticeOf<'annual-report-awaiting-review'>;

export interface AnnualReportStep {
  report: AnnualReport;
  entry: AnnualReportHistoryEntry;
  base: Organization;
}

/** The step `notice` names, or the outcome of a notice whose subject is gone. */
export async function readAnnualReportStep(
  notice: AnnualReportNotice,
): Promise<AnnualReportStep | { gone: NoticeOutcome }> {
  const [stored, base] = await Promise.all([
    getAnnualReport(notice.orgId, notice.year),
    getOrganization(notice.orgId),
  ]);
  if (!stored) return { gone: nobodyToTell(notice, 'its annual report is gone') };
  if (!base) return { gone: nobodyToTell(notice, 'its base is gone') };
  const report = withOrgName(stored, base);
  const entry = report.history[notice.historyIndex];
  if (!entry) return { gone: nobodyToTell(notice, 'its history entry is gone') };
  return { report, entry, base };
}
