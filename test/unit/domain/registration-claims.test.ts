/**
 * The rules of a claim on a session (shared/domain/registrations/claims.ts): whose claim a guard
 * is, when a retry finishes it or answers it, and the registration a resumed claim writes.
 */
import { describe, expect, it } from 'vitest';
import {
  CLAIM_LEASE_SECONDS,
  claimKeyOf,
  claimToTry,
  type GuardState,
  guardNeedsItsRegistration,
  meetingGuard,
  resumedRegistration,
} from '#shared/domain/registrations/claims';
import type { Registration } from '#shared/domain/registrations/schemas';

const claimedAt = '2030-03-01T02:00:00.000Z';
const at = (seconds: number) => new Date(Date.parse(claimedAt) + seconds * 1000);
const mine = claimKeyOf('trainee-1', 'key-1');
const claiming = (keyHash?: string): GuardState => ({
  registrationId: 'reg_first',
  state: 'claiming',
  claimedAt,
  registeredAt: claimedAt,
  ...(keyHash !== undefined ? { keyHash } : {}),
});

describe('claimKeyOf', () => {
  it('binds the key to its caller: the same key of another caller is another claim', () => {
    expect(claimKeyOf('trainee-1', 'key-1')).toBe(mine);
    expect(claimKeyOf('trainee-2', 'key-1')).not.toBe(mine);
    expect(claimKeyOf('trainee-1', 'key-2')).not.toBe(mine);
  });

  it('keeps no trace of the key itself and has none without a key', () => {
    expect(mine).not.toContain('key-1');
    expect(claimKeyOf('trainee-1', undefined)).toBeUndefined();
    expect(claimKeyOf('trainee-1', '')).toBeUndefined();
  });
});

describe('meetingGuard', () => {
  it('answers the registration of its own key once written (a retry after a crash)', () => {
    expect(meetingGuard(claiming(mine), mine, at(1), true)).toBe('replay');
  });

  it('refuses another key, or none, on a written registration: 409 ALREADY_REGISTERED', () => {
    expect(meetingGuard(claiming(mine), claimKeyOf('trainee-1', 'key-2'), at(1), true)).toBe('taken');
    expect(meetingGuard(claiming(mine), undefined, at(CLAIM_LEASE_SECONDS * 10), true)).toBe('taken');
  });

  it('reads a guard from before claims (no state, no key) as a written registration of someone else', () => {
    const legacy: GuardState = { registrationId: 'reg_old' };
    expect(guardNeedsItsRegistration(legacy, mine, at(CLAIM_LEASE_SECONDS * 10))).toBe(false);
    expect(meetingGuard(legacy, mine, at(1), false)).toBe('taken');
    expect(meetingGuard(legacy, undefined, at(CLAIM_LEASE_SECONDS * 10), false)).toBe('taken');
  });

  it('finishes a claim of its own key at once, whatever step it stopped at', () => {
    expect(guardNeedsItsRegistration(claiming(mine), mine, at(1))).toBe(true);
    expect(meetingGuard(claiming(mine), mine, at(1), false)).toBe('resume');
  });

  it('leaves a live claim of another request alone (a double submit) and takes over an abandoned one', () => {
    const other = claimKeyOf('trainee-1', 'key-2');
    // Refused without reading whether its registration is written.
    expect(guardNeedsItsRegistration(claiming(other), mine, at(CLAIM_LEASE_SECONDS - 1))).toBe(false);
    expect(meetingGuard(claiming(other), mine, at(CLAIM_LEASE_SECONDS - 1), false)).toBe('taken');
    expect(guardNeedsItsRegistration(claiming(other), mine, at(CLAIM_LEASE_SECONDS))).toBe(true);
    expect(meetingGuard(claiming(other), mine, at(CLAIM_LEASE_SECONDS), false)).toBe('resume');
    // Two requests without a key are never the same request.
    expect(meetingGuard(claiming(), undefined, at(1), false)).toBe('taken');
    expect(meetingGuard(claiming(), undefined, at(CLAIM_LEASE_SECONDS), false)).toBe('resume');
  });
});

describe('resumedRegistration', () => {
  const retry = {
    id: 'reg_retry',
    status: 'confirmed',
    registeredAt: '2030-03-01T02:05:00.000Z',
    confirmedAt: '2030-03-01T02:05:00.000Z',
    updatedAt: '2030-03-01T02:05:00.000Z',
  } as Registration;

  it('finishes the first request’s registration: its id and time, not the retry’s', () => {
    expect(resumedRegistration(retry, claiming(mine))).toMatchObject({
      id: 'reg_first',
      registeredAt: claimedAt,
      confirmedAt: claimedAt,
      updatedAt: retry.updatedAt,
    });
  });
});

describe('claimToTry', () => {
  it('goes for the queue when a seat was refused because the session is full or somebody waits', () => {
    expect(claimToTry({ capacity: 2, seatsTaken: 2, waitlistLength: 0 })).toBe('ticket');
    expect(claimToTry({ capacity: 5, seatsTaken: 2, waitlistLength: 1 })).toBe('ticket');
  });

  it('goes for the seat when a ticket was refused because one came free and nobody waits', () => {
    expect(claimToTry({ capacity: 2, seatsTaken: 1, waitlistLength: 0 })).toBe('seat');
    expect(claimToTry({ capacity: null, seatsTaken: 9, waitlistLength: 0 })).toBe('seat');
  });
});
