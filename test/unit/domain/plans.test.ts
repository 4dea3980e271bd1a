import { describe, expect, it } from 'vitest';
import type { Actor } from '#shared/domain/actor';
import { canSeePlan, ownedPlan, visiblePlan } from '#shared/domain/plans/access';
import { DIGITAL_FIELDS } from '#shared/domain/plans/catalog';
import { budgetTotals, editPlan, newPlan, recordExpense, transitionPlan } from '#shared/domain/plans/plan';
import { CreatePlanInput, ReviewPlanInput, UpdatePlanInput } from '#shared/domain/plans/schemas';
import { planListScope } from '#shared/domain/plans/scope';
import { thrown } from '../helpers/thrown';

const host: Actor = { userId: 'u-host', roles: ['host'], orgId: 'org_host' };
const otherHost: Actor = { userId: 'u-other', roles: ['host'], orgId: 'org_other' };
const department: Actor = { userId: 'u-dept', roles: ['department'], orgId: 'org_dept' };
const admin: Actor = { userId: 'u-admin', roles: ['admin'], orgId: 'org_hrss' };
const trainee: Actor = { userId: 'u-trainee', roles: ['trainee'] };
const now = new Date('2026-03-01T02:00:00Z');

const input = {
  year: 2026,
  project: 'seminar',
  level: 'regional',
  category: 'shortage',
  title: '数字经济急需紧缺人才研修班',
  plannedSessions: 2,
  plannedTrainees: 120,
  budget: { subsidyCapFen: 50_000_00, selfFundedFen: 10_000_00 },
};

const fieldsOf = (value: unknown) => {
  const result = CreatePlanInput.safeParse(value);
  if (result.success) return [];
  return result.error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys' ? issue.keys : [issue.path.join('.')],
  );
};

describe('plan input', () => {
  it('accepts a consistent plan', () => {
    expect(fieldsOf(input)).toEqual([]);
  });

  it.each([
    [{ category: 'professional' }, 'category'],
    [{ project: 'capability', category: 'advanced' }, 'category'],
    [{ level: 'national', category: 'on-the-job' }, 'category'],
    [{ project: 'digital-engineer', category: 'digital' }, 'field'],
    [{ project: 'digital-engineer', category: 'digital', field: 'cooking' }, 'field'],
    [{ year: 2020 }, 'year'],
    [{ year: 2036 }, 'year'],
    [{ year: '2026' }, 'year'],
    [{ project: 'party' }, 'project'],
    [{ plannedSessions: 0 }, 'plannedSessions'],
    [{ plannedTrainees: -5 }, 'plannedTrainees'],
    [{ budget: { subsidyCapFen: -1, selfFundedFen: 0 } }, 'budget.subsidyCapFen'],
    [{ budget: { subsidyCapFen: 1.5, selfFundedFen: 0 } }, 'budget.subsidyCapFen'],
    [{ title: 'x'.repeat(201) }, 'title'],
    [{ summary: 'x'.repeat(5001) }, 'summary'],
    [{ title: '   ' }, 'title'],
    [{ status: 'published' }, 'status'],
  ])('refuses %j naming %s', (change, field) => {
    expect(fieldsOf({ ...input, ...change })).toContain(field);
  });

  it('accepts each digital field for a digital-engineer plan, and a capability plan with a public category', () => {
    for (const field of DIGITAL_FIELDS) {
      expect(fieldsOf({ ...input, project: 'digital-engineer', category: 'digital', field })).toEqual([]);
    }
    expect(fieldsOf({ ...input, project: 'capability', category: 'public-elective' })).toEqual([]);
    expect(fieldsOf({ ...input, level: 'national', category: 'advanced' })).toEqual([]);
  });

  it('needs a reason to reject or return, not to approve', () => {
    expect(ReviewPlanInput.safeParse({ decision: 'approve' }).success).toBe(true);
    expect(ReviewPlanInput.safeParse({ decision: 'return' }).success).toBe(false);
    expect(ReviewPlanInput.safeParse({ decision: 'reject', comment: '  ' }).success).toBe(false);
    expect(ReviewPlanInput.safeParse({ decision: 'return', comment: '预算说明不足' }).success).toBe(true);
  });

  it('refuses an empty edit and a status in an edit', () => {
    expect(UpdatePlanInput.safeParse({}).success).toBe(false);
    expect(UpdatePlanInput.safeParse({ status: 'approved' }).success).toBe(false);
  });
});

describe('drafting a plan', () => {
  const parsed = CreatePlanInput.parse(input);

  it("makes a draft of the host's own organization, with one history entry and zero spending", () => {
    const plan = newPlan(parsed, host, now);
    expect(plan).toMatchObject({
      status: 'draft',
      hostOrgId: 'org_host',
      spentFen: 0,
      reimbursableFen: 0,
      shortfallFen: 0,
      version: 1,
      createdBy: 'u-host',
    });
    // The actor's sign-in carries no name: the history names them by their user id.
    expect(plan.history).toEqual([
      { at: now.toISOString(), by: 'u-host', byName: 'u-host', from: null, to: 'draft' },
    ]);
    expect(plan.id).toMatch(/^plan_/);
  });

  it('refuses a host applying for another organization (403)', () => {
    expect(thrown(() => newPlan({ ...parsed, hostOrgId: 'org_other' }, host, now))).toMatchObject({
      status: 403,
    });
  });

  it('lets a department apply for a named host and co-organize it', () => {
    const plan = newPlan({ ...parsed, hostOrgId: 'org_host' }, department, now);
    expect(plan).toMatchObject({ hostOrgId: 'org_host', departmentId: 'org_dept' });
  });

  it('needs a host when the caller has no organization', () => {
    expect(thrown(() => newPlan(parsed, { userId: 'a', roles: ['admin'] }, now))).toMatchObject({
      status: 400,
    });
  });
});

