import { describe, expect, it } from 'vitest';
import { AppError } from '#shared/domain/errors';
import {
  assertEditable,
  nextStatus,
  PLAN_ACTIONS,
  PLAN_STATUSES,
  type PlanAction,
  type PlanStatus,
  reviewCommentIssues,
} from '#shared/domain/plans/workflow';
import { thrown } from '../helpers/thrown';

/** The workflow of the issue, written out independently of the implementation's table. */
const ALLOWED: Record<string, PlanStatus> = {
  'draft submit': 'submitted',
  'returned submit': 'submitted',
  'submitted approve': 'approved',
  'submitted reject': 'rejected',
  'submitted return': 'returned',
  'approved publish': 'published',
};

const everyPair = PLAN_STATUSES.flatMap((status) => PLAN_ACTIONS.map((action) => [status, action] as const));

describe('the plan workflow', () => {
  it.each(everyPair.filter(([status, action]) => `${status} ${action}` in ALLOWED))(
    'allows %s → %s',
    (status: PlanStatus, action: PlanAction) => {
      expect(nextStatus(status, action)).toBe(ALLOWED[`${status} ${action}`]);
    },
  );

  it.each(everyPair.filter(([status, action]) => !(`${status} ${action}` in ALLOWED)))(
    'refuses %s → %s with a 409 naming the current status',
    (status: PlanStatus, action: PlanAction) => {
      const error = thrown(() => nextStatus(status, action));
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ status: 409, code: 'INVALID_TRANSITION' });
      expect((error as AppError).details?.[0]).toMatchObject({ currentStatus: status });
    },
  );

  it('covers all 30 pairs of status and action', () => {
    expect(everyPair).toHaveLength(PLAN_STATUSES.length * PLAN_ACTIONS.length);
    expect(Object.keys(ALLOWED)).toHaveLength(6);
  });

  it.each(['draft', 'returned'] as const)('lets a %s plan be edited', (status) => {
    expect(() => assertEditable(status)).not.toThrow();
  });

  it.each(['submitted', 'approved', 'rejected', 'published'] as const)(
    'keeps a %s plan as it is (409)',
    (status) => {
      expect(thrown(() => assertEditable(status))).toMatchObject({ status: 409, code: 'PLAN_NOT_EDITABLE' });
    },
  );
});

describe('the workflow refusals read as English sentences', () => {
  it.each([
    ['approved', 'approve', 'An approved plan cannot be approved'],
    ['draft', 'approve', 'A draft plan cannot be approved'],
    ['published', 'submit', 'A published plan cannot be submitted'],
    ['rejected', 'publish', 'A rejected plan cannot be published'],
  ] as const)('refuses %s → %s saying "%s"', (status, action, message) => {
    expect(thrown(() => nextStatus(status, action))).toMatchObject({ message });
  });

  it('uses "an" before a status that starts with a vowel when a plan is no longer editable', () => {
    expect(thrown(() => assertEditable('approved'))).toMatchObject({
      message: 'An approved plan can no longer be changed',
    });
    expect(thrown(() => assertEditable('submitted'))).toMatchObject({
      message: 'A submitted plan can no longer be changed',
    });
  });

  it.each([
    ['reject', 'A rejection needs a comment saying why'],
    ['return', 'A return needs a comment saying why'],
  ])('asks a %s without a comment for one', (decision, message) => {
    expect(reviewCommentIssues({ decision })).toEqual([{ path: ['comment'], message }]);
  });
});
