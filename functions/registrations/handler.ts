import type { Page } from '#shared/domain/common';
import { badRequest } from '#shared/domain/errors';
import { claimKeyOf } from '#shared/domain/registrations/claims';
import { withSessionDetails } from '#shared/domain/registrations/my-registrations';
import {
  assertCancellable,
  assertRegistrationOpen,
  newRegistration,
  requireProfile,
  visibleRegistration,
} from '#shared/domain/registrations/registration';
import type { Registration } from '#shared/domain/registrations/schemas';
import { newcomerWaits } from '#shared/domain/registrations/waitlist';
import { foundSession } from '#shared/domain/sessions/session';
import { createHttpHandler } from '#shared/http/handler';
import { aboutField } from '#shared/i18n/field-labels';
import * as MESSAGES from '#shared/i18n/messages';
import { REGISTRATIONS_ROUTES } from '#shared/routes/registrations';
import { HOT_ITEM_RETRY, retryOnConflict, VersionConflict } from '#shared/store/optimistic';
import { readRegistrant, registerForSession } from '#shared/store/registering';
import { cancelOnce } from '#shared/store/registration-changes';
import {
  firstWaitlisted,
  getRegistration,
  listRoster,
  listTraineeRegistrations,
  withPlace,
  withWaitlistPlaces,
} from '#shared/store/registrations';
import { getSession, getSessions } from '#shared/store/sessions';
import { assertMayReadRoster } from '#shared/use-cases/rosters/readers';

/** A page of registrations, each waitlisted one with its place in the queue as it stands now. */
const placed = async (page: Page<Registration>): Promise<Page<Registration>> => ({
  ...page,
  items: await withWaitlistPlaces(page.items),
});

export const handler = createHttpHandler(REGISTRATIONS_ROUTES, {
  register: async ({ principal, params, headers, now }) => {
    // One BatchGet: the session, the trainee's profile and the registration their id would be
    // written under (registering.ts).
    const registrant = await readRegistrant(params.sessionId, principal.userId);
    const session = foundSession(registrant.session, params.sessionId);
    assertRegistrationOpen(session, now);
    const fresh = newRegistration(session, requireProfile(registrant.profile), now);
    const registered = await registerForSession(fresh, {
      // A replay after a lost answer recognises its registration by the caller and key (claims.ts).
      keyHash: claimKeyOf(principal.userId, headers['idempotency-key']),
      seemsToWait: newcomerWaits(session),
      unlimited: session.capacity === null,
      standing: registrant.standing,
      now,
    });
    // A new place in the queue comes with the claim; one resumed or replayed is counted now.
    return registered.status === 'waitlisted' && registered.waitlistPlace === undefined
      ? withPlace(registered)
      : registered;
  },

  listMyRegistrations: async ({ principal, query }) => {
    if (!query.mine)
      throw badRequest(MESSAGES.registrations.listOwnOnly(), [
        { field: 'mine', message: aboutField('mine', MESSAGES.validation.mustBeTrue()) },
      ]);
    const page = await placed(await listTraineeRegistrations(principal.userId, query.limit, query.cursor));
    // The page's sessions in one read, not one per registration.
    const sessions = await getSessions(page.items.map((registration) => registration.sessionId));
    return {
      items: page.items.map((registration) =>
        withSessionDetails(registration, sessions.get(registration.sessionId)),
      ),
      nextCursor: page.nextCursor,
    };
  },

  listSessionRegistrations: async ({ principal, params, query }) => {
    await assertMayReadRoster(principal, foundSession(await getSession(params.sessionId), params.sessionId));
    return placed(await listRoster(params.sessionId, query.limit, query.cursor));
  },

  getRegistration: async ({ principal, params }) =>
    withPlace(
      visibleRegistration(principal, await getRegistration(params.registrationId), params.registrationId),
    ),

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
      // Somebody waits whom the queue does not show yet (a ticket taken, its registration being
      // written): the seat is theirs, so wait for them rather than hold the session in a doomed
      // transaction that registrants' seat claims would meet.
      if (registration.status === 'confirmed' && !successor && session.waitlistLength > 0) {
        throw new VersionConflict(`The queue of session ${session.id} is catching up`);
      }
      // A promotion writes its notice in the same transaction; the notifier mails it.
      return cancelOnce(registration, successor, now);
    }, HOT_ITEM_RETRY);
    return outcome.cancelled;
  },
});
