/**
 * Whether the caller reads a session's roster (#shared/domain/rosters/roster): the facts the rule
 * needs beyond the session — the plan's co-organizing department, the bureau's and the host's
 * cities — are read only for a caller the session alone does not admit.
 */
import { type Actor, actsAs } from '#shared/domain/actor';
import { assertMaySeeRoster, type RosterReaderFacts, readsRosterAsHost } from '#shared/domain/rosters/roster';
import type { Session } from '#shared/domain/sessions/schemas';
import { getOrganization } from '#shared/store/organizations';
import { getPlan } from '#shared/store/plans';
import { bureauCityOf } from '../cities/bureau';

async function readerFacts(actor: Actor, session: Session): Promise<RosterReaderFacts> {
  const facts: RosterReaderFacts = {};
  if (actsAs(actor, 'department')) facts.departmentId = (await getPlan(session.planId))?.departmentId;
  if (actsAs(actor, 'city')) {
    const [bureauCity, host] = await Promise.all([bureauCityOf(actor), getOrganization(session.hostOrgId)]);
    facts.bureauCity = bureauCity;
    facts.hostCity = host?.city;
  }
  return facts;
}

/** 403 unless the caller may read the session's roster. */
export async function assertMayReadRoster(actor: Actor, session: Session): Promise<void> {
  if (readsRosterAsHost(actor, session)) return;
  assertMaySeeRoster(actor, session, await readerFacts(actor, session));
}
