/**
 * Names beside ids (names beside ids: docs/api.md, Conventions): a plan carries its host's and department's names
 * and its history who acted by name, so no reader has to look organizations up item by item.
 *
 * The names are written with the plan: when it is drafted and whenever it is edited, as the
 * organizations are called then; a later rename reaches the plan at its next edit, while its
 * other moves (submit, review, publish, expenses) keep the names it has. Plans stored before
 * names were kept get their organizations' current names when read (one lookup per page), and
 * keep them from their next write on.
 */
import type { Actor } from '../actor';
import type { Plan, StoredPlan } from './schemas';

export interface Named {
  name: string;
}
export type Organizations = ReadonlyMap<string, Named>;

/** A plan before its parties are named: as drafted or edited, before the organizations are read. */
export type UnnamedPlan = Omit<Plan, 'hostName' | 'departmentName'> &
  Partial<Pick<Plan, 'hostName' | 'departmentName'>>;

/**
 * Who acted, as the history shows them: the `name` claim of their sign-in; the user id when it
 * carries none (a sign-in without a name is still someone the program office can look up).
 */
export const actorName = (actor: Pick<Actor, 'userId' | 'name'>): string => actor.name ?? actor.userId;

/** The organizations a plan names: its host and, if any, its co-organizing department. */
export const partyIds = (plan: Pick<Plan, 'hostOrgId' | 'departmentId'>): string[] =>
  plan.departmentId ? [plan.hostOrgId, plan.departmentId] : [plan.hostOrgId];

/** An organization the store no longer knows is shown by its id rather than by nothing. */
const nameOf = (id: string, organizations: Organizations) => organizations.get(id)?.name ?? id;

/** The plan with its parties named as `organizations` call them now (at drafting and editing). */
export function withPartyNames(plan: UnnamedPlan, organizations: Organizations): Plan {
  const { hostName: _host, departmentName: _department, ...rest } = plan;
  return {
    ...rest,
    hostName: nameOf(plan.hostOrgId, organizations),
    ...(plan.departmentId ? { departmentName: nameOf(plan.departmentId, organizations) } : {}),
  };
}

/** The organizations whose names stored plans lack: read once for a whole page of plans. */
export function unnamedPartyIds(plans: readonly StoredPlan[]): string[] {
  const ids = plans.flatMap((plan) => [
    ...(plan.hostName === undefined ? [plan.hostOrgId] : []),
    ...(plan.departmentId && plan.departmentName === undefined ? [plan.departmentId] : []),
  ]);
  return [...new Set(ids)];
}

/**
 * A stored plan with every name in place: names it was written with stay; a plan from before
 * names were kept gets its organizations' current names, and its history entries the user id
 * for the name (nobody recorded one then).
 */
export function completeNames(plan: StoredPlan, organizations: Organizations): Plan {
  const { departmentName, ...rest } = plan;
  return {
    ...rest,
    hostName: plan.hostName ?? nameOf(plan.hostOrgId, organizations),
    ...(plan.departmentId
      ? { departmentName: departmentName ?? nameOf(plan.departmentId, organizations) }
      : {}),
    history: plan.history.map((entry) => ({ ...entry, byName: entry.byName ?? entry.by })),
  };
}
