/**
 * Rules for sessions (培训班次) of a published plan: who may add and change them, what a new one
 * looks like, which edits are consistent, and when registration is open.
 */
import { aboutField } from '#shared/i18n/field-labels';
import * as MESSAGES from '#shared/i18n/messages';
import type { Actor } from '../actor';
import { beijingDate, yearOf } from '../dates';
import { conflict, forbidden, invalidFields, notFound, unprocessable } from '../errors';
import { newId } from '../ids';
import { ownsPlan } from '../plans/access';
import type { Plan } from '../plans/schemas';
import { assertDeadlineAhead, assertWithinPlanYear } from './calendar';
import { sessionDateIssues } from './date-order';
import type { CreateSessionInput, Session, UpdateSessionInput } from './schemas';

/** The fields a PATCH may set, plus the time of the edit; everything else stays as stored. */
export type SessionFields = UpdateSessionInput & { updatedAt: string };

/** Sessions are offered only under a plan that has been published (公示) as approved. */
export function assertTakesSessions(plan: Plan): void {
  if (plan.status !== 'published') {
    throw conflict('PLAN_NOT_PUBLISHED', MESSAGES.sessions.planNotPublished(plan.status), [
      {
        field: 'status',
        message: aboutField('status', MESSAGES.sessions.notPublishedYet()),
        currentStatus: plan.status,
      },
    ]);
  }
}

/**
 * A new session of `plan` (already checked as owned by the caller); `capacity` omitted = unlimited.
 * Held in the plan's year, and still taking registrations on the day it is created.
 */
export function newSession(plan: Plan, input: CreateSessionInput, now: Date): Session {
  assertTakesSessions(plan);
  assertWithinPlanYear(plan.year, input);
  assertDeadlineAhead(input.registrationDeadline, now);
  const at = now.toISOString();
  return {
    id: newId('ses', now),
    planId: plan.id,
    hostOrgId: plan.hostOrgId,
    hostName: plan.hostName,
    year: plan.year,
    ...input,
    seatsTaken: 0,
    waitlistLength: 0,
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
}

/** The session, or the 404 of an unknown id; every signed-in caller may read any session. */
export function foundSession(session: Session | undefined, sessionId: string): Session {
  if (!session) throw notFound(MESSAGES.sessions.notFound(sessionId));
  return session;
}

/** The session if the caller's organization hosts it; 404 when unknown, 403 for anyone else. */
export function ownedSession(actor: Actor, session: Session | undefined, sessionId: string): Session {
  const found = foundSession(session, sessionId);
  if (!ownsPlan(actor, { hostOrgId: found.hostOrgId })) {
    throw forbidden(MESSAGES.sessions.hostOnly());
  }
  return found;
}

/** The 422 for a capacity that would leave trainees already holding seats without one. */
export const capacityBelowSeatsTaken = (capacity: number, seatsTaken: number) =>
  unprocessable(
    'CAPACITY_BELOW_SEATS_TAKEN',
    MESSAGES.sessions.capacityBelowSeatsTaken(capacity, seatsTaken),
    [
      {
        field: 'capacity',
        message: aboutField('capacity', MESSAGES.sessions.atLeastSeatsTaken(seatsTaken)),
        seatsTaken,
      },
    ],
  );

/** Throws the 422 when a numeric capacity is below `seatsTaken`; null (unlimited) always fits. */
export function assertCapacityFits(capacity: number | null, seatsTaken: number): void {
  if (capacity !== null && capacity < seatsTaken) throw capacityBelowSeatsTaken(capacity, seatsTaken);
}

/**
 * The fields to write for `patch` on `session`, after checking the merged result: dates still in
 * order (400 naming the field), the dates it sets in the plan's year (422: a session stored
 * before that rule still takes edits of its other fields), and capacity not below the seats taken
 * as read (422). A deadline already past is no reason to refuse an edit. The store
 * checks capacity again at write time, since registrations move `seatsTaken` meanwhile.
 */
export function applySessionPatch(session: Session, patch: UpdateSessionInput, now: Date): SessionFields {
  const changes = Object.fromEntries(
    Object.entries(patch).filter(([, value]) => value !== undefined),
  ) as UpdateSessionInput;
  const issues = sessionDateIssues({ ...session, ...changes });
  if (issues.length > 0) throw invalidFields(issues);
  assertWithinPlanYear(session.year, changes);
  if (changes.capacity !== undefined) assertCapacityFits(changes.capacity, session.seatsTaken);
  assertRegistrationsKeepTheirTerms(session, changes);
  return { ...changes, updatedAt: now.toISOString() };
}

/**
 * Registrations copy the hours and the ledger year (the end date's year) they were made under;
 * once anyone has registered, neither may change under them.
 */
function assertRegistrationsKeepTheirTerms(session: Session, changes: UpdateSessionInput): void {
  if (session.seatsTaken + session.waitlistLength === 0) return;
  const hoursChange = changes.creditHours !== undefined && changes.creditHours !== session.creditHours;
  const yearChange = changes.endDate !== undefined && yearOf(changes.endDate) !== yearOf(session.endDate);
  if (hoursChange || yearChange) {
    const field = hoursChange ? 'creditHours' : 'endDate';
    throw conflict('SESSION_HAS_REGISTRATIONS', MESSAGES.sessions.hasRegistrations(), [
      { field, message: aboutField(field, MESSAGES.sessions.fixedOnceRegistered()) },
    ]);
  }
}

/** Registration is open through the whole Beijing day of the deadline. */
export const isOpen = (session: Pick<Session, 'registrationDeadline'>, now: Date): boolean =>
  session.registrationDeadline >= beijingDate(now);
