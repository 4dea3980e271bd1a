/**
 * What a city bureau (市级人社部门, role `city`) reads. The notice makes the HR bureaus of every
 * level carry out and supervise the program in their area (各级人力资源社会保障行政部门…负责本地区
 * 项目的具体实施…监督检查): a bureau reads, for the organizations of its city, what the program
 * office reads (plans whole, sessions, masked rosters, the year-end report), and writes nothing —
 * no write route lists the role.
 *
 * "Its city" is the `city` of the organization its sign-in names, read from the store, never a
 * claim of the token: the program office registers the bureau and so fixes what it oversees. An
 * organization is of the city when its `city` is the bureau's, the key the year-end report groups
 * `byCity` by, so the lists, the rosters and the report's cut agree on who belongs.
 *
 * Sessions are the city's by their host, not by where they are held (`session.city`): the issue
 * cuts to organizations of the city, the bureau supervises the units it registered, and a
 * session's roster, plan and report line all belong to its host. A session a Liuzhou unit holds
 * in Nanning is Liuzhou's to supervise; counting it for both cities would also make a session
 * visible whose plan is not.
 */
import * as MESSAGES from '#shared/i18n/messages';
import { type Actor, actsAs } from '../actor';
import { forbidden } from '../errors';
import type { Organization } from '../organizations/schemas';
import { publicPlanView, visiblePlan } from '../plans/access';
import type { Plan, PublicPlan } from '../plans/schemas';
import { planListScope } from '../plans/scope';

/**
 * A sign-in reads lists as a city bureau when `city` is the only role that gives it a scope of
 * its own: one that also acts as admin, department or host lists as that (the order of
 * `planListScope`), and never with less than it had.
 */
export const readsAsCityBureau = (actor: Actor): boolean =>
  actsAs(actor, 'city') && planListScope(actor).kind === 'published';

/**
 * The city a bureau's sign-in oversees: that of the organization it names, which must be a
 * registered city bureau. Anything else is refused outright (403), rather than answered with an
 * empty city: a misconfigured sign-in should be told so, not shown a program with nothing in it.
 */
export function bureauCity(actor: Actor, bureau: Organization | undefined): string {
  if (!actor.orgId) throw forbidden(MESSAGES.requests.noOrganization());
  if (bureau?.id !== actor.orgId || bureau.kind !== 'city-bureau') {
    throw forbidden(MESSAGES.cities.notACityBureau(actor.orgId));
  }
  return bureau.city;
}

/** Whether `org` (a plan's or session's host, read from the store) is of `city`; unknown is not. */
export const isOfCity = (city: string, org: Pick<Organization, 'city'> | undefined): boolean =>
  org !== undefined && org.city === city;

/**
 * A plan as a city bureau reads it: whole, in any status, like a party, when its host is of the
 * bureau's city (supervision starts with the application, not with the public notice); any other
 * plan as the public reads it, and an unpublished one of another city as unknown (404).
 */
export function planViewForBureau(
  city: string,
  host: Pick<Organization, 'city'> | undefined,
  plan: Plan | undefined,
  planId: string,
): Plan | PublicPlan {
  if (plan && isOfCity(city, host)) return plan;
  return publicPlanView(visiblePlan(undefined, plan, planId));
}
