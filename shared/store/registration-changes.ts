/**
 * The writes that change registrations: cancelling, seating the waiting and recording results,
 * each one transaction with what moves with it (the session's seat and waitlist counts, the guard,
 * the notices of those seated from the waitlist, the ledger entry of a pass); and a day's
 * attendance, a single put. Registering is ./registering.ts, which keeps the session item out of
 * its transactions and takes from here the put of a registration, the session's conditions and the
 * refusal of a second registration. Keys, items and reads are ./registrations.ts. The yearly
 * counters follow from the registrations' images (functions/counters), not from these writes.
 */

import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { SessionHeldCounting } from '#shared/domain/counters/registration-counts';
import { conflict, notFound } from '#shared/domain/errors';
import { promotionNotice } from '#shared/domain/notices/notice';
import type { Attendance, Registration } from '#shared/domain/registrations/schemas';
import { seatsForTheWaiting } from '#shared/domain/registrations/waitlist';
import { sessionCounting } from '#shared/domain/sessions/counting';
import type { Session } from '#shared/domain/sessions/schemas';
import type { LedgerEntry } from '#shared/domain/trainees/schemas';
import { aboutField } from '#shared/i18n/field-labels';
import * as MESSAGES from '#shared/i18n/messages';
import { db } from './client';
import type { CounterChange, CounterDeltas } from './counters';
import { appendLedgerEntry } from './ledger';
import { noticePut } from './notices';
import { HOT_ITEM_RETRY, retryOnConflict, VersionConflict } from './optimistic';
import {
  attendanceKey,
  guardKey,
  registrationItem,
  seatCountedByStream,
  waitlistHead,
} from './registrations';
import { getSession, heldMarker, type Promotion, sessionKey } from './sessions';
import { tableName } from './tables';
import { type TransactItem, transact } from './transact';

export const alreadyRegistered = () =>
  conflict('ALREADY_REGISTERED', MESSAGES.registrations.alreadyRegistered(), [
    {
      field: 'sessionId',
      message: aboutField('sessionId', MESSAGES.registrations.onePerTraineeAndSession()),
    },
  ]);

export const putRegistration = (
  registration: Registration,
  condition: { status?: Registration['status'] } = {},
  sessionHeld?: SessionHeldCounting,
): TransactItem => ({
  Put: {
    TableName: tableName('registrations'),
    Item: { ...registrationItem(registration), ...(sessionHeld ? { sessionHeld } : {}) },
    ...(condition.status
      ? {
          ConditionExpression: '#status = :previous',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':previous': condition.status },
        }
      : { ConditionExpression: 'attribute_not_exists(pk)' }),
  },
});

const deleteGuard = (registration: Registration): TransactItem => ({
  Delete: {
    TableName: tableName('registrations'),
    Key: guardKey(registration.sessionId, registration.traineeId),
  },
});

const NOBODY_WAITING = 'attribute_not_exists(#waiting) OR #waiting = :zero';

/**
 * The conditions a change of a session's counts rests on: a seat is free and nobody waits for one
 * (so a newcomer never takes a seat ahead of the queue, however the seat came free); nobody waits
 * (so a seat given up is not handed past the queue); no seat is free or somebody waits (so a
 * newcomer joins the waitlist behind them, and nobody joins it while a seat stands free for all).
 */
const SESSION_CONDITIONS = {
  'seat-for-newcomer': `(attribute_type(#capacity, :null) OR #seats < #capacity) AND (${NOBODY_WAITING})`,
  'nobody-waiting': NOBODY_WAITING,
  'newcomer-waits': '(attribute_type(#capacity, :number) AND #seats >= #capacity) OR #waiting > :zero',
} as const;
type SessionCondition = keyof typeof SESSION_CONDITIONS;

/** The expression of `condition` with the names and values it uses. */
export function sessionCondition(condition: SessionCondition) {
  const text = SESSION_CONDITIONS[condition];
  const uses = (token: string) => text.includes(token);
  return {
    text,
    names: {
      ...(uses('#capacity') ? { '#capacity': 'capacity' } : {}),
      ...(uses('#seats') ? { '#seats': 'seatsTaken' } : {}),
      ...(uses('#waiting') ? { '#waiting': 'waitlistLength' } : {}),
    },
    values: {
      ...(uses(':null') ? { ':null': 'NULL' } : {}),
      ...(uses(':number') ? { ':number': 'N' } : {}),
      ...(uses(':zero') ? { ':zero': 0 } : {}),
    },
  };
}

