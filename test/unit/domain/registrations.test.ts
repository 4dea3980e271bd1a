/** The pure rules of registrations (shared/domain/registrations) and the waitlist promotion mail. */
import { describe, expect, it } from 'vitest';
import type { Actor } from '#shared/domain/actor';
import { AppError } from '#shared/domain/errors';
import { registrationIdOf } from '#shared/domain/registrations/claims';
import {
  assertAllHoldSeats,
  assertAllOfSession,
  assertCancellable,
  assertRegistrationOpen,
  assertSessionDay,
  assertSessionEnded,
  ledgerEntryFor,
  newRegistration,
  requireProfile,
  resultChange,
  visibleRegistration,
} from '#shared/domain/registrations/registration';
import { Registration } from '#shared/domain/registrations/schemas';
import type { RegistrationStatus } from '#shared/domain/registrations/statuses';
import type { Session } from '#shared/domain/sessions/schemas';
import { idNumberCheckCharacter } from '#shared/domain/trainees/id-number';
import type { TraineeProfile } from '#shared/domain/trainees/schemas';
import { LedgerEntry } from '#shared/domain/trainees/schemas';
import { waitlistPromotedMail } from '#shared/mail/templates';
import { thrown } from '../helpers/thrown';

const FIRST17 = '45010319900101123';
const ID_NUMBER = `${FIRST17}${idNumberCheckCharacter(FIRST17)}`;

const SESSION: Session = {
  id: 'ses_1',
  planId: 'plan_1',
  hostOrgId: 'org_host',
  hostName: '广西大学',
  year: 2026,
  title: '人工智能应用高级研修班',
  startDate: '2026-12-07',
  endDate: '2027-01-08',
  registrationDeadline: '2026-12-01',
  capacity: 60,
  creditHours: 24.5,
  subjectType: 'professional',
  mode: 'offline',
  city: '南宁',
  location: '广西大学继续教育学院',
  seatsTaken: 3,
  waitlistLength: 0,
  createdAt: '2026-10-01T00:00:00.000Z',
  updatedAt: '2026-10-01T00:00:00.000Z',
  version: 1,
};

const PROFILE: TraineeProfile = {
  traineeId: 'trainee-1',
  name: '张三',
  idNumber: ID_NUMBER,
  employer: '南宁市第一中学',
  city: '南宁',
  email: 'zhang.san@example.cn',
  updatedAt: '2026-10-02T00:00:00.000Z',
};

const NOW = new Date('2026-11-20T02:00:00.000Z');

const owner: Actor = { userId: 'trainee-1', roles: ['trainee'] };
const otherTrainee: Actor = { userId: 'trainee-2', roles: ['trainee'] };
const host: Actor = { userId: 'host-user', roles: ['host'], orgId: 'org_host' };
const otherHost: Actor = { userId: 'other-host-user', roles: ['host'], orgId: 'org_other' };
const department: Actor = { userId: 'dept-user', roles: ['department'], orgId: 'org_host' };
const admin: Actor = { userId: 'admin-1', roles: ['admin'] };
const traineeWithHostOrg: Actor = { userId: 'trainee-3', roles: ['trainee'], orgId: 'org_host' };

const REGISTRATION = newRegistration(SESSION, PROFILE, NOW);
const withStatus = (status: RegistrationStatus, overrides: Partial<Registration> = {}): Registration => ({
  ...REGISTRATION,
  status,
  ...overrides,
});

const appErrorOf = (action: () => unknown): AppError => {
  const error = thrown(action);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
};

