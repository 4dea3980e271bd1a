/**
 * The closed sets of an annual report's review: its statuses, the actions of its history, the
 * decisions and whose turn it is. No rule here (./workflow.ts moves a report between them), so
 * the labels and messages (shared/i18n) name them without importing the rules that speak in them.
 */
export const ANNUAL_REPORT_STATUSES = ['submitted', 'department-approved', 'returned', 'accepted'] as const;
export type AnnualReportStatus = (typeof ANNUAL_REPORT_STATUSES)[number];

/** What each step of a report's history did. */
export const ANNUAL_REPORT_ACTIONS = ['filed', 'amended', 'approved', 'returned', 'accepted'] as const;
export type AnnualReportAction = (typeof ANNUAL_REPORT_ACTIONS)[number];

export const ANNUAL_REPORT_DECISIONS = ['approve', 'return'] as const;
export type AnnualReportDecision = (typeof ANNUAL_REPORT_DECISIONS)[number];

/** Who moves the report next: a reviewer, the base (after a return), or nobody (accepted). */
export type AnnualReportTurn = 'department' | 'admin' | 'base' | 'nobody';
export type AnnualReportReviewer = Extract<AnnualReportTurn, 'department' | 'admin'>;
