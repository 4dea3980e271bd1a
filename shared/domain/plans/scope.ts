/** Which plans a list shows the caller (the "Scopes"). */
import { type Actor, actsAs } from '../actor';
import { planViewFor } from './access';
import type { Plan, PublicPlan } from './schemas';

export type PlanListScope =
  | { kind: 'all' }
  | { kind: 'department'; orgId: string }
  | { kind: 'host'; orgId: string }
  /** A city bureau's: the plans of every organization of its city (#shared/domain/cities/city-scope). */
  | { kind: 'city'; city: string }
  | { kind: 'published' };

/** `bureauCity`: the city a city bureau's sign-in oversees, read from the store by the caller. */
export function planListScope(actor: Actor, bureauCity?: string): PlanListScope {
  if (actsAs(actor, 'admin')) return { kind: 'all' };
  if (actsAs(actor, 'department') && actor.orgId) return { kind: 'department', orgId: actor.orgId };
  if (actsAs(actor, 'host') && actor.orgId) return { kind: 'host', orgId: actor.orgId };
  if (actsAs(actor, 'city') && bureauCity !== undefined) return { kind: 'city', city: bureauCity };
  return { kind: 'published' };
}

/**
 * A listed plan as the caller sees it: a city bureau's list holds only its city's plans, which it
 * reads whole; everyone else sees each plan as it sees that plan alone.
 */
export const listedPlanView = (actor: Actor, scope: PlanListScope, plan: Plan): Plan | PublicPlan =>
  scope.kind === 'city' ? plan : planViewFor(actor, plan);
