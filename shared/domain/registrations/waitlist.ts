/**
 * The waitlist, first come first served: nobody takes a seat while anybody waits for one, seats
 * that come free (a cancellation, a raised capacity) go to the waiting in the order they joined,
 * and a waiting trainee is told a place that counts only those still ahead. The store holds the
 * seat and waitlist conditions atomically; these are the same rules as read.
 */
import type { Session } from '../sessions/schemas';
import type { Registration } from './schemas';

type Seats = Pick<Session, 'capacity' | 'seatsTaken' | 'waitlistLength'>;

/** A newcomer waits when no seat is free, and also when anybody already waits for one. */
export const newcomerWaits = (session: Seats): boolean =>
  session.waitlistLength > 0 || (session.capacity !== null && session.seatsTaken >= session.capacity);

/** How many of the waiting the free seats take (all of them when capacity is unlimited). */
export function seatsForTheWaiting(session: Seats): number {
  const free = session.capacity === null ? Number.POSITIVE_INFINITY : session.capacity - session.seatsTaken;
  return Math.max(0, Math.min(free, session.waitlistLength));
}

/**
 * The place of a position in the queue, given the positions of those still waiting in it:
 * 1 (next in line) + how many of them joined earlier. Positions never change; the place moves up
 * as those ahead are promoted or leave.
 */
export function waitlistPlaces(stillWaiting: Iterable<number>): (position: number) => number {
  const sorted = Float64Array.from(stillWaiting).sort();
  return (position) => {
    // How many are below `position`: the first index not below it (binary search).
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((sorted[middle] as number) < position) low = middle + 1;
      else high = middle;
    }
    return 1 + low;
  };
}

/** The registration with its place when it waits; any other as it is. */
export function withWaitlistPlace(
  registration: Registration,
  placeOf: (position: number) => number,
): Registration {
  if (registration.status !== 'waitlisted' || registration.waitlistPosition === undefined) {
    return registration;
  }
  return { ...registration, waitlistPlace: placeOf(registration.waitlistPosition) };
}
