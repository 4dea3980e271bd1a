import { describe, expect, it } from 'vitest';
import { AppError } from '#shared/domain/errors';
import {
  assertEditable,
  nextStatus,
  PLAN_ACTIONS,
  PLAN_STATUSES,
  type PlanAction,
  type PlanStatus,
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
