/**
 * Who reads a plan's expenses: its host organization, its co-organizing department and admin.
 * Anyone else who sees the plan (published: its public notice) is refused with 403; anyone who
 * may not see it at all gets the 404 of an unknown plan.
 */
import { describe, expect, it } from 'vitest';
import type { Actor } from '#shared/domain/actor';
import { AppError } from '#shared/domain/errors';
import { newPlan, transitionPlan } from '#shared/domain/plans/plan';
import { CreatePlanInput, type Plan } from '#shared/domain/plans/schemas';
import { planForSpending } from '#shared/domain/plans/spending';
import { thrown } from '../helpers/thrown';

const host: Actor = { userId: 'u-host', roles: ['host'], orgId: 'org_host' };
const otherHost: Actor = { userId: 'u-other', roles: ['host'], orgId: 'org_other' };
const department: Actor = { userId: 'u-dept', roles: ['department'], orgId: 'org_dept' };
const otherDepartment: Actor = { userId: 'u-dept2', roles: ['department'], orgId: 'org_dept2' };
const admin: Actor = { userId: 'u-admin', roles: ['admin'], orgId: 'org_hrss' };
const trainee: Actor = { userId: 'u-trainee', roles: ['trainee'] };
const city: Actor = { userId: 'u-city', roles: ['city'], orgId: 'org_city' };
const now = new Date('2026-03-01T02:00:00Z');

const draft: Plan = newPlan(
  CreatePlanInput.parse({
    year: 2026,
    project: 'seminar',
    level: 'regional',
    category: 'shortage',
    title: '数字经济急需紧缺人才研修班',
    plannedSessions: 2,
    plannedTrainees: 120,
    budget: { subsidyCapFen: 5_000_000, selfFundedFen: 1_000_000 },
    hostOrgId: 'org_host',
    departmentId: 'org_dept',
  }),
  host,
  now,
);
const published = (['submit', 'approve', 'publish'] as const).reduce(
  (plan, action) => transitionPlan(plan, action, action === 'submit' ? host : admin, now),
  draft,
);

describe('planForSpending', () => {
  it("lets the plan's parties read: host, co-organizing department, admin, in any status", () => {
    for (const plan of [draft, published]) {
      for (const party of [host, department, admin]) expect(planForSpending(party, plan, plan.id)).toBe(plan);
    }
  });

  it('refuses with 403 in Chinese whoever sees the published plan but is not a party', () => {
    for (const reader of [otherHost, otherDepartment, trainee, city]) {
      const error = thrown(() => planForSpending(reader, published, published.id));
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ status: 403, code: 'FORBIDDEN' });
      expect((error as AppError).toBody().error.message).toBe(
        '仅计划的承办单位、主管部门和项目管理办公室可以查看支出明细',
      );
    }
  });

  it('answers 404 to whoever may not see the plan, as for an unknown id', () => {
    for (const reader of [otherHost, otherDepartment, trainee]) {
      expect(thrown(() => planForSpending(reader, draft, draft.id))).toMatchObject({ status: 404 });
    }
    expect(thrown(() => planForSpending(admin, undefined, 'plan_missing'))).toMatchObject({ status: 404 });
  });
});
