import type { Actor } from '#shared/domain/actor';
import { planMoveNotice } from '#shared/domain/notices/notice';
import { ownedPlan, planViewFor, publicPlanView, visiblePlan } from '#shared/domain/plans/access';
import { checkDepartment, checkHostOrganization } from '#shared/domain/plans/parties';
import { editPlan, newPlan, recordExpense, transitionPlan } from '#shared/domain/plans/plan';
import { reviewPlan } from '#shared/domain/plans/review';
import type { Plan } from '#shared/domain/plans/schemas';
import { planListScope } from '#shared/domain/plans/scope';
import type { PlanAction } from '#shared/domain/plans/workflow';
import { createHttpHandler } from '#shared/http/handler';
import { PLANS_ROUTES } from '#shared/routes/plans';
import { noticePut } from '#shared/store/notices';
import { retryOnConflict } from '#shared/store/optimistic';
import { getOrganization } from '#shared/store/organizations';
import { getPlan, listPlans, putExpenseWithPlan, putNewPlan, replacePlan } from '#shared/store/plans';

/** Read the plan, change it by `change`, write it back over the version read; retried on a lost race. */
function updatePlan(planId: string, change: (plan: Plan | undefined) => Plan): Promise<Plan> {
  return retryOnConflict(async () => {
    const current = await getPlan(planId);
    const updated = change(current);
    await replacePlan(updated, (current as Plan).version);
    return updated;
  });
}

/**
 * `updatePlan` for a workflow move: a review or publication commits with its notice to the host
 * (the outbox), so the host is told once of each move made and of none that failed.
 */
function movePlan(planId: string, now: Date, move: (plan: Plan | undefined) => Plan): Promise<Plan> {
  return retryOnConflict(async () => {
    const current = await getPlan(planId);
    const moved = move(current);
    const notice = planMoveNotice(moved, now);
    await replacePlan(moved, (current as Plan).version, notice ? [noticePut(notice)] : []);
    return moved;
  });
}

const transition = (planId: string, actor: Actor, action: PlanAction, now: Date, own: boolean) =>
  movePlan(planId, now, (plan) => {
    const allowed = own ? ownedPlan(actor, plan, planId) : visiblePlan(actor, plan, planId);
    return transitionPlan(allowed, action, actor, now);
  });

export const handler = createHttpHandler(PLANS_ROUTES, {
  createPlan: async ({ principal, body, now }) => {
    const plan = newPlan(body, principal, now);
    checkHostOrganization(plan.project, plan.hostOrgId, await getOrganization(plan.hostOrgId));
    if (plan.departmentId) checkDepartment(plan.departmentId, await getOrganization(plan.departmentId));
    await putNewPlan(plan);
    return plan;
  },

  listPlans: async ({ principal, query }) => listPlans(planListScope(principal), query),

  getPlan: async ({ principal, params }) =>
    planViewFor(principal, visiblePlan(principal, await getPlan(params.planId), params.planId)),

  updatePlan: async ({ principal, params, body, now }) => {
    if (body.departmentId) checkDepartment(body.departmentId, await getOrganization(body.departmentId));
    return updatePlan(params.planId, (plan) =>
      editPlan(ownedPlan(principal, plan, params.planId), body, now),
    );
  },

  submitPlan: async ({ principal, params, now }) => transition(params.planId, principal, 'submit', now, true),

  reviewPlan: async ({ principal, params, body, now }) =>
    movePlan(params.planId, now, (plan) =>
      reviewPlan(visiblePlan(principal, plan, params.planId), body, principal, now),
    ),

  publishPlan: async ({ principal, params, now }) =>
    transition(params.planId, principal, 'publish', now, false),

  recordExpense: async ({ principal, params, body, now }) =>
    retryOnConflict(async () => {
      const current = ownedPlan(principal, await getPlan(params.planId), params.planId);
      const { expense, plan } = recordExpense(current, body, principal, now);
      await putExpenseWithPlan(expense, plan, current.version);
      const { spentFen, reimbursableFen, shortfallFen } = plan;
      return { ...expense, totals: { spentFen, reimbursableFen, shortfallFen } };
    }),

  listPublicPlans: async ({ query }) => {
    const page = await listPlans({ kind: 'published' }, query);
    return { items: page.items.map(publicPlanView), nextCursor: page.nextCursor };
  },
});
