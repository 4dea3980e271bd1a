/**
 * Attendance and results of a session, recorded by its host. Apart from the trainees' registration
 * function because a pass signs the completion certificate: the signing client stays out of the
 * function every trainee's registration starts.
 */
import { notFound } from '#shared/domain/errors';
import {
  assertAllHoldSeats,
  assertAllOfSession,
  assertSessionDay,
} from '#shared/domain/registrations/registration';
import { ownedSession } from '#shared/domain/sessions/session';
import { createHttpHandler } from '#shared/http/handler';
import * as MESSAGES from '#shared/i18n/messages';
import { RESULTS_ROUTES } from '#shared/routes/results';
import { getOrganization } from '#shared/store/organizations';
import { putAttendance } from '#shared/store/registration-changes';
import { getRegistrations } from '#shared/store/registrations';
import { getSession } from '#shared/store/sessions';
import { recordResults } from '#shared/use-cases/registrations/results';

export const handler = createHttpHandler(RESULTS_ROUTES, {
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
    if (!issuer) throw notFound(MESSAGES.registrations.hostNotRegistered(session.hostOrgId));
    return { items: await recordResults(session, issuer, body.results, principal, now) };
  },
});
