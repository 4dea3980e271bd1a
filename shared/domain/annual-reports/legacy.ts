/**
 * Reports filed before the review was kept carry no status, history or version. They read as what
 * they were: filed once and awaiting review (`submitted`), with the filing as their one step, by
 * whoever filed it (no name was kept: the user id stands for it), and version 0 (never rewritten).
 */
import type { AnnualReportHistoryEntry, StoredAnnualReport } from './schemas';

export type ReviewedStoredReport = StoredAnnualReport &
  Required<Pick<StoredAnnualReport, 'status' | 'history' | 'lastSubmittedAt' | 'version'>>;

export function withReviewFields(report: StoredAnnualReport): ReviewedStoredReport {
  const filed: AnnualReportHistoryEntry = {
    action: 'filed',
    status: 'submitted',
    by: report.submittedBy,
    byName: report.submittedBy,
    at: report.submittedAt,
  };
  return {
    ...report,
    lastSubmittedAt: report.lastSubmittedAt ?? report.submittedAt,
    status: report.status ?? 'submitted',
    history: report.history && report.history.length > 0 ? report.history : [filed],
    version: report.version ?? 0,
  };
}
