/** The waitlist's rules (shared/domain/registrations/waitlist.ts): who waits, who moves up, and places. */
import { describe, expect, it } from 'vitest';
import type { Registration } from '#shared/domain/registrations/schemas';
import {
  newcomerWaits,
  seatsForTheWaiting,
  waitlistPlaces,
  withWaitlistPlace,
} from '#shared/domain/registrations/waitlist';

const seats = (capacity: number | null, seatsTaken: number, waitlistLength: number) => ({
  capacity,
  seatsTaken,
  waitlistLength,
});

describe('newcomerWaits', () => {
  it('seats a newcomer only when a seat is free and nobody waits', () => {
    expect(newcomerWaits(seats(10, 9, 0))).toBe(false);
    expect(newcomerWaits(seats(null, 500, 0))).toBe(false);
  });

  it('waitlists a newcomer when the session is full', () => {
    expect(newcomerWaits(seats(10, 10, 0))).toBe(true);
  });

  it('waitlists a newcomer behind those waiting, even beside free seats (a raise not yet filled)', () => {
    expect(newcomerWaits(seats(15, 10, 3))).toBe(true);
    expect(newcomerWaits(seats(null, 10, 1))).toBe(true);
  });
});

describe('seatsForTheWaiting', () => {
  it('gives the new seats of a raise to the waiting, as many as there are seats', () => {
    expect(seatsForTheWaiting(seats(13, 10, 5))).toBe(3);
  });

  it('seats every one waiting when the raise leaves room for more', () => {
    expect(seatsForTheWaiting(seats(30, 10, 5))).toBe(5);
  });

  it('seats every one waiting when capacity becomes unlimited', () => {
    expect(seatsForTheWaiting(seats(null, 10, 250))).toBe(250);
  });

  it('moves nobody up when there is no free seat or nobody waits', () => {
    expect(seatsForTheWaiting(seats(10, 10, 5))).toBe(0);
    expect(seatsForTheWaiting(seats(20, 10, 0))).toBe(0);
    // Capacity below the seats taken is refused elsewhere; here it never turns negative.
    expect(seatsForTheWaiting(seats(8, 10, 5))).toBe(0);
  });
});

describe('waitlistPlaces', () => {
  it('counts only those still waiting ahead: 1 is next in line', () => {
    // Positions 1 and 3 were promoted or left; 2, 4 and 7 still wait.
    const placeOf = waitlistPlaces([7, 2, 4]);
    expect(placeOf(2)).toBe(1);
    expect(placeOf(4)).toBe(2);
    expect(placeOf(7)).toBe(3);
  });

  it('is 1 for the only one waiting, whatever its position', () => {
    expect(waitlistPlaces([5])(5)).toBe(1);
    expect(waitlistPlaces([])(9)).toBe(1);
  });

  it('counts positions numerically, not as text', () => {
    const placeOf = waitlistPlaces([10, 9, 100, 11]);
    expect([9, 10, 11, 100].map(placeOf)).toEqual([1, 2, 3, 4]);
  });

  it('counts a queue of thousands by position', () => {
    const waiting = Array.from({ length: 5000 }, (_, i) => 2 * i + 1);
    const placeOf = waitlistPlaces(waiting);
    expect(placeOf(1)).toBe(1);
    expect(placeOf(9999)).toBe(5000);
    expect(placeOf(101)).toBe(51);
  });
});

describe('withWaitlistPlace', () => {
  const registration = (overrides: Partial<Registration>): Registration => ({
    id: 'reg_1',
    sessionId: 'ses_1',
    planId: 'plan_1',
    hostOrgId: 'org_host',
    hostName: '广西大学',
    traineeId: 'trainee-1',
    status: 'waitlisted',
    waitlistPosition: 6,
    traineeName: '张三',
    idNumberMasked: '4501**********1234',
    employer: '南宁市第一中学',
    sessionTitle: '人工智能应用高级研修班',
    year: 2026,
    creditHours: 24,
    subjectType: 'professional',
    registeredAt: '2026-10-01T00:00:00.000Z',
    updatedAt: '2026-10-01T00:00:00.000Z',
    ...overrides,
  });

  it('adds the place to a waitlisted registration and keeps its position', () => {
    const placed = withWaitlistPlace(registration({}), waitlistPlaces([2, 6]));
    expect(placed).toMatchObject({ waitlistPosition: 6, waitlistPlace: 2 });
  });

  it('gives no place to a registration that no longer waits', () => {
    const promoted = registration({ status: 'confirmed', confirmedAt: '2026-10-02T00:00:00.000Z' });
    expect(withWaitlistPlace(promoted, waitlistPlaces([6]))).toEqual(promoted);
    expect(withWaitlistPlace(promoted, waitlistPlaces([6])).waitlistPlace).toBeUndefined();
  });
});