describe('assertRegistrationOpen', () => {
  const session = { ...SESSION, registrationDeadline: '2026-12-01' };

  it('is open through the whole Beijing day of the deadline (until 16:00 UTC)', () => {
    expect(() => assertRegistrationOpen(session, new Date('2026-11-30T16:00:00.000Z'))).not.toThrow();
    expect(() => assertRegistrationOpen(session, new Date('2026-12-01T15:59:59.000Z'))).not.toThrow();
    expect(() => assertRegistrationOpen(session, new Date('2026-12-01T15:59:59.999Z'))).not.toThrow();
  });

  it('closes at Beijing midnight after the deadline with 422 REGISTRATION_CLOSED naming the deadline', () => {
    const error = appErrorOf(() => assertRegistrationOpen(session, new Date('2026-12-01T16:00:00.000Z')));
    expect(error.status).toBe(422);
    expect(error.code).toBe('REGISTRATION_CLOSED');
    expect(error.details?.[0]).toMatchObject({
      field: 'registrationDeadline',
      registrationDeadline: '2026-12-01',
    });
    expect(appErrorOf(() => assertRegistrationOpen(session, new Date('2027-03-01T00:00:00Z'))).code).toBe(
      'REGISTRATION_CLOSED',
    );
  });
});

describe('requireProfile', () => {
  it('returns a stored profile and refuses a missing one with 422 PROFILE_REQUIRED', () => {
    expect(requireProfile(PROFILE)).toBe(PROFILE);
    const error = appErrorOf(() => requireProfile(undefined));
    expect(error.status).toBe(422);
    expect(error.code).toBe('PROFILE_REQUIRED');
  });
});

describe('newRegistration', () => {
  it('snapshots the session and the trainee, confirmed, with the ID number masked', () => {
    const registration = newRegistration(SESSION, PROFILE, NOW);
    expect(registration).toMatchObject({
      sessionId: 'ses_1',
      planId: 'plan_1',
      hostOrgId: 'org_host',
      hostName: '广西大学',
      traineeId: 'trainee-1',
      status: 'confirmed',
      traineeName: '张三',
      employer: '南宁市第一中学',
      sessionTitle: '人工智能应用高级研修班',
      creditHours: 24.5,
      subjectType: 'professional',
      registeredAt: NOW.toISOString(),
      confirmedAt: NOW.toISOString(),
      updatedAt: NOW.toISOString(),
    });
    expect(registration.id).toMatch(/^reg_[0-9a-v]+$/);
    expect(registration.waitlistPosition).toBeUndefined();
    expect(Registration.parse(registration)).toEqual(registration);
  });

  it('masks the ID number to its first and last four characters, and never carries it in full', () => {
    const registration = newRegistration(SESSION, PROFILE, NOW);
    expect(registration.idNumberMasked).toBe(`4501${'*'.repeat(10)}${ID_NUMBER.slice(-4)}`);
    expect(JSON.stringify(registration)).not.toContain(ID_NUMBER);
    expect(JSON.stringify(registration)).not.toContain(ID_NUMBER.slice(4, 14));
  });

  it("counts in the year of the session's end date, not its start or the plan's year", () => {
    expect(newRegistration(SESSION, PROFILE, NOW).year).toBe(2027);
  });

  it('registers under the trainee’s first id for the session, whenever asked (its uniqueness)', () => {
    const first = newRegistration(SESSION, PROFILE, NOW).id;
    expect(newRegistration(SESSION, PROFILE, new Date(NOW.getTime() + 1_000)).id).toBe(first);
    expect(first).toBe(registrationIdOf(SESSION.id, PROFILE.traineeId, 0));
    expect(newRegistration(SESSION, { ...PROFILE, traineeId: 'someone-else' }, NOW).id).not.toBe(first);
  });
});

describe('visibleRegistration', () => {
  const cases: [string, Actor, boolean][] = [
    ['the trainee who registered', owner, true],
    ['another trainee', otherTrainee, false],
    ["the session's host", host, true],
    ['the host of another organization', otherHost, false],
    ["the department of the host's organization", department, true],
    ['admin', admin, true],
    ['a trainee whose token carries the host org id', traineeWithHostOrg, false],
  ];

  it.each(cases)('%s: visible = %s', (_, actor, visible) => {
    if (visible) {
      expect(visibleRegistration(actor, REGISTRATION, REGISTRATION.id)).toBe(REGISTRATION);
    } else {
      const error = appErrorOf(() => visibleRegistration(actor, REGISTRATION, REGISTRATION.id));
      expect(error.status).toBe(404);
      expect(error.message).toContain(REGISTRATION.id);
    }
  });

  it('answers an unknown id with 404, whoever asks', () => {
    for (const actor of [owner, host, admin]) {
      expect(appErrorOf(() => visibleRegistration(actor, undefined, 'reg_unknown')).status).toBe(404);
    }
  });
});

