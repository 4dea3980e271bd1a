/**
 * A session's counts beside its registrations as written, and the claims still pending on it: what
 * the registration integration tests compare after a burst, a double submit or a crash.
 */
import type { Session } from '#shared/domain/sessions/schemas';
import { pendingClaimsOf } from '#shared/store/registering';
import { listRoster } from '#shared/store/registrations';
import { getSession } from '#shared/store/sessions';

export async function sessionLedger(sessionId: string) {
  const session = (await getSession(sessionId)) as Session;
  const roster = (await listRoster(sessionId, 200)).items;
  return {
    seatsTaken: session.seatsTaken,
    waitlistLength: session.waitlistLength,
    confirmed: roster.filter((registration) => registration.status === 'confirmed').length,
    waitlisted: roster.filter((registration) => registration.status === 'waitlisted').length,
    pending: (await pendingClaimsOf(sessionId)).size,
  };
}
