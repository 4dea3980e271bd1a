import { badRequest } from '#shared/domain/errors';
import {
  assertCancellable,
  assertRegistrationOpen,
  newRegistration,
  requireProfile,
  visibleRegistration,
} from '#shared/domain/registrations/registration';
import type { Registration } from '#shared/domain/registrations/schemas';
import { assertMaySeeRoster } from '#shared/domain/rosters/roster';
import { foundSession } from '#shared/domain/sessions/session';
import { createHttpHandler } from '#shared/http/handler';
import { logger } from '#shared/http/logger';
import { getMailer } from '#shared/mail/mailer';
import { waitlistPromotedMail } from '#shared/mail/templates';
import { REGISTRATIONS_ROUTES } from '#shared/routes/registrations';
import { HOT_ITEM_RETRY, retryOnConflict } from '#shared/store/optimistic';
import {
  cancelOnce,
  firstWaitlisted,
  getRegistration,
  listRoster,
  listTraineeRegistrations,
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

export const handler = createHttpHandler(REGISTRATIONS_ROUTES, {
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
});
