import { describe, expect, it } from 'vitest';
import { AppError } from '#shared/domain/errors';
import { PLAN_ACTIONS, PLAN_STATUSES, type PlanAction, type PlanStatus } from '#shared/domain/plans/statuses';
import { assertEditable, nextStatus, reviewCommentIssues } from '#shared/domain/plans/workflow';
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

describe('the workflow refusals, in Chinese by default and in grammatical English', () => {
  const body = (make: () => unknown, language?: 'en') => (thrown(make) as AppError).toBody(language).error;

  it.each([
    ['approved', 'approve', '该计划当前状态为“已批准”，不能批准', 'An approved plan cannot be approved'],
    ['draft', 'approve', '该计划当前状态为“草稿”，不能批准', 'A draft plan cannot be approved'],
    ['published', 'submit', '该计划当前状态为“已公示”，不能提交审核', 'A published plan cannot be submitted'],
    ['rejected', 'publish', '该计划当前状态为“未批准”，不能公示', 'A rejected plan cannot be published'],
  ] as const)('refuses %s → %s saying "%s"', (status, action, zh, en) => {
    expect(body(() => nextStatus(status, action)).message).toBe(zh);
    expect(body(() => nextStatus(status, action), 'en').message).toBe(en);
  });

  it('names the statuses a move is allowed from by their labels', () => {
    expect(body(() => nextStatus('draft', 'publish')).details).toEqual([
      { field: 'status', message: '状态：仅当状态为“已批准”时可以进行此操作', currentStatus: 'draft' },
    ]);
    expect(body(() => nextStatus('draft', 'publish'), 'en').details?.[0]?.message).toBe(
      'Allowed only from approved',
    );
  });

  it('uses "an" before a status that starts with a vowel when a plan is no longer editable', () => {
    expect(body(() => assertEditable('approved'), 'en').message).toBe(
      'An approved plan can no longer be changed',
    );
    expect(body(() => assertEditable('submitted'), 'en').message).toBe(
      'A submitted plan can no longer be changed',
    );
    expect(body(() => assertEditable('submitted')).message).toBe('该计划当前状态为“已提交”，已不能修改');
    expect(body(() => assertEditable('submitted')).details?.[0]?.message).toBe(
      '状态：仅当状态为“草稿”或“已退回修改”时可以修改',
    );
  });

  it.each([
    ['reject', '不予批准时须说明理由', 'A rejection needs a comment saying why'],
    ['return', '退回修改时须说明理由', 'A return needs a comment saying why'],
  ])('asks a %s without a comment for one', (decision, zh, en) => {
    expect(reviewCommentIssues({ decision })).toEqual([{ path: ['comment'], message: { 'zh-CN': zh, en } }]);
  });
});
