/**
 * Rules for registrations: when a session takes them, what a registration records, who may see
 * and cancel one, and what a result does. The store enforces the seat count and uniqueness
 * atomically; these rules decide everything that can be decided from what was read.
 */
import { aboutField } from '#shared/i18n/field-labels';
import * as MESSAGES from '#shared/i18n/messages';
import { type Actor, actsAs } from '../actor';
import { beijingDate, yearOf } from '../dates';
import { badRequest, conflict, notFound, unprocessable } from '../errors';
import { ownsPlan } from '../plans/access';
import type { Session } from '../sessions/schemas';
import { maskIdNumber } from '../trainees/id-number';
import type { LedgerEntry, TraineeProfile } from '../trainees/schemas';
import { registrationIdOf } from './claims';
import type { Registration } from './schemas';

/** Registration closes after the Beijing day of the deadline. */
export function assertRegistrationOpen(session: Session, now: Date): void {
  if (beijingDate(now) > session.registrationDeadline) {
    throw unprocessable('REGISTRATION_CLOSED', MESSAGES.registrations.closed(session.registrationDeadline), [
      {
        field: 'registrationDeadline',
        message: aboutField('registrationDeadline', MESSAGES.registrations.deadlinePassed()),
        registrationDeadline: session.registrationDeadline,
      },
    ]);
  }
}

export function requireProfile(profile: TraineeProfile | undefined): TraineeProfile {
  if (!profile) {
    throw unprocessable('PROFILE_REQUIRED', MESSAGES.registrations.profileRequired());
  }
  return profile;
}

/**
 * A registration before the store decides between a seat and the waitlist, under the trainee's
 * first id for the session (the store moves it to a later generation after a cancellation).
 */
export function newRegistration(session: Session, profile: TraineeProfile, now: Date): Registration {
  const at = now.toISOString();
  return {
    id: registrationIdOf(session.id, profile.traineeId, 0),
    sessionId: session.id,
    planId: session.planId,
    hostOrgId: session.hostOrgId,
    hostName: session.hostName,
    traineeId: profile.traineeId,
    status: 'confirmed',
    traineeName: profile.name,
    idNumberMasked: maskIdNumber(profile.idNumber),
    employer: profile.employer,
    sessionTitle: session.title,
    // Hours count in the year the session ends (the ledger's year).
    year: yearOf(session.endDate),
    planYear: session.year,
    creditHours: session.creditHours,
    subjectType: session.subjectType,
    registeredAt: at,
    confirmedAt: at,
    updatedAt: at,
  };
}

const hostsIt = (actor: Actor, registration: Pick<Registration, 'hostOrgId'>) =>
  ownsPlan(actor, { hostOrgId: registration.hostOrgId });

/** The trainee's own, the session's host, or admin; anyone else is told it does not exist. */
export function visibleRegistration(
  actor: Actor,
  registration: Registration | undefined,
  id: string,
): Registration {
  const visible =
    registration &&
    (registration.traineeId === actor.userId || hostsIt(actor, registration) || actsAs(actor, 'admin'));
  if (!visible) throw notFound(MESSAGES.registrations.notFound(id));
  return registration;
}

/** Trainees cancel before the session starts; its host and admin at any time. Results are final. */
export function assertCancellable(
  actor: Actor,
  registration: Registration,
  session: Session,
  now: Date,
): void {
  if (registration.status === 'cancelled') {
    throw conflict('ALREADY_CANCELLED', MESSAGES.registrations.alreadyCancelled(), [
      {
        field: 'status',
        message: aboutField('status', MESSAGES.registrations.cancelled()),
        currentStatus: registration.status,
      },
    ]);
  }
  if (registration.status === 'completed' || registration.status === 'failed') {
    throw conflict('RESULT_RECORDED', MESSAGES.registrations.resultRecorded(), [
      {
        field: 'status',
        message: aboutField('status', MESSAGES.registrations.hasResult()),
        currentStatus: registration.status,
      },
    ]);
  }
  const staff = hostsIt(actor, registration) || actsAs(actor, 'admin');
  if (!staff && beijingDate(now) >= session.startDate) {
    throw unprocessable('CANCELLATION_CLOSED', MESSAGES.registrations.cancellationClosed(session.startDate), [
      {
        field: 'startDate',
        message: aboutField('startDate', MESSAGES.registrations.cancelBeforeStart()),
        startDate: session.startDate,
      },
    ]);
  }
}

