/**
 * A trainee's own registrations as the phone shows them (docs/api.md, "Trainees, registrations, attendance and results"): each with what
 * it takes to show up, the session's dates, city, place, mode and host as they stand now (a host
 * may have moved them since the registration was made, and mailed the trainee so).
 */
import type { Session } from '../sessions/schemas';
import type { MyRegistration, Registration } from './schemas';

/**
 * `registration` with its session's details; a session the store no longer holds leaves what the
 * registration recorded of it (title and host), rather than failing the whole list.
 */
export function withSessionDetails(registration: Registration, session: Session | undefined): MyRegistration {
  if (!session) {
    return {
      ...registration,
      session: { title: registration.sessionTitle, hostName: registration.hostName },
    };
  }
  return {
    ...registration,
    session: {
      title: session.title,
      startDate: session.startDate,
      endDate: session.endDate,
      city: session.city,
      ...(session.location === undefined ? {} : { location: session.location }),
      mode: session.mode,
      hostName: session.hostName,
    },
  };
}
