/** Separation of duties on review, and what each reader sees of a plan. */
import { describe, expect, it } from 'vitest';
import type { Actor } from '#shared/domain/actor';
import { planViewFor } from '#shared/domain/plans/access';
import { newPlan, transitionPlan } from '#shared/domain/plans/plan';
import { latestSubmitter, reviewPlan } from '#shared/domain/plans/review';
import { CreatePlanInput, type Plan } from '#shared/domain/plans/schemas';
import { thrown } from '../helpers/thrown';

const host: Actor = { userId: 'u-host', roles: ['host'], orgId: 'org_host' };
const otherHost: Actor = { userId: 'u-other', roles: ['host'], orgId: 'org_other' };
const department: Actor = { userId: 'u-dept', roles: ['department'], orgId: 'org_dept' };
const otherDepartment: Actor = { userId: 'u-dept2', roles: ['department'], orgId: 'org_dept2' };
const admin: Actor = { userId: 'u-admin', roles: ['admin'], orgId: 'org_hrss' };
const trainee: Actor = { userId: 'u-trainee', roles: ['trainee'] };
const assessor: Actor = { userId: 'u-assessor', roles: ['assessor'], orgId: 'org_host' };
const now = new Date('2026-03-01T02:00:00Z');

const input = CreatePlanInput.parse({
  year: 2026,
  project: 'seminar',
  level: 'regional',
  category: 'shortage',
  title: '数字经济急需紧缺人才研修班',
  plannedSessions: 2,
  plannedTrainees: 120,
  budget: { subsidyCapFen: 50_000_00, selfFundedFen: 10_000_00 },
  hostOrgId: 'org_host',
  departmentId: 'org_dept',
});

const submittedBy = (creator: Actor, submitter: Actor): Plan =>
  transitionPlan(newPlan(input, creator, now), 'submit', submitter, now);

describe('separation of duties on review', () => {
  it('lets an admin who neither drafted nor submitted the plan review it', () => {
    const reviewed = reviewPlan(submittedBy(host, host), { decision: 'approve' }, admin, now);
    expect(reviewed.status).toBe('approved');
    expect(reviewed.history.at(-1)).toMatchObject({ by: admin.userId, from: 'submitted', to: 'approved' });
  });

  it('refuses the admin who drafted the plan (403 SELF_REVIEW)', () => {
    const plan = submittedBy(admin, host);
    expect(thrown(() => reviewPlan(plan, { decision: 'approve' }, admin, now))).toMatchObject({
      status: 403,
      code: 'SELF_REVIEW',
    });
  });

  it('refuses the admin who submitted the plan, whatever decision it brings', () => {
    const plan = submittedBy(host, admin);
    for (const decision of ['approve', 'reject', 'return'] as const) {
      expect(thrown(() => reviewPlan(plan, { decision, comment: '理由' }, admin, now))).toMatchObject({
        status: 403,
        code: 'SELF_REVIEW',
      });
    }
  });

  it('looks at the latest submission: a returned plan resubmitted by someone else', () => {
    const first = submittedBy(host, admin);
    const returned = reviewPlan(
      first,
      { decision: 'return', comment: '补充预算' },
      { ...admin, userId: 'u-admin2' },
      now,
    );
    const resubmitted = transitionPlan(returned, 'submit', host, now);
    expect(latestSubmitter(resubmitted)).toBe(host.userId);
    expect(reviewPlan(resubmitted, { decision: 'approve' }, admin, now).status).toBe('approved');
  });

  it('knows no submitter of a draft', () => {
    expect(latestSubmitter(newPlan(input, host, now))).toBeUndefined();
  });
});

describe('what a reader sees of a published plan', () => {
  const published: Plan = { ...submittedBy(host, host), status: 'published', publishedAt: now.toISOString() };

  it.each([
    ['its host', host],
    ['its co-organizing department', department],
    ['admin', admin],
  ])('shows %s the whole plan', (_, actor) => {
    expect(planViewFor(actor, published)).toEqual(published);
  });

  it.each([
    ['a trainee', trainee],
    ['an assessor of the host organization', assessor],
    ['another host', otherHost],
    ['another department', otherDepartment],
    ['an anonymous reader', undefined],
  ])('shows %s the public notice only', (_, actor) => {
    const view = planViewFor(actor, published) as Record<string, unknown>;
    expect(Object.keys(view).sort()).toEqual(
      [
        'id',
        'year',
        'project',
        'level',
        'category',
        'title',
        'hostOrgId',
        'hostName',
        'departmentId',
        'departmentName',
        'plannedSessions',
        'plannedTrainees',
        'publishedAt',
      ].sort(),
    );
    for (const hidden of ['budget', 'spentFen', 'reimbursableFen', 'shortfallFen', 'history', 'createdBy']) {
      expect(view).not.toHaveProperty(hidden);
    }
  });
});
