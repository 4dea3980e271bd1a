/** Which plans a list shows the caller (the "Scopes"). */
import { type Actor, actsAs } from '../actor';

export type PlanListScope =
  | { kind: 'all' }
  | { kind: 'department'; orgId: string }
  | { kind: 'host'; orgId: string }
  | { kind: 'published' };

export function planListScope(actor: Actor): PlanListScope {
  if (actsAs(actor, 'admin')) return { kind: 'all' };
  if (actsAs(actor, 'department') && actor.orgId) return { kind: 'department', orgId: actor.orgId };
  if (actsAs(actor, 'host') && actor.orgId) return { kind: 'host', orgId: actor.orgId };
  return { kind: 'published' };
}
