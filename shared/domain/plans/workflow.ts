/**
 * The annual plan workflow (DOMAIN.md: apply → review → approve → publish):
 *
 *   draft ──submit──▶ submitted ──approve──▶ approved ──publish──▶ published
 *                       │   ▲  └──reject──▶ rejected
 *                  return   └──submit── returned
 *
 * Content may change only in draft or returned; everything else is final or under review.
 */
import { conflict } from '../errors';

export const PLAN_STATUSES = ['draft', 'submitted', 'approved', 'rejected', 'returned', 'published'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

export const PLAN_ACTIONS = ['submit', 'approve', 'reject', 'return', 'publish'] as const;
export type PlanAction = (typeof PLAN_ACTIONS)[number];

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
    throw conflict('INVALID_TRANSITION', `${aPlan(current)} cannot be ${pastTense(action)}`, [
      {
        field: 'status',
        message: `Allowed only from ${transition.from.join(' or ')}`,
        currentStatus: current,
      },
    ]);
  }
  return transition.to;
}

export function assertEditable(current: PlanStatus): void {
  if (!EDITABLE_STATUSES.includes(current)) {
    throw conflict('PLAN_NOT_EDITABLE', `${aPlan(current)} can no longer be changed`, [
      {
        field: 'status',
        message: `Editable only in ${EDITABLE_STATUSES.join(' or ')}`,
        currentStatus: current,
      },
    ]);
  }
}

/** "A draft plan", "An approved plan": the article follows the sound of the status. */
const aPlan = (status: PlanStatus) => `${/^[aeiou]/.test(status) ? 'An' : 'A'} ${status} plan`;

const pastTense = (action: PlanAction) =>
  ({
    submit: 'submitted',
    approve: 'approved',
    reject: 'rejected',
    return: 'returned',
    publish: 'published',
  })[action];

const REVIEW_NOUN: Record<string, string> = { reject: 'A rejection', return: 'A return' };

/** A refusal or a return says why: the unit has to know what to change. */
export function reviewCommentIssues(review: { decision: string; comment?: string | undefined }) {
  return review.decision !== 'approve' && !review.comment
    ? [
        {
          path: ['comment'],
          message: `${REVIEW_NOUN[review.decision] ?? 'A review'} needs a comment saying why`,
        },
      ]
    : [];
}
