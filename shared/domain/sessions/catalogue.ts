/**
 * The public course catalogue (docs/api.md, "Trainees, registrations, attendance and results"): what anyone, signed in or not, sees of the
 * sessions on offer, and how a search and a city are read. The program trains some 800,000
 * professionals a year, nearly all on phones: they type a few characters of a title, in Chinese,
 * sometimes with a full-width letter or a stray space, and expect to find the course.
 *
 * Only sessions of published plans exist (`assertTakesSessions`: a session is added to a published
 * plan only, and a published plan never leaves that status), so the catalogue lists every stored
 * session of the year it reads and needs no look-up of plans to keep unpublished ones out. How a
 * search is read: ./search-text.ts.
 */
import type { Session } from './schemas';

/**
 * The catalogue reads at most this many sessions for one request, whatever the filters: a search
 * that matches little answers with what it found so far and a cursor to read on, rather than
 * reading a whole year (a few thousand sessions) in one request.
 */
export const CATALOGUE_READ_LIMIT = 1_000;

/**
 * The names a city filter matches: 「南宁」 and 「南宁市」 are one city, whichever way a host wrote
 * it on the session or a trainee types it.
 */
export function cityNames(city: string): string[] {
  const name = city.normalize('NFKC').replace(/\s+/gu, '').trim();
  const bare = name.length > 1 && name.endsWith('市') ? name.slice(0, -1) : name;
  return [bare, `${bare}市`];
}

/** Seats still free; null when the session takes everyone (no capacity). */
export const seatsLeft = (session: Pick<Session, 'capacity' | 'seatsTaken'>): number | null =>
  session.capacity === null ? null : Math.max(0, session.capacity - session.seatsTaken);

/** A session as the catalogue shows it; `open` as of `today` (Beijing): its deadline not passed. */
export function catalogueEntry(session: Session, today: string) {
  return {
    id: session.id,
    title: session.title,
    planId: session.planId,
    hostOrgId: session.hostOrgId,
    hostName: session.hostName,
    startDate: session.startDate,
    endDate: session.endDate,
    registrationDeadline: session.registrationDeadline,
    city: session.city,
    ...(session.location === undefined ? {} : { location: session.location }),
    mode: session.mode,
    subjectType: session.subjectType,
    creditHours: session.creditHours,
    capacity: session.capacity,
    seatsLeft: seatsLeft(session),
    open: session.registrationDeadline >= today,
  };
}
export type CatalogueEntry = ReturnType<typeof catalogueEntry>;