describe('assertCancellable', () => {
  // Start 2026-12-07 (Beijing): the day begins at 2026-12-06T16:00:00Z.
  const beforeStart = new Date('2026-12-06T15:59:59.000Z');
  const startDay = new Date('2026-12-06T16:00:00.000Z');
  const afterStart = new Date('2026-12-20T03:00:00.000Z');

  it.each([
    ['confirmed', beforeStart],
    ['waitlisted', beforeStart],
  ] as const)('lets the trainee cancel a %s registration before the start date', (status, now) => {
    expect(() => assertCancellable(owner, withStatus(status), SESSION, now)).not.toThrow();
  });

  it.each([
    ['on the start day (Beijing midnight)', startDay],
    ['after the start date', afterStart],
  ])('refuses the trainee %s with 422 CANCELLATION_CLOSED', (_, now) => {
    for (const status of ['confirmed', 'waitlisted'] as const) {
      const error = appErrorOf(() => assertCancellable(owner, withStatus(status), SESSION, now));
      expect(error.status).toBe(422);
      expect(error.code).toBe('CANCELLATION_CLOSED');
      expect(error.details?.[0]).toMatchObject({ field: 'startDate', startDate: '2026-12-07' });
    }
  });

  it.each([
    ['the host', host],
    ['the department of the host org', department],
    ['admin', admin],
  ])('lets %s cancel at any time, also after the start', (_, actor) => {
    for (const now of [beforeStart, startDay, afterStart]) {
      expect(() => assertCancellable(actor, withStatus('confirmed'), SESSION, now)).not.toThrow();
      expect(() => assertCancellable(actor, withStatus('waitlisted'), SESSION, now)).not.toThrow();
    }
  });

  it('does not treat the host of another organization as staff', () => {
    expect(
      appErrorOf(() => assertCancellable(otherHost, withStatus('confirmed'), SESSION, afterStart)).code,
    ).toBe('CANCELLATION_CLOSED');
  });

  it('refuses a cancelled registration with 409 ALREADY_CANCELLED, for anyone', () => {
    for (const actor of [owner, host, admin]) {
      const error = appErrorOf(() => assertCancellable(actor, withStatus('cancelled'), SESSION, beforeStart));
      expect(error.status).toBe(409);
      expect(error.code).toBe('ALREADY_CANCELLED');
    }
  });

  it.each(['completed', 'failed'] as const)(
    'refuses a %s registration with 409 RESULT_RECORDED',
    (status) => {
      for (const actor of [owner, host, admin]) {
        const error = appErrorOf(() => assertCancellable(actor, withStatus(status), SESSION, beforeStart));
        expect(error.status).toBe(409);
        expect(error.code).toBe('RESULT_RECORDED');
      }
    },
  );
});

describe('resultChange', () => {
  it.each([
    ['confirmed', true, 'pass'],
    ['confirmed', false, 'fail'],
    ['completed', true, 'unchanged'],
    ['failed', false, 'unchanged'],
  ] as const)('%s + passed=%s -> %s', (status, passed, change) => {
    expect(resultChange(withStatus(status), passed)).toBe(change);
  });

  it.each([
    ['completed', false],
    ['failed', true],
  ] as const)(
    'refuses a different second result (%s, passed=%s) with 409 RESULT_ALREADY_RECORDED',
    (status, passed) => {
      const error = appErrorOf(() => resultChange(withStatus(status), passed));
      expect(error.status).toBe(409);
      expect(error.code).toBe('RESULT_ALREADY_RECORDED');
      expect(error.details?.[0]).toMatchObject({ registrationId: REGISTRATION.id, currentStatus: status });
    },
  );

  it.each(['waitlisted', 'cancelled'] as const)(
    'refuses a %s registration with 409 NOT_CONFIRMED',
    (status) => {
      for (const passed of [true, false]) {
        const error = appErrorOf(() => resultChange(withStatus(status), passed));
        expect(error.status).toBe(409);
        expect(error.code).toBe('NOT_CONFIRMED');
        expect(error.details?.[0]).toMatchObject({ registrationId: REGISTRATION.id, currentStatus: status });
      }
    },
  );
});