/** ADD to the session's counts, if the session exists and `condition` holds. */
function sessionUpdate(
  sessionId: string,
  add: Record<string, number>,
  condition?: SessionCondition,
): TransactItem {
  const names = Object.keys(add);
  const check = condition ? sessionCondition(condition) : undefined;
  return {
    Update: {
      TableName: tableName('plans'),
      Key: sessionKey(sessionId),
      UpdateExpression: `ADD ${names.map((_, i) => `#n${i} :v${i}`).join(', ')}`,
      ConditionExpression: check ? `attribute_exists(pk) AND (${check.text})` : 'attribute_exists(pk)',
      ExpressionAttributeNames: {
        ...Object.fromEntries(names.map((name, i) => [`#n${i}`, name])),
        ...check?.names,
      },
      ExpressionAttributeValues: {
        ...Object.fromEntries(names.map((name, i) => [`:v${i}`, add[name]])),
        ...check?.values,
      },
    },
  };
}

/**
 * A registration counts for its plan in the plan's year (the report that lists the plan) and for
 * its host in the calendar year the session ends (a base's trained people of that year). The
 * counters aggregator counts its changes so (shared/domain/counters/registration-counts.ts); a
 * revocation takes a pass back by the same rule, in its own transaction.
 */
const countsFor = (registration: Registration, deltas: CounterDeltas): CounterChange[] => [
  {
    owner: { kind: 'plan', id: registration.planId },
    year: registration.planYear ?? registration.year,
    deltas,
  },
  { owner: { kind: 'org', id: registration.hostOrgId }, year: registration.year, deltas },
];
/** The counts of a pass taken back (its certificate revoked): one completion and its hours fewer. */
export const passWithdrawnCounts = (registration: Registration, hours: number): CounterChange[] =>
  countsFor(registration, { completed: -1, hours: -hours });

const confirmedFromWaitlist = (waiting: Registration, now: Date): Registration => ({
  ...waiting,
  status: 'confirmed',
  confirmedAt: now.toISOString(),
  updatedAt: now.toISOString(),
});

/** The registration confirmed, only if it still waits, and the notice that tells its trainee. */
const promotionWrites = (confirmed: Registration, now: Date): TransactItem[] => [
  putRegistration(confirmed, { status: 'waitlisted' }),
  // The promise to tell the trainee commits with the promotion; the notifier keeps it.
  noticePut(promotionNotice(confirmed, now)),
];

/**
 * Cancels `registration` (as read); a confirmed one hands its seat to `promoted` (the first
 * waitlisted, as read) in the same transaction. Throws VersionConflict when either changed. The
 * counters follow from the registrations' images (functions/counters), not from this transaction.
 */
export async function cancelOnce(
  registration: Registration,
  promoted: Registration | undefined,
  now: Date,
): Promise<{ cancelled: Registration; promoted?: Registration }> {
  const at = now.toISOString();
  const cancelled: Registration = { ...registration, status: 'cancelled', cancelledAt: at, updatedAt: at };
  const items: TransactItem[] = [
    putRegistration(cancelled, { status: registration.status }),
    deleteGuard(registration),
  ];
  let confirmed: Registration | undefined;
  // A seat the counters aggregator counted (a session without a capacity when it was taken) is
  // given back by the aggregator, from this write's image; the seat the promoted take is the
  // transaction's to count.
  const streamSeat = seatCountedByStream(registration);
  if (registration.status === 'waitlisted') {
    items.push(sessionUpdate(registration.sessionId, { waitlistLength: -1 }));
  } else if (promoted) {
    confirmed = confirmedFromWaitlist(promoted, now);
    items.push(...promotionWrites(confirmed, now));
    items.push(
      sessionUpdate(
        registration.sessionId,
        streamSeat ? { waitlistLength: -1, seatsTaken: 1 } : { waitlistLength: -1 },
      ),
    );
  } else {
    // Only when nobody waits: the waitlist read may be stale, and a seat must never skip the queue.
    items.push(sessionUpdate(registration.sessionId, { seatsTaken: streamSeat ? 0 : -1 }, 'nobody-waiting'));
  }
  const outcome = await transact(items);
  if (!outcome.ok) throw new VersionConflict(`Registration ${registration.id} or its successor changed`);
  return confirmed ? { cancelled, promoted: confirmed } : { cancelled };
}

/**
 * How many of the waiting one transaction seats: each takes its registration and its notice, beside
 * the session's update and the edit's own notice of a moved session, with room to spare
 * (DynamoDB takes 100 items at most).
 */
export const PROMOTIONS_PER_TRANSACTION = Math.floor((100 - 4) / 2);

/**
 * The writes that confirm `queue` (the first in line of one session), each told by a notice; the
 * counters aggregator counts the new seats from the registrations' images.
 */
function promotionItems(queue: readonly Registration[], now: Date): TransactItem[] {
  return queue.flatMap((waiting) => promotionWrites(confirmedFromWaitlist(waiting, now), now));
}

/**
 * The promotion of the first in line into the seats `session` (as it is about to be stored)
 * leaves free for them, as many as one transaction holds beside the session's own update.
 * Undefined when nobody moves up. The caller's write of the session adds the seats.
 */
