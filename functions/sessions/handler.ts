import { readsAsCityBureau } from '#shared/domain/cities/city-scope';
import { beijingDate, yearOf } from '#shared/domain/dates';
import { sessionChangedNotice } from '#shared/domain/notices/notice';
import { ownedPlan } from '#shared/domain/plans/access';
import { sessionDueItems } from '#shared/domain/reminders/schedule';
import { catalogueEntry, cityNames } from '#shared/domain/sessions/catalogue';
import { applySessionPatch, foundSession, newSession, ownedSession } from '#shared/domain/sessions/session';
import { createHttpHandler } from '#shared/http/handler';
import { SESSIONS_ROUTES } from '#shared/routes/sessions';
import { noticePut } from '#shared/store/notices';
import { retryOnConflict } from '#shared/store/optimistic';
import { getPlan } from '#shared/store/plans';
import { fillFreeSeats, promotionsInto } from '#shared/store/registration-changes';
import { putDueItems } from '#shared/store/reminders';
import {
  catalogueSessions,
  getSession,
  listSessions,
  putNewSession,
  updateSessionFields,
} from '#shared/store/sessions';
import { bureauCityOf } from '#shared/use-cases/cities/bureau';

export const handler = createHttpHandler(SESSIONS_ROUTES, {
  createSession: async ({ principal, params, body, now }) => {
    const plan = ownedPlan(principal, await getPlan(params.planId), params.planId);
    const session = newSession(plan, body, now);
    await putNewSession(session);
    return session;
  },

  // Sessions exist only under published plans, which every signed-in caller may see; a city
  // bureau's list is cut to the sessions its city's organizations host.
  listSessions: async ({ principal, query, now }) => {
    const hostCity = readsAsCityBureau(principal) ? await bureauCityOf(principal) : undefined;
    return listSessions({ ...query, hostCity }, beijingDate(now));
  },

  // One session is read by any signed-in caller, a city bureau included: a session of another
  // city shows it nothing a trainee of that city does not see (its roster stays refused).
  getSession: async ({ params }) => foundSession(await getSession(params.sessionId), params.sessionId),

  // A lost race against another edit is retried on a fresh read.
  updateSession: async ({ principal, params, body, now }) => {
    const updated = await retryOnConflict(async () => {
      const current = ownedSession(principal, await getSession(params.sessionId), params.sessionId);
      const fields = applySessionPatch(current, body, now);
      // Reminders for moved dates are written first; the old ones are skipped on their day.
      if (fields.startDate || fields.endDate || fields.registrationDeadline) {
        await putDueItems(sessionDueItems({ ...current, ...fields }));
      }
      // Trainees are told of a new time or place by a notice committed with the edit. Written
      // whatever the counts read: a registration may land between this read and the write.
      const notice = sessionChangedNotice(current, fields, now);
      const alsoWrite = notice ? [noticePut(notice)] : [];
      // New seats go to the waitlist first, in order, in the same write as the capacity.
      const promotion = await promotionsInto({ ...current, ...fields }, now);
      return updateSessionFields(current.id, fields, current.version, fields.capacity, alsoWrite, promotion);
    });
    // The rest of a raise larger than one transaction holds (nobody can jump the queue meanwhile).
    return fillFreeSeats(updated, now);
  },

  // Anyone, without signing in: the sessions of the year asked for, or of this Beijing year.
  listPublicSessions: async ({ query, now }) => {
    const today = beijingDate(now);
    const { city, q, year, ...filters } = query;
    const page = await catalogueSessions(
      {
        ...filters,
        year: year ?? yearOf(today),
        cities: city === undefined ? undefined : cityNames(city),
        search: q,
      },
      today,
    );
    return {
      items: page.items.map((session) => catalogueEntry(session, today)),
      nextCursor: page.nextCursor,
    };
  },
});
