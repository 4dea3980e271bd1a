/**
 * The rules of a claim on a session (shared/domain/registrations/claims.ts): the derived id that
 * makes a registration its own uniqueness, what a request does on meeting a registration under
 * that id, and when a claim was the one a registration was written with or one too many.
 */
import { describe, expect, it } from 'vitest';
import { newId } from '#shared/domain/ids';
import {
  type ClaimTaken,
  claimIsSpare,
  claimKeyOf,
  claimOfMark,
  claimToTry,
  markOf,
  markOfStored,
  meeting,
  registrationIdOf,
  registrationOfClaim,
  seatMark,
  seatNonce,
  storedKeyHash,
  wroteClaim,
} from '#shared/domain/registrations/claims';
import type { Registration } from '#shared/domain/registrations/schemas';

const mine = claimKeyOf('trainee-1', 'key-1');

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

describe('registrationIdOf', () => {
  it('is the same for the same trainee, session and generation, whoever asks and when', () => {
    expect(registrationIdOf('ses_1', 'trainee-1', 0)).toBe(registrationIdOf('ses_1', 'trainee-1', 0));
  });

  it('differs with the session, the trainee and the generation', () => {
    const ids = new Set([
      registrationIdOf('ses_1', 'trainee-1', 0),
      registrationIdOf('ses_2', 'trainee-1', 0),
      registrationIdOf('ses_1', 'trainee-2', 0),
      registrationIdOf('ses_1', 'trainee-1', 1),
      // The parts are separated, so moving a character from one to the other is another id.
      registrationIdOf('ses_1t', 'rainee-1', 0),
    ]);
    expect(ids.size).toBe(5);
  });

  it('looks like the other ids: the reg_ prefix and newId’s length in lowercase base 32', () => {
    const id = registrationIdOf('ses_1', 'trainee-1', 0);
    expect(id).toMatch(/^reg_[0-9a-v]{25}$/);
    expect(id.length).toBe(newId('reg').length);
  });

  it('does not repeat over many trainees and generations', () => {
    const ids = new Set<string>();
    for (let trainee = 0; trainee < 2_000; trainee++) {
      for (let generation = 0; generation < 3; generation++) {
        ids.add(registrationIdOf('ses_1', `trainee-${trainee}`, generation));
      }
    }
    expect(ids.size).toBe(6_000);
  });
});

describe('meeting', () => {
  it('claims under an id nothing holds', () => {
    expect(meeting(undefined, mine)).toBe('free');
  });

  it('moves to the next generation past a cancelled registration, whatever its key', () => {
    expect(meeting({ status: 'cancelled', keyHash: mine }, mine)).toBe('next');
    expect(meeting({ status: 'cancelled' }, undefined)).toBe('next');
  });

  it('answers an active registration written with its own key (a lost answer, retried)', () => {
    for (const status of ['confirmed', 'waitlisted', 'completed', 'failed'] as const) {
      expect(meeting({ status, keyHash: mine }, mine)).toBe('replay');
    }
  });

  it('knows its key by what a registration keeps of it, and by the whole hash a legacy guard kept', () => {
    const kept = storedKeyHash(mine);
    expect(kept?.length).toBeLessThan(mine?.length ?? 0);
    expect(meeting({ status: 'confirmed', keyHash: kept }, mine)).toBe('replay');
    expect(meeting({ status: 'confirmed', keyHash: mine }, mine)).toBe('replay');
    expect(
      meeting({ status: 'confirmed', keyHash: storedKeyHash(claimKeyOf('trainee-1', 'key-2')) }, mine),
    ).toBe('taken');
  });

  it('refuses another key, or none, on an active registration: 409 ALREADY_REGISTERED', () => {
    expect(meeting({ status: 'confirmed', keyHash: mine }, claimKeyOf('trainee-1', 'key-2'))).toBe('taken');
    expect(meeting({ status: 'waitlisted', keyHash: mine }, undefined)).toBe('taken');
    // Two requests without a key are never the same request.
    expect(meeting({ status: 'confirmed' }, undefined)).toBe('taken');
    expect(meeting({ status: 'completed' }, mine)).toBe('taken');
  });
});

