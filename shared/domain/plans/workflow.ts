/**
 * The annual plan workflow (docs/domain-rules.md: apply → review → approve → publish):
 *
 *   draft ──submit──▶ submitted ──approve──▶ approved ──publish──▶ published
 *                       │   ▲  └──reject──▶ rejected
 *                  return   └──submit── returned
 *
 * Content may change only in draft or returned; everything else is final or under review.
 */
import { aboutField } from '#shared/i18n/field-labels';
import * as MESSAGES from '#shared/i18n/messages';
import { conflict } from '../errors';
import type { PlanAction, PlanStatus } from './statuses';

export const TRANSITIONS: Record<PlanAction, { from: readonly PlanStatus[]; to: PlanStatus }> = {
  submit: { from: ['draft', 'returned'], to: 'submitted' },
  approve: { from: ['submitted'], to: 'approved' },
  reject: { from: ['submitted'], to: 'rejected' },
  return: { from: ['submitted'], to: 'returned' },
  publish: { from: ['approved'], to: 'published' },
};

export const EDITABLE_STATUSES: readonly PlanStatus[] = ['draft', 'returned'];

/** Expenses are recorded once a plan is approved: before that there is nothing to spend on. */
export const SPENDING_STATUSES: readonly PlanStatus[] = ['approved', 'published'];

/** The status `action` leads to from `current`, or a 409 naming the current status. */
export function nextStatus(current: PlanStatus, action: PlanAction): PlanStatus {
  const transition = TRANSITIONS[action];
  if (!transition.from.includes(current)) {
    throw conflict('INVALID_TRANSITION', MESSAGES.plans.invalidTransition(current, action), [
      {
        field: 'status',
        message: aboutField('status', MESSAGES.plans.allowedOnlyFrom(transition.from)),
        currentStatus: current,
      },
    ]);
  }
  return transition.to;
}

export function assertEditable(current: PlanStatus): void {
  if (!EDITABLE_STATUSES.includes(current)) {
    throw conflict('PLAN_NOT_EDITABLE', MESSAGES.plans.notEditable(current), [
      {
        field: 'status',
        message: aboutField('status', MESSAGES.plans.editableOnlyIn(EDITABLE_STATUSES)),
        currentStatus: current,
      },
    ]);
  }
}

/** A refusal or a return says why: the unit has to know what to change. */
export function reviewCommentIssues(review: { decision: string; comment?: string | undefined }) {
  return review.decision !== 'approve' && !review.comment
    ? [{ path: ['comment'], message: MESSAGES.plans.reviewNeedsComment(review.decision) }]
    : [];
}
