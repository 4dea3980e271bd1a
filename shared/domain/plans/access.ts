/**
 * Who sees and who runs a plan (issue "Scopes"): its host organization owns it; the co-organizing
 * department and admin see it; everyone else sees it only once published, and then only its
 * public notice. An id the caller may not see is answered as unknown (404), never as forbidden.
 */
import * as MESSAGES from '#shared/i18n/messages';
import { type Actor, actsAs } from '../actor';
import { forbidden, notFound } from '../errors';
import { type Plan, PublicPlan } from './schemas';

const OWNER_ROLES = ['host', 'department', 'admin'] as const;

export function ownsPlan(actor: Actor, plan: Pick<Plan, 'hostOrgId'>): boolean {
  return actor.orgId === plan.hostOrgId && OWNER_ROLES.some((role) => actsAs(actor, role));
}

/** The parties of a plan: its owner, its co-organizing department and admin see all of it. */
export function isPlanParty(actor: Actor | undefined, plan: Plan): boolean {
  if (!actor) return false;
  if (actsAs(actor, 'admin') || ownsPlan(actor, plan)) return true;
  return actsAs(actor, 'department') && plan.departmentId !== undefined && plan.departmentId === actor.orgId;
}

export function canSeePlan(actor: Actor | undefined, plan: Plan): boolean {
  return plan.status === 'published' || isPlanParty(actor, plan);
}

/**
 * What the caller sees of a plan it may see: a party the whole plan; anyone else (a trainee, an
 * assessor, another unit) the public notice, without budget, spending, history or who wrote it.
 */
export function planViewFor(actor: Actor | undefined, plan: Plan): Plan | PublicPlan {
  return isPlanParty(actor, plan) ? plan : publicPlanView(plan);
}

/** The public notice (公示) of a plan, as `GET /public/plans` lists it. */
export const publicPlanView = (plan: Plan): PublicPlan => PublicPlan.parse(plan);

/** The plan if the caller may see it, else the 404 an unknown id gets. */
export function visiblePlan(actor: Actor | undefined, plan: Plan | undefined, planId: string): Plan {
  if (!plan || !canSeePlan(actor, plan)) throw notFound(MESSAGES.plans.notFound(planId));
  return plan;
}

/** The plan if the caller owns it; 404 when it may not even see it, 403 when it sees but does not own. */
export function ownedPlan(actor: Actor, plan: Plan | undefined, planId: string): Plan {
  const visible = visiblePlan(actor, plan, planId);
  if (!ownsPlan(actor, visible)) throw forbidden(MESSAGES.plans.hostOnly());
  return visible;
}