/**
 * Results are assessed once the training is over: from the Beijing day the session ends (a pass
 * credits hours and signs a certificate, which must not happen for training still to come).
 */
export function assertSessionEnded(session: Pick<Session, 'endDate'>, now: Date): void {
  const today = beijingDate(now);
  if (today < session.endDate) {
    throw unprocessable('SESSION_NOT_ENDED', MESSAGES.registrations.sessionNotEnded(session.endDate), [
      {
        field: 'endDate',
        message: aboutField('endDate', MESSAGES.registrations.notEndedYet()),
        endDate: session.endDate,
        today,
      },
    ]);
  }
}

export type ResultChange = 'pass' | 'fail' | 'unchanged';

/**
 * What recording `passed` does to `registration`: a first result completes or fails it; the same
 * result again changes nothing (so hours are never added twice); a different one is refused.
 */
export function resultChange(registration: Registration, passed: boolean): ResultChange {
  if (registration.status === 'confirmed') return passed ? 'pass' : 'fail';
  if (registration.status === 'completed' && passed) return 'unchanged';
  if (registration.status === 'failed' && !passed) return 'unchanged';
  if (registration.status === 'completed' || registration.status === 'failed') {
    throw conflict('RESULT_ALREADY_RECORDED', MESSAGES.registrations.differentResult(registration.id), [
      {
        field: 'results',
        message: aboutField('results', MESSAGES.registrations.resultsFinal()),
        registrationId: registration.id,
        currentStatus: registration.status,
      },
    ]);
  }
  throw conflict('NOT_CONFIRMED', MESSAGES.registrations.notConfirmed(registration.id, registration.status), [
    {
      field: 'results',
      message: aboutField('results', MESSAGES.registrations.onlyConfirmedAssessed()),
      registrationId: registration.id,
      currentStatus: registration.status,
    },
  ]);
}

/** Every id must be a registration of this session (400 naming the strangers). */
export function assertAllOfSession(
  sessionId: string,
  ids: readonly string[],
  found: ReadonlyMap<string, Registration>,
  field: string,
): void {
  const strangers = ids.filter((id) => found.get(id)?.sessionId !== sessionId);
  if (strangers.length > 0) {
    throw badRequest(MESSAGES.registrations.notOfSession(sessionId, strangers), [
      {
        field,
        message: aboutField(field, MESSAGES.registrations.notOfThisSession()),
        registrationIds: strangers,
      },
    ]);
  }
}

/** Attendance is taken on the days of the session. */
export function assertSessionDay(session: Session, date: string): void {
  if (date < session.startDate || date > session.endDate) {
    throw badRequest(MESSAGES.registrations.notASessionDay(date, session.startDate, session.endDate), [
      { field: 'date', message: aboutField('date', MESSAGES.registrations.outsideSession()) },
    ]);
  }
}

const HOLDS_A_SEAT = new Set<Registration['status']>(['confirmed', 'completed', 'failed']);

/** Only trainees holding a seat are marked present (not the waitlisted or cancelled). */
export function assertAllHoldSeats(ids: readonly string[], found: ReadonlyMap<string, Registration>): void {
  const without = ids.filter((id) => !HOLDS_A_SEAT.has(found.get(id)?.status ?? 'cancelled'));
  if (without.length > 0) {
    throw badRequest(MESSAGES.registrations.notHoldingSeats(without), [
      {
        field: 'present',
        message: aboutField('present', MESSAGES.registrations.seatlessCannotAttend()),
        registrationIds: without,
      },
    ]);
  }
}

/**
 * The ledger entry a pass writes: the session's hours, in the year it ends, by subject type, with
 * its host named so the trainee's ledger reads without looking the host up.
 */
export function ledgerEntryFor(registration: Registration, now: Date): LedgerEntry {
  return {
    traineeId: registration.traineeId,
    year: registration.year,
    registrationId: registration.id,
    sessionId: registration.sessionId,
    sessionTitle: registration.sessionTitle,
    hostOrgId: registration.hostOrgId,
    hostName: registration.hostName,
    subjectType: registration.subjectType,
    hours: registration.creditHours,
    recordedAt: now.toISOString(),
  };
}
