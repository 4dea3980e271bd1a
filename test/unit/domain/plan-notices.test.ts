/**
 * Which moves of a plan its host is told of (shared/domain/notices/notice.ts): a review's decision
 * and the publication, each its own notice; the host's own moves, none.
 */
import { describe, expect, it } from 'vitest';
import type { Actor } from '#shared/domain/actor';
import { noticeSubject, planMoveNotice } from '#shared/domain/notices/notice';
import { Notice } from '#shared/domain/notices/schemas';
import { transitionPlan } from '#shared/domain/plans/plan';
import type { Plan } from '#shared/domain/plans/schemas';

const NOW = new Date('2026-03-02T02:00:00.000Z');
const HOST: Actor = { userId: 'host-1', roles: ['host'], orgId: 'org_host' } as Actor;
const ADMIN: Actor = { userId: 'admin-1', roles: ['admin'] } as Actor;

const draft = {
  id: 'plan_0001',
  status: 'draft',
  history: [{ at: NOW.toISOString(), by: 'host-1', from: null, to: 'draft' }],
  version: 1,
} as unknown as Plan;

const submitted = transitionPlan(draft, 'submit', HOST, NOW);

describe('planMoveNotice', () => {
  it('tells nothing of drafting or submitting: those are the host’s own moves', () => {
    expect(planMoveNotice(draft, NOW)).toBeUndefined();
    expect(planMoveNotice(submitted, NOW)).toBeUndefined();
  });

  it.each(['approve', 'reject', 'return'] as const)(
    'tells a review (%s) as plan-reviewed, naming its history entry',
    (decision) => {
      const reviewed = transitionPlan(submitted, decision, ADMIN, NOW, '意见');
      const notice = planMoveNotice(reviewed, NOW);
      expect(notice).toEqual({
        kind: 'plan-reviewed',
        planId: 'plan_0001',
        historyIndex: 2,
        createdAt: NOW.toISOString(),
      });
      expect(Notice.parse(notice)).toEqual(notice);
    },
  );

  it('tells the publication as plan-published', () => {
    const published = transitionPlan(transitionPlan(submitted, 'approve', ADMIN, NOW), 'publish', ADMIN, NOW);
    expect(planMoveNotice(published, NOW)).toMatchObject({ kind: 'plan-published', historyIndex: 3 });
  });

  it('gives a returned plan reviewed again a second notice, not the first one again', () => {
    const returned = transitionPlan(submitted, 'return', ADMIN, NOW, '请补充');
    const again = transitionPlan(transitionPlan(returned, 'submit', HOST, NOW), 'approve', ADMIN, NOW);
    const first = planMoveNotice(returned, NOW) as Notice;
    const second = planMoveNotice(again, NOW) as Notice;
    expect(noticeSubject(first)).toBe('plan_0001#2');
    expect(noticeSubject(second)).toBe('plan_0001#4');
  });
});
