import type { Actor } from '#shared/domain/actor';
import { planViewForBureau, readsAsCityBureau } from '#shared/domain/cities/city-scope';
import { planMoveNotice } from '#shared/domain/notices/notice';
import { ownedPlan, planViewFor, publicPlanView, visiblePlan } from '#shared/domain/plans/access';
import { partyIds, withPartyNames } from '#shared/domain/plans/names';
import { checkDepartment, checkHostOrganization } from '#shared/domain/plans/parties';
import { draftPlan, editPlan, recordExpense, transitionPlan } from '#shared/domain/plans/plan';
import { reviewPlan } from '#shared/domain/plans/review';
import type { Plan } from '#shared/domain/plans/schemas';
import { listedPlanView, planListScope } from '#shared/domain/plans/scope';
import { planForSpending } from '#shared/domain/plans/spending';
import type { PlanAction } from '#shared/domain/plans/statuses';
import { createHttpHandler } from '#shared/http/handler';
import { PLANS_ROUTES } from '#shared/routes/plans';
import { noticePut } from '#shared/store/notices';
import { retryOnConflict } from '#shared/store/optimistic';
import { getOrganization, getOrganizations } from '#shared/store/organizations';
import {
  getPlan,
  listExpenses,
  listPlans,
  putExpenseWithPlan,
  putNewPlan,
  replacePlan,
} from '#shared/store/plans';
import { bureauCityOf } from '#shared/use-cases/cities/bureau';

/** Read the plan, change it by `change`, write it back over the version read; retried on a lost race. */
function updatePlan(planId: string, change: (plan: Plan | undefined) => Plan | Promise<Plan>): Promise<Plan> {
  return retryOnConflict(async () => {
    const current = await getPlan(planId);
    const updated = await change(current);
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
    const draft = draftPlan(body, principal, now);
    // One read of the organizations the plan names: checked, then named in the plan.
    const parties = await getOrganizations(partyIds(draft));
    checkHostOrganization(draft.project, draft.hostOrgId, parties.get(draft.hostOrgId));
    if (draft.departmentId) checkDepartment(draft.departmentId, parties.get(draft.departmentId));
    const plan = withPartyNames(draft, parties);
    await putNewPlan(plan);
    return plan;
  },

  // Those who see only published plans see them as the public does, as they see one plan; a city
  // bureau lists its city's plans, whole.
  listPlans: async ({ principal, query }) => {
    const city = readsAsCityBureau(principal) ? await bureauCityOf(principal) : undefined;
    const scope = planListScope(principal, city);
    const page = await listPlans(scope, query);
    return {
      items: page.items.map((plan) => listedPlanView(principal, scope, plan)),
      nextCursor: page.nextCursor,
    };
  },

  getPlan: async ({ principal, params }) => {
    const plan = await getPlan(params.planId);
    if (plan && readsAsCityBureau(principal)) {
      const [city, host] = await Promise.all([bureauCityOf(principal), getOrganization(plan.hostOrgId)]);
      return planViewForBureau(city, host, plan, params.planId);
    }
    return planViewFor(principal, visiblePlan(principal, plan, params.planId));
  },

  updatePlan: async ({ principal, params, body, now }) =>
    updatePlan(params.planId, async (plan) => {
      const owned = ownedPlan(principal, plan, params.planId);
      // An edit names the parties anew, so a renamed organization reaches the plan here.
      const parties = await getOrganizations(partyIds({ ...owned, ...body }));
      if (body.departmentId) checkDepartment(body.departmentId, parties.get(body.departmentId));
      return withPartyNames(editPlan(owned, body, now), parties);
    }),

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

  listExpenses: async ({ principal, params, query }) => {
    planForSpending(principal, await getPlan(params.planId), params.planId);
    return listExpenses(params.planId, query);
  },

  listPublicPlans: async ({ query }) => {
    const page = await listPlans({ kind: 'published' }, query);
    return { items: page.items.map(publicPlanView), nextCursor: page.nextCursor };
  },
});
