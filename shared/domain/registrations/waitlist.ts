/**
 * The waitlist, first come first served: a waiting trainee is told a place that counts only those
 * still ahead.
 */
import type { Registration } from './schemas';

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
