/**
 * Who sees and who runs a plan (issue "Scopes"): its host organization owns it; the co-organizing
 * department and admin see it; everyone else sees it only once published. An id the caller may
 * not see is answered as unknown (404), never as forbidden.
 */
import { type Actor, actsAs } from '../actor';
import { forbidden, notFound } from '../errors';
import type { Plan } from './schemas';

const OWNER_ROLES = ['host', 'department', 'admin'] as const;

export function ownsPlan(actor: Actor, plan: Pick<Plan, 'hostOrgId'>): boolean {
  return actor.orgId === plan.hostOrgId && OWNER_ROLES.some((role) => actsAs(actor, role));
}

export function canSeePlan(actor: Actor | undefined, plan: Plan): boolean {
  if (plan.status === 'published') return true;
  if (!actor) return false;
  if (actsAs(actor, 'admin') || ownsPlan(actor, plan)) return true;
  return actsAs(actor, 'department') && plan.departmentId !== undefined && plan.departmentId === actor.orgId;
}

/** The plan if the caller may see it, else the 404 an unknown id gets. */
export function visiblePlan(actor: Actor | undefined, plan: Plan | undefined, planId: string): Plan {
  if (!plan || !canSeePlan(actor, plan)) throw notFound(`No plan ${planId}`);
  return plan;
}

/** The plan if the caller owns it; 404 when it may not even see it, 403 when it sees but does not own. */
export function ownedPlan(actor: Actor, plan: Plan | undefined, planId: string): Plan {
  const visible = visiblePlan(actor, plan, planId);
  if (!ownsPlan(actor, visible)) throw forbidden('Only the host organization of this plan may do this');
  return visible;
}