const registeredAt = '2030-03-01T02:00:00.000Z';
const later = '2030-03-01T02:00:01.000Z';
const REGISTRATION = {
  id: 'reg_x',
  status: 'confirmed',
  registeredAt: later,
  confirmedAt: later,
  updatedAt: later,
} as Registration;
const seat = (fresh: boolean, at = registeredAt, nonce = 'n1'): ClaimTaken => ({
  kind: 'seat',
  mark: seatMark(at, nonce),
  fresh,
});
const ticket = (fresh: boolean, position = 3): ClaimTaken => ({ kind: 'ticket', position, fresh });

describe('claim marks', () => {
  it('reads a seat or a ticket back from the mark the session holds, as found (not fresh)', () => {
    expect(claimOfMark(markOf(seat(true)))).toEqual(seat(false));
    expect(claimOfMark(markOf(ticket(true, 7)))).toEqual({ kind: 'ticket', position: 7, fresh: false });
    expect(claimOfMark(undefined)).toBeUndefined();
  });

  it('tells two seats of one id apart even at the same registration time', () => {
    expect(seatMark(registeredAt)).not.toBe(seatMark(registeredAt));
  });
});

describe('registrationOfClaim', () => {
  it('waitlists a ticket at its position, with no confirmation time, leaving its input as it was', () => {
    const written = registrationOfClaim(REGISTRATION, ticket(true, 4));
    expect(written).toMatchObject({ id: 'reg_x', status: 'waitlisted', waitlistPosition: 4 });
    expect('confirmedAt' in written).toBe(false);
    expect(REGISTRATION).toMatchObject({ status: 'confirmed', confirmedAt: later });
  });

  it('confirms a seat at the time of the request that took it, a sharer’s time being another', () => {
    expect(registrationOfClaim(REGISTRATION, seat(false))).toMatchObject({
      status: 'confirmed',
      registeredAt,
      confirmedAt: registeredAt,
      updatedAt: later,
    });
  });
});

describe('markOfStored', () => {
  it('gives back the mark a registration was written with: a seat’s from its time and nonce', () => {
    const written = registrationOfClaim(REGISTRATION, seat(true));
    expect(markOfStored({ ...written, claim: seatNonce(seatMark(registeredAt, 'n1')) })).toBe(
      markOf(seat(true)),
    );
    expect(markOfStored({ waitlistPosition: 4 })).toBe(4);
    expect(markOfStored({ registeredAt })).toBeUndefined();
  });
});

describe('wroteClaim and claimIsSpare', () => {
  it('knows the registration of its ticket by the position, even once cancelled', () => {
    expect(wroteClaim({ waitlistPosition: 3, claim: 3 }, ticket(true, 3))).toBe(true);
    expect(wroteClaim({ waitlistPosition: 3 }, ticket(true, 3))).toBe(true);
    expect(wroteClaim({ waitlistPosition: 2, claim: 2 }, ticket(true, 3))).toBe(false);
    expect(wroteClaim({ registeredAt, claim: 'n1' }, ticket(true, 3))).toBe(false);
  });

  it('knows the registration of its seat by the mark’s nonce, or once cancelled by the registration time', () => {
    expect(wroteClaim({ registeredAt, claim: 'n1' }, seat(true))).toBe(true);
    expect(wroteClaim({ registeredAt, claim: 'n2' }, seat(true))).toBe(false);
    expect(wroteClaim({ registeredAt }, seat(true))).toBe(true);
    expect(wroteClaim({ registeredAt: later }, seat(true))).toBe(false);
    expect(wroteClaim({ registeredAt, waitlistPosition: 1 }, seat(true))).toBe(false);
  });

  it('gives back only a claim this request took afresh that the registration was not written with', () => {
    const other = { registeredAt: later, claim: 'n9' };
    expect(claimIsSpare(other, seat(true))).toBe(true);
    expect(claimIsSpare({ waitlistPosition: 1, claim: 1 }, ticket(true, 2))).toBe(true);
    // Shared with the run that wrote it, or found taken by another: never this request's to give back.
    expect(claimIsSpare({ registeredAt, claim: 'n1' }, seat(true))).toBe(false);
    expect(claimIsSpare(other, seat(false))).toBe(false);
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
