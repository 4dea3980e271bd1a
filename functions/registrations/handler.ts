import { badRequest, notFound } from '#shared/domain/errors';
import {
  assertAllHoldSeats,
  assertAllOfSession,
  assertCancellable,
  assertRegistrationOpen,
  assertSessionDay,
  newRegistration,
  requireProfile,
  visibleRegistration,
} from '#shared/domain/registrations/registration';
import type { Registration } from '#shared/domain/registrations/schemas';
import { assertMaySeeRoster } from '#shared/domain/rosters/roster';
import { foundSession, ownedSession } from '#shared/domain/sessions/session';
import { createHttpHandler } from '#shared/http/handler';
import { logger } from '#shared/http/logger';
import { getMailer } from '#shared/mail/mailer';
import { waitlistPromotedMail } from '#shared/mail/templates';
import { recordResults } from '#shared/registrations/results';
import { HOT_ITEM_RETRY, retryOnConflict } from '#shared/store/optimistic';
import { getOrganization } from '#shared/store/organizations';
import {
  cancelOnce,
  firstWaitlisted,
  getRegistration,
  getRegistrations,
  listRoster,
  listTraineeRegistrations,
  putAttendance,
  registerOnce,
} from '#shared/store/registrations';
import { getSession } from '#shared/store/sessions';
import { getTraineeProfile } from '#shared/store/trainees';

/** Tells the promoted trainee; the promotion stands even if the mail fails, and the failure is logged. */
async function tellPromoted(promoted: Registration): Promise<void> {
  try {
    const [profile, session] = await Promise.all([
      getTraineeProfile(promoted.traineeId),
      getSession(promoted.sessionId),
    ]);
    if (!profile || !session) return;
    await getMailer().send(
      waitlistPromotedMail({
        to: profile.email,
        traineeName: profile.name,
        sessionTitle: session.title,
        startDate: session.startDate,
        endDate: session.endDate,
        city: session.city,
        location: session.location,
        registrationId: promoted.id,
      }),
    );
  } catch (error) {
    logger.error('promotion mail not sent', { registrationId: promoted.id, error: (error as Error).message });
  }
}

export const handler = createHttpHandler('registrations', {
  register: async ({ principal, params, now }) => {
    const session = foundSession(await getSession(params.sessionId), params.sessionId);
    assertRegistrationOpen(session, now);
    const registration = newRegistration(
      session,
      requireProfile(await getTraineeProfile(principal.userId)),
      now,
    );
    const seemsFull = session.capacity !== null && session.seatsTaken >= session.capacity;
    return retryOnConflict(() => registerOnce(registration, seemsFull), HOT_ITEM_RETRY);
  },

  listMyRegistrations: async ({ principal, query }) => {
    if (!query.mine)
      throw badRequest('Trainees list their own registrations: mine=true', [
        { field: 'mine', message: 'Must be true' },
      ]);
    return listTraineeRegistrations(principal.userId, query.limit, query.cursor);
  },

  listSessionRegistrations: async ({ principal, params, query }) => {
    assertMaySeeRoster(principal, foundSession(await getSession(params.sessionId), params.sessionId));
    return listRoster(params.sessionId, query.limit, query.cursor);
  },

  getRegistration: async ({ principal, params }) =>
    visibleRegistration(principal, await getRegistration(params.registrationId), params.registrationId),

  cancelRegistration: async ({ principal, params, now }) => {
    const outcome = await retryOnConflict(async () => {
      const registration = visibleRegistration(
        principal,
        await getRegistration(params.registrationId),
        params.registrationId,
      );
      const session = foundSession(await getSession(registration.sessionId), registration.sessionId);
      assertCancellable(principal, registration, session, now);
      const successor = registration.status === 'confirmed' ? await firstWaitlisted(session.id) : undefined;
      return cancelOnce(registration, successor, now);
    }, HOT_ITEM_RETRY);
    if (outcome.promoted) await tellPromoted(outcome.promoted);
    return outcome.cancelled;
  },

  recordAttendance: async ({ principal, params, body, now }) => {
    const session = ownedSession(principal, await getSession(params.sessionId), params.sessionId);
    assertSessionDay(session, body.date);
    const present = [...new Set(body.present)];
    const found = await getRegistrations(present);
    assertAllOfSession(session.id, present, found, 'present');
    assertAllHoldSeats(present, found);
    const attendance = {
      sessionId: session.id,
      date: body.date,
      present,
      recordedAt: now.toISOString(),
      recordedBy: principal.userId,
    };
    await putAttendance(attendance);
    return attendance;
  },

  recordResults: async ({ principal, params, body, now }) => {
    const session = ownedSession(principal, await getSession(params.sessionId), params.sessionId);
    const issuer = await getOrganization(session.hostOrgId);
    if (!issuer) throw notFound(`The host organization ${session.hostOrgId} is not registered`);
    return { items: await recordResults(session, issuer, body.results, principal, now) };
  },
});