describe('assertAllOfSession', () => {
  const mine = withStatus('confirmed', { id: 'reg_a' });
  const alsoMine = withStatus('waitlisted', { id: 'reg_b' });
  const elsewhere = withStatus('confirmed', { id: 'reg_c', sessionId: 'ses_other' });
  const found = new Map([mine, alsoMine, elsewhere].map((registration) => [registration.id, registration]));

  it('accepts registrations of the session, whatever their status, and an empty list', () => {
    expect(() => assertAllOfSession('ses_1', ['reg_a', 'reg_b'], found, 'results')).not.toThrow();
    expect(() => assertAllOfSession('ses_1', [], found, 'present')).not.toThrow();
  });

  it('refuses with 400 naming the field and only the strangers (another session, unknown)', () => {
    const error = appErrorOf(() =>
      assertAllOfSession('ses_1', ['reg_a', 'reg_c', 'reg_missing'], found, 'results'),
    );
    expect(error.status).toBe(400);
    expect(error.details).toEqual([
      expect.objectContaining({ field: 'results', registrationIds: ['reg_c', 'reg_missing'] }),
    ]);
    expect(error.message).toContain('reg_c');
    expect(error.message).not.toContain('reg_a');
  });

  it('names the field it was given', () => {
    const error = appErrorOf(() => assertAllOfSession('ses_1', ['reg_c'], found, 'present'));
    expect(error.details?.[0]?.field).toBe('present');
  });
});

describe('assertAllHoldSeats', () => {
  const byStatus = (['confirmed', 'completed', 'failed', 'waitlisted', 'cancelled'] as const).map((status) =>
    withStatus(status, { id: `reg_${status}` }),
  );
  const found = new Map(byStatus.map((registration) => [registration.id, registration]));

  it('accepts confirmed, completed and failed registrations (they hold a seat)', () => {
    expect(() => assertAllHoldSeats(['reg_confirmed', 'reg_completed', 'reg_failed'], found)).not.toThrow();
  });

  it('refuses waitlisted, cancelled and unknown ones with 400 on `present`, naming them', () => {
    const error = appErrorOf(() =>
      assertAllHoldSeats(['reg_confirmed', 'reg_waitlisted', 'reg_cancelled', 'reg_unknown'], found),
    );
    expect(error.status).toBe(400);
    expect(error.details).toEqual([
      expect.objectContaining({
        field: 'present',
        registrationIds: ['reg_waitlisted', 'reg_cancelled', 'reg_unknown'],
      }),
    ]);
  });
});

describe('assertSessionDay', () => {
  it.each(['2026-12-07', '2026-12-25', '2027-01-08'])('accepts %s, a day of the session', (date) => {
    expect(() => assertSessionDay(SESSION, date)).not.toThrow();
  });

  it.each(['2026-12-06', '2027-01-09', '2025-12-10'])('refuses %s with 400 naming `date`', (date) => {
    const error = appErrorOf(() => assertSessionDay(SESSION, date));
    expect(error.status).toBe(400);
    expect(error.details).toEqual([expect.objectContaining({ field: 'date' })]);
    expect(error.message).toContain(date);
  });
});

