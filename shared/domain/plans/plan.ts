/** Rules for annual plans: drafting, editing, moving through the workflow, and their budget. */
import { aboutField } from '#shared/i18n/field-labels';
import * as MESSAGES from '#shared/i18n/messages';
import { type Actor, actsAs } from '../actor';
import { badRequest, conflict, forbidden, invalidFields, unprocessable } from '../errors';
import { newId } from '../ids';
import { planConsistencyIssues } from './consistency';
import { actorName, type Organizations, type UnnamedPlan, withPartyNames } from './names';
import type { CreatePlanInput, Expense, Plan, RecordExpenseInput, UpdatePlanInput } from './schemas';
import type { PlanAction } from './statuses';
import { assertEditable, nextStatus, SPENDING_STATUSES } from './workflow';

/** The most a plan's recorded spending may reach (the money schema's bound). */
const MAX_SPENT_FEN = 10_000_000_000;

/** Public money reimburses actual cost up to the cap (限额内实报实销); the host bears the rest. */
export function budgetTotals(spentFen: number, subsidyCapFen: number) {
  const reimbursableFen = Math.min(spentFen, subsidyCapFen);
  return { spentFen, reimbursableFen, shortfallFen: spentFen - reimbursableFen };
}

/**
 * The host organization of a new plan: a host applies for its own organization; a department or
 * admin may apply on behalf of a named host.
 */
function resolveHost(input: CreatePlanInput, actor: Actor): string {
  if (actsAs(actor, 'host') && !actsAs(actor, 'admin')) {
    if (input.hostOrgId && input.hostOrgId !== actor.orgId) {
      throw forbidden(MESSAGES.plans.ownOrganizationOnly());
    }
    if (!actor.orgId) throw forbidden(MESSAGES.requests.noOrganization());
    return actor.orgId;
  }
  const host = input.hostOrgId ?? actor.orgId;
  if (!host) {
    throw badRequest(MESSAGES.plans.nameTheHost(), [
      { field: 'hostOrgId', message: aboutField('hostOrgId', MESSAGES.plans.hostRequired()) },
    ]);
  }
  return host;
}

/** A new draft; its parties are named (./names) once the handler has read the organizations. */
export function draftPlan(input: CreatePlanInput, actor: Actor, now: Date): UnnamedPlan {
  const at = now.toISOString();
  const { hostOrgId: _host, departmentId, ...content } = input;
  // A department drafting a plan co-organizes it unless it names another department.
  const department = departmentId ?? (actsAs(actor, 'department') ? actor.orgId : undefined);
  return {
    id: newId('plan', now),
    ...content,
    hostOrgId: resolveHost(input, actor),
    ...(department ? { departmentId: department } : {}),
    status: 'draft',
    ...budgetTotals(0, input.budget.subsidyCapFen),
    history: [{ at, by: actor.userId, byName: actorName(actor), from: null, to: 'draft' }],
    createdBy: actor.userId,
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
}

/** A new draft with its parties named as `organizations` call them (by id where it lacks them). */
export const newPlan = (
  input: CreatePlanInput,
  actor: Actor,
  now: Date,
  organizations: Organizations = new Map(),
): Plan => withPartyNames(draftPlan(input, actor, now), organizations);

/** The edited plan; its parties are named again (./names) once the handler has read them. */
export function editPlan(plan: Plan, patch: UpdatePlanInput, now: Date): UnnamedPlan {
  assertEditable(plan.status);
  const edited: UnnamedPlan = { ...plan, ...patch, updatedAt: now.toISOString(), version: plan.version + 1 };
  const issues = planConsistencyIssues(edited);
  if (issues.length > 0) throw invalidFields(issues);
  return { ...edited, ...budgetTotals(plan.spentFen, edited.budget.subsidyCapFen) };
}

export function transitionPlan(
  plan: Plan,
  action: PlanAction,
  actor: Actor,
  now: Date,
  comment?: string,
): Plan {
  const to = nextStatus(plan.status, action);
  const at = now.toISOString();
  return {
    ...plan,
    status: to,
    history: [
      ...plan.history,
      {
        at,
        by: actor.userId,
        byName: actorName(actor),
        from: plan.status,
        to,
        ...(comment ? { comment } : {}),
      },
    ],
    ...(to === 'published' ? { publishedAt: at } : {}),
    updatedAt: at,
    version: plan.version + 1,
  };
}

/** An expense and the plan with its totals brought up to date (earmarked funds: 专款专用). */
export function recordExpense(plan: Plan, input: RecordExpenseInput, actor: Actor, now: Date) {
  if (!SPENDING_STATUSES.includes(plan.status)) {
    throw conflict('PLAN_NOT_APPROVED', MESSAGES.plans.notApproved(plan.status), [
      {
        field: 'status',
        message: aboutField('status', MESSAGES.plans.notApprovedYet()),
        currentStatus: plan.status,
      },
    ]);
  }
  if (plan.spentFen + input.amountFen > MAX_SPENT_FEN) {
    throw unprocessable('SPENDING_LIMIT', MESSAGES.plans.spendingLimit(), [
      {
        field: 'amountFen',
        message: aboutField('amountFen', MESSAGES.plans.atMostMoreFen(MAX_SPENT_FEN - plan.spentFen)),
        spentFen: plan.spentFen,
      },
    ]);
  }
  const at = now.toISOString();
  const expense: Expense = {
    id: newId('exp', now),
    planId: plan.id,
    amountFen: input.amountFen,
    description: input.description,
    date: input.date,
    recordedBy: actor.userId,
    recordedAt: at,
  };
  const updated: Plan = {
    ...plan,
    ...budgetTotals(plan.spentFen + input.amountFen, plan.budget.subsidyCapFen),
    updatedAt: at,
    version: plan.version + 1,
  };
  return { expense, plan: updated };
}