export async function promotionsInto(session: Session, now: Date): Promise<Promotion | undefined> {
  const count = Math.min(seatsForTheWaiting(session), PROMOTIONS_PER_TRANSACTION);
  if (count === 0) return undefined;
  const queue = await waitlistHead(session.id, count);
  if (queue.length === 0) return undefined;
  return { promoted: queue.length, items: promotionItems(queue, now), capacity: session.capacity };
}

/** The session's counts for `count` promoted: only while its capacity is as read and has room. */
function seatsForTheWaitingUpdate(session: Session, count: number): TransactItem {
  const unlimited = session.capacity === null;
  return {
    Update: {
      TableName: tableName('plans'),
      Key: sessionKey(session.id),
      UpdateExpression: 'ADD #seats :count, #waiting :leaving',
      ConditionExpression: unlimited
        ? 'attribute_type(#capacity, :null)'
        : '#capacity = :capacity AND #seats <= :most',
      ExpressionAttributeNames: {
        '#seats': 'seatsTaken',
        '#waiting': 'waitlistLength',
        '#capacity': 'capacity',
      },
      ExpressionAttributeValues: {
        ':count': count,
        ':leaving': -count,
        ...(session.capacity === null
          ? { ':null': 'NULL' }
          : { ':capacity': session.capacity, ':most': session.capacity - count }),
      },
    },
  };
}

/**
 * Seats the waiting, first in line first, in the seats still free after a capacity change (a raise
 * larger than one transaction holds), a transaction at a time. Fair in between: nobody takes a
 * seat while anybody waits. Returns the session as it stands after.
 */
export async function fillFreeSeats(session: Session, now: Date): Promise<Session> {
  let current = session;
  while (seatsForTheWaiting(current) > 0) {
    current = await retryOnConflict(() => promoteIntoFreeSeatsOnce(session.id, now), HOT_ITEM_RETRY);
  }
  return current;
}

async function promoteIntoFreeSeatsOnce(sessionId: string, now: Date): Promise<Session> {
  const session = await getSession(sessionId);
  if (!session) throw notFound(MESSAGES.sessions.notFound(sessionId));
  if (seatsForTheWaiting(session) === 0) return session;
  const promotion = await promotionsInto(session, now);
  // Somebody waits whom the waitlist index does not show yet (it follows the table in moments).
  if (!promotion) throw new VersionConflict(`The waitlist of session ${sessionId} is catching up`);
  const outcome = await transact([seatsForTheWaitingUpdate(session, promotion.promoted), ...promotion.items]);
  if (!outcome.ok) throw new VersionConflict(`Session ${sessionId} or its waitlist changed`);
  return (await getSession(sessionId)) ?? session;
}

/**
 * Records a first result: completed with its ledger entry and hours, or failed. With
 * `unheldSession` (the session, when it had no result as last read) the same transaction marks the
 * session held and flags the registration with where the session counts as held (`sessionHeld`),
 * so that the counters aggregator counts it held once: when another result marked it meanwhile,
 * the marker's condition fails and the result is written again without either.
 */
export async function recordResultOnce(
  registration: Registration,
  result: { passed: boolean; score?: number | undefined },
  by: string,
  now: Date,
  ledgerEntry?: LedgerEntry,
  unheldSession?: Session,
): Promise<Registration> {
  const at = now.toISOString();
  const recorded: Registration = {
    ...registration,
    status: result.passed ? 'completed' : 'failed',
    result: {
      passed: result.passed,
      ...(result.score !== undefined ? { score: result.score } : {}),
      recordedAt: at,
      recordedBy: by,
    },
    updatedAt: at,
  };
  const items: TransactItem[] = [
    putRegistration(recorded, { status: 'confirmed' }, unheldSession && heldCounting(unheldSession)),
  ];
  if (unheldSession) items.push(heldMarker(unheldSession, at));
  if (result.passed && ledgerEntry) items.push(appendLedgerEntry(ledgerEntry));
  const outcome = await transact(items);
  if (outcome.ok) return recorded;
  if (unheldSession && !outcome.failedConditions.includes(0) && outcome.failedConditions.includes(1)) {
    return recordResultOnce(registration, result, by, now, ledgerEntry);
  }
  throw new VersionConflict(`Registration ${registration.id} changed`);
}

/** Where a session counts as held: its plan's year only if it lies within it (sessionCounting). */
function heldCounting(session: Session): SessionHeldCounting {
  const { planYear, hostYear } = sessionCounting(session);
  return planYear === undefined ? { hostYear } : { planYear, hostYear };
}

export async function putAttendance(attendance: Attendance): Promise<void> {
  await db.send(
    new PutCommand({
      TableName: tableName('registrations'),
      Item: {
        ...attendanceKey(attendance.sessionId, attendance.date),
        entity: 'attendance',
        ...attendance,
      },
    }),
  );
}