describe('ledgerEntryFor', () => {
  it("writes the trainee, the end date's year, subject type, hours, host and the source registration", () => {
    const recordedAt = new Date('2027-01-09T08:00:00.000Z');
    const entry = ledgerEntryFor(withStatus('confirmed'), recordedAt);
    expect(entry).toEqual({
      traineeId: 'trainee-1',
      year: 2027,
      registrationId: REGISTRATION.id,
      sessionId: 'ses_1',
      sessionTitle: '人工智能应用高级研修班',
      hostOrgId: 'org_host',
      hostName: '广西大学',
      subjectType: 'professional',
      hours: 24.5,
      recordedAt: recordedAt.toISOString(),
    });
    expect(LedgerEntry.parse(entry)).toEqual(entry);
  });
});

describe('waitlistPromotedMail', () => {
  const promotion = {
    to: 'zhang.san@example.cn',
    traineeName: '张三',
    sessionTitle: '人工智能应用高级研修班',
    startDate: '2026-12-07',
    endDate: '2026-12-11',
    city: '南宁',
    location: '广西大学继续教育学院',
    registrationId: 'reg_123',
  };

  it('is addressed to the trainee, of kind waitlist-promoted, with a Chinese subject naming the session', () => {
    const mail = waitlistPromotedMail(promotion);
    expect(mail.to).toBe('zhang.san@example.cn');
    expect(mail.kind).toBe('waitlist-promoted');
    expect(mail.subject).toContain('人工智能应用高级研修班');
    expect(mail.subject).toMatch(/[\u4e00-\u9fff]/);
    expect(mail.subject).toContain('确认');
  });

  it('tells the dates, the place and a link to the registration in the text', () => {
    const mail = waitlistPromotedMail(promotion);
    expect(mail.text).toContain('张三');
    expect(mail.text).toContain('2026-12-07');
    expect(mail.text).toContain('2026-12-11');
    expect(mail.text).toContain('南宁 广西大学继续教育学院');
    expect(mail.text).toContain('/registrations/reg_123');
    expect(mail.html).toContain('2026-12-07');
    expect(mail.html).toContain('广西大学继续教育学院');
  });

  it('names only the city when there is no location', () => {
    const { location: _, ...online } = promotion;
    const mail = waitlistPromotedMail(online);
    expect(mail.text).toContain('地点：南宁。');
    expect(mail.text).not.toContain('undefined');
  });

  it('escapes markup from the title in the HTML part', () => {
    const mail = waitlistPromotedMail({ ...promotion, sessionTitle: '<script>alert("x")</script>研修' });
    expect(mail.html).toBeDefined();
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&#60;script&#62;');
    expect(mail.html).toMatch(/^<!doctype html>/);
    // The plain text and subject carry the title as written.
    expect(mail.subject).toContain('<script>');
  });
});

describe('assertSessionEnded (results only after the training)', () => {
  const endingOn = { endDate: '2026-12-11' };

  it('refuses results before the end date with 422 SESSION_NOT_ENDED naming the end date', () => {
    const error = thrown(() => assertSessionEnded(endingOn, new Date('2026-12-10T08:00:00.000Z')));
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({
      status: 422,
      code: 'SESSION_NOT_ENDED',
      details: [{ field: 'endDate', endDate: '2026-12-11', today: '2026-12-10' }],
    });
  });

  it('refuses them ten days ahead, when the training has not even started', () => {
    expect(thrown(() => assertSessionEnded(endingOn, new Date('2026-12-01T08:00:00.000Z')))).toMatchObject({
      code: 'SESSION_NOT_ENDED',
    });
  });

  it('allows them on the end date itself, from Beijing midnight (16:00 UTC the day before)', () => {
    expect(thrown(() => assertSessionEnded(endingOn, new Date('2026-12-10T15:59:59.000Z')))).toMatchObject({
      code: 'SESSION_NOT_ENDED',
    });
    expect(() => assertSessionEnded(endingOn, new Date('2026-12-10T16:00:00.000Z'))).not.toThrow();
  });

  it('allows them any time after', () => {
    expect(() => assertSessionEnded(endingOn, new Date('2027-01-20T02:00:00.000Z'))).not.toThrow();
  });
});