describe('editing and moving a plan', () => {
  const draft = newPlan(CreatePlanInput.parse(input), host, now);
  const later = new Date('2026-03-02T00:00:00Z');

  it('edits a draft, bumping the version and keeping the totals in line with the cap', () => {
    const edited = editPlan(
      draft,
      { title: '新标题', budget: { subsidyCapFen: 100, selfFundedFen: 0 } },
      later,
    );
    expect(edited).toMatchObject({
      title: '新标题',
      version: 2,
      updatedAt: later.toISOString(),
      reimbursableFen: 0,
    });
  });

  it('rechecks consistency after merging an edit', () => {
    expect(thrown(() => editPlan(draft, { project: 'capability' }, later))).toMatchObject({
      status: 400,
      details: [expect.objectContaining({ field: 'category' })],
    });
  });

  it('records who moved the plan, from where, to where and why', () => {
    const submitted = transitionPlan(draft, 'submit', host, later);
    const returned = transitionPlan(submitted, 'return', admin, later, '补充预算说明');
    expect(returned.status).toBe('returned');
    expect(returned.history.at(-1)).toEqual({
      at: later.toISOString(),
      by: 'u-admin',
      byName: 'u-admin',
      from: 'submitted',
      to: 'returned',
      comment: '补充预算说明',
    });
    expect(returned.version).toBe(3);
  });

  it('stamps publishedAt on publication and then freezes the content', () => {
    const published = ['submit', 'approve', 'publish'].reduce(
      (plan, action) => transitionPlan(plan, action as 'submit', admin, later),
      draft,
    );
    expect(published.publishedAt).toBe(later.toISOString());
    expect(thrown(() => editPlan(published, { title: 'x' }, later))).toMatchObject({ status: 409 });
  });
});

describe('budget', () => {
  it.each([
    [0, 100, 0, 0],
    [60, 100, 60, 0],
    [100, 100, 100, 0],
    [150, 100, 100, 50],
    [150, 0, 0, 150],
  ])(
    'spent %i against a cap of %i reimburses %i and leaves %i to the host',
    (spent, cap, reimbursable, shortfall) => {
      expect(budgetTotals(spent, cap)).toEqual({
        spentFen: spent,
        reimbursableFen: reimbursable,
        shortfallFen: shortfall,
      });
    },
  );

  it('records expenses only on approved or published plans, adding to the totals', () => {
    const draft = newPlan(
      CreatePlanInput.parse({ ...input, budget: { subsidyCapFen: 100, selfFundedFen: 0 } }),
      host,
      now,
    );
    const expense = { amountFen: 80, description: '场地费', date: '2026-04-01' };
    expect(thrown(() => recordExpense(draft, expense, host, now))).toMatchObject({
      status: 409,
      code: 'PLAN_NOT_APPROVED',
    });
    const approved = { ...draft, status: 'approved' as const };
    const first = recordExpense(approved, expense, host, now);
    const second = recordExpense(first.plan, expense, host, now);
    expect(second.plan).toMatchObject({ spentFen: 160, reimbursableFen: 100, shortfallFen: 60, version: 3 });
    expect(second.expense).toMatchObject({ planId: draft.id, amountFen: 80, recordedBy: 'u-host' });
  });
});

describe('who sees and who runs a plan', () => {
  const draft = { ...newPlan(CreatePlanInput.parse({ ...input, departmentId: 'org_dept' }), host, now) };
  const published = { ...draft, status: 'published' as const };

  it('shows a draft to its host, its department and admin only', () => {
    expect(canSeePlan(host, draft)).toBe(true);
    expect(canSeePlan(department, draft)).toBe(true);
    expect(canSeePlan(admin, draft)).toBe(true);
    expect(canSeePlan(otherHost, draft)).toBe(false);
    expect(canSeePlan(trainee, draft)).toBe(false);
    expect(canSeePlan(undefined, draft)).toBe(false);
  });

  it('shows a published plan to everyone', () => {
    expect(canSeePlan(trainee, published)).toBe(true);
    expect(canSeePlan(undefined, published)).toBe(true);
  });

  it('answers 404 for a plan the caller may not see, 403 for one it sees but does not own', () => {
    expect(thrown(() => visiblePlan(otherHost, draft, draft.id))).toMatchObject({ status: 404 });
    expect(thrown(() => ownedPlan(otherHost, draft, draft.id))).toMatchObject({ status: 404 });
    expect(thrown(() => ownedPlan(otherHost, published, draft.id))).toMatchObject({ status: 403 });
    expect(thrown(() => visiblePlan(admin, undefined, 'plan_x'))).toMatchObject({ status: 404 });
    expect(ownedPlan(host, draft, draft.id)).toBe(draft);
  });

  it('lists by scope: admin all, department its own, host its own, others the published', () => {
    expect(planListScope(admin)).toEqual({ kind: 'all' });
    expect(planListScope(department)).toEqual({ kind: 'department', orgId: 'org_dept' });
    expect(planListScope(host)).toEqual({ kind: 'host', orgId: 'org_host' });
    expect(planListScope(trainee)).toEqual({ kind: 'published' });
    expect(planListScope({ userId: 'x', roles: ['assessor'], orgId: 'org_a' })).toEqual({
      kind: 'published',
    });
  });
});
