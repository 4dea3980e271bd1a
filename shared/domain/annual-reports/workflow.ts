/**
 * The review of a base's annual report (the notice: 报基地管理部门审核同意后，报自治区人力资源社会保障
 * 行政部门审核). The base files; its managing department reviews first, then the program office:
 *
 *   file ──▶ submitted ──department approves──▶ department-approved ──admin approves──▶ accepted
 *              ▲   │                                   │
 *        amend │   └──────────── return ──▶ returned ◀─┘ return
 *              └──────────────────────────────┘
 *
 * A base without a managing department goes to the program office straight from `submitted`. The
 * base may amend while nobody has reviewed the report yet (`submitted`) or after a return.
 */
import { aboutField } from '#shared/i18n/field-labels';
import * as MESSAGES from '#shared/i18n/messages';
import { conflict } from '../errors';
import type {
  AnnualReportAction,
  AnnualReportDecision,
  AnnualReportReviewer,
  AnnualReportStatus,
  AnnualReportTurn,
} from './statuses';

export const AMENDABLE_STATUSES: readonly AnnualReportStatus[] = ['submitted', 'returned'];

export function turnOf(status: AnnualReportStatus, hasManagingDepartment: boolean): AnnualReportTurn {
  switch (status) {
    case 'submitted':
      return hasManagingDepartment ? 'department' : 'admin';
    case 'department-approved':
      return 'admin';
    case 'returned':
      return 'base';
    case 'accepted':
      return 'nobody';
  }
}

/** Where a reviewer's decision leads, and what the history calls it. */
export function decisionOutcome(
  reviewer: AnnualReportReviewer,
  decision: AnnualReportDecision,
): { status: AnnualReportStatus; action: AnnualReportAction } {
  if (decision === 'return') return { status: 'returned', action: 'returned' };
  return reviewer === 'department'
    ? { status: 'department-approved', action: 'approved' }
    : { status: 'accepted', action: 'accepted' };
}

/**
 * The 409 for a reviewer whose turn it is not: another reviewer's turn (NOT_YOUR_TURN), or no
 * review is awaited at all (returned to the base, or accepted).
 */
export function outOfTurn(status: AnnualReportStatus, turn: AnnualReportTurn) {
  const detail = {
    field: 'status',
    message: aboutField('status', MESSAGES.annualReports.currentStatus(status)),
    currentStatus: status,
  };
  if (turn === 'department' || turn === 'admin') {
    return conflict('NOT_YOUR_TURN', MESSAGES.annualReports.notYourTurn(status, turn), [detail]);
  }
  return conflict('ANNUAL_REPORT_NOT_AWAITING_REVIEW', MESSAGES.annualReports.notAwaitingReview(status), [
    detail,
  ]);
}

export function assertAmendable(status: AnnualReportStatus): void {
  if (!AMENDABLE_STATUSES.includes(status)) {
    throw conflict('ANNUAL_REPORT_NOT_AMENDABLE', MESSAGES.annualReports.notAmendable(status), [
      {
        field: 'status',
        message: aboutField('status', MESSAGES.annualReports.amendableOnlyIn(AMENDABLE_STATUSES)),
        currentStatus: status,
      },
    ]);
  }
}

/** A return says why: the base has to know what to change. */
export function reviewCommentIssues(review: { decision: string; comment?: string | undefined }) {
  return review.decision === 'return' && !review.comment
    ? [{ path: ['comment'], message: MESSAGES.annualReports.returnNeedsComment() }]
    : [];
}
