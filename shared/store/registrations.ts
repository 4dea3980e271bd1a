/**
 * Registrations, their uniqueness guards and attendance, in the `registrations` table; the seat
 * and waitlist counts they move live on the session item (`plans` table). This module alone knows
 * their keys.
 *
 * Access patterns:
 * - one registration:            GetItem pk = REG#<id>, sk = REG (BatchGet for a page of results;
 *                                its host alone for a page of the trainee's ledger)
 * - a session's roster:          Query gsi1 gsi1pk = ROSTER#<sessionId> (gsi1sk = <registeredAt>#<id>)
 * - a trainee's registrations:   Query gsi2 gsi2pk = TRAINEE#<traineeId>#REGS (gsi2sk = <registeredAt>#<id>)
 * - a session's waitlist, first:  Query gsi3 gsi3pk = WAITLIST#<sessionId>, Limit n (gsi3sk = position,
 *                                 zero-padded; sparse: only waitlisted registrations carry it)
 * - those waiting ahead of one:   Query gsi3 gsi3pk = WAITLIST#<sessionId>, gsi3sk < <position>
 *                                 (positions only: a waitlisted registration's place)
 * - one active registration per trainee and session: the registration's own key, its id derived
 *   from the session, the trainee and a generation (./registering.ts, which writes registrations);
 *   guard items pk = ACTIVE#<sessionId>#<traineeId>, sk = GUARD, written before ids were derived,
 *   are still read there and deleted on cancel
 * - a session's attendance:      Query pk = ATTENDANCE#<sessionId> (sk = <date>)
 * Registrations made before names were kept beside ids are named on reading, with one BatchGet of
 * the hosts a whole page lacks (./host-names), never one read per registration.
 */

import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Page } from '#shared/domain/common';
import { COUNTED_BY_STREAM, type SessionHeldCounting } from '#shared/domain/counters/registration-counts';
import { conflict, notFound } from '#shared/domain/errors';
import { promotionNotice } from '#shared/domain/notices/notice';
import { type Attendance, type Registration, StoredRegistration } from '#shared/domain/registrations/schemas';
import { seatsForTheWaiting, waitlistPlaces, withWaitlistPlace } from '#shared/domain/registrations/waitlist';
import { sessionCounting } from '#shared/domain/sessions/counting';
import type { Session } from '#shared/domain/sessions/schemas';
import type { LedgerEntry } from '#shared/domain/trainees/schemas';
import { aboutField } from '#shared/i18n/field-labels';
import * as MESSAGES from '#shared/i18n/messages';
import { batchGet } from './batch-get';
import { db } from './client';
import type { CounterChange, CounterDeltas } from './counters';
import { withHostNames } from './host-names';
import { appendLedgerEntry } from './ledger';
import { noticePut } from './notices';
import { HOT_ITEM_RETRY, retryOnConflict, VersionConflict } from './optimistic';
import { queryPage } from './query-page';
import { getSession, heldMarker, type Promotion, sessionKey } from './sessions';
import { tableName } from './tables';
import { type TransactItem, transact } from './transact';

const POSITION_DIGITS = 8;
const positionKey = (position: number) => String(position).padStart(POSITION_DIGITS, '0');

export const registrationKey = (id: string) => ({ pk: `REG#${id}`, sk: 'REG' });
export const guardKey = (sessionId: string, traineeId: string) => ({
  pk: `ACTIVE#${sessionId}#${traineeId}`,
  sk: 'GUARD',
});

/**
 * The stored item of a registration (exported for bulk seeding in benchmarks). `countedBy` tells
 * the counters aggregator that the yearly counters of this write are its to keep
 * (shared/domain/counters/registration-counts.ts).
 */
export function registrationItem({ waitlistPlace: _, ...registration }: Registration) {
  // The place is counted when read (it moves as others leave the queue), never stored.
  const waitlisted = registration.status === 'waitlisted' && registration.waitlistPosition !== undefined;
  return {
    ...registrationKey(registration.id),
    gsi1pk: `ROSTER#${registration.sessionId}`,
    gsi1sk: `${registration.registeredAt}#${registration.id}`,
    gsi2pk: `TRAINEE#${registration.traineeId}#REGS`,
    gsi2sk: `${registration.registeredAt}#${registration.id}`,
    ...(waitlisted
      ? {
          gsi3pk: `WAITLIST#${registration.sessionId}`,
          gsi3sk: positionKey(registration.waitlistPosition as number),
        }
      : {}),
    entity: 'registration',
    countedBy: COUNTED_BY_STREAM,
    ...registration,
  };
}

/**
 * Stored items as registrations, the host named: one BatchGet for the hosts a page of old ones
 * lacks (./host-names); a registration keeps the name from its next write on.
 */
const fromItems = (items: readonly Record<string, unknown>[]): Promise<Registration[]> =>
  withHostNames(items.map((item) => StoredRegistration.parse(item)));

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

/** The first `count` registrations waiting for a seat of the session, in the order they joined. */
async function waitlistHead(sessionId: string, count: number): Promise<Registration[]> {
  const { Items } = await db.send(
    new QueryCommand({
      TableName: tableName('registrations'),
      IndexName: 'gsi3',
      KeyConditionExpression: 'gsi3pk = :waitlist',
      ExpressionAttributeValues: { ':waitlist': `WAITLIST#${sessionId}` },
      Limit: count,
    }),
  );
  return fromItems(Items ?? []);
}

export async function firstWaitlisted(sessionId: string): Promise<Registration | undefined> {
  return (await waitlistHead(sessionId, 1))[0];
}

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
  if (registration.status === 'waitlisted') {
    items.push(sessionUpdate(registration.sessionId, { waitlistLength: -1 }));
  } else if (promoted) {
    confirmed = confirmedFromWaitlist(promoted, now);
    items.push(...promotionWrites(confirmed, now));
    items.push(sessionUpdate(registration.sessionId, { waitlistLength: -1 }));
  } else {
    // Only when nobody waits: the waitlist read may be stale, and a seat must never skip the queue.
    items.push(sessionUpdate(registration.sessionId, { seatsTaken: -1 }, 'nobody-waiting'));
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
 * The registrations with the place of each waitlisted one (1 = next in line), counted now from the
 * positions still waiting ahead in its session: one query per session among them.
 */
export async function withWaitlistPlaces(registrations: readonly Registration[]): Promise<Registration[]> {
  const furthest = new Map<string, number>();
  for (const { status, sessionId, waitlistPosition } of registrations) {
    if (status !== 'waitlisted' || waitlistPosition === undefined) continue;
    furthest.set(sessionId, Math.max(furthest.get(sessionId) ?? 0, waitlistPosition));
  }
  const places = new Map(
    await Promise.all(
      [...furthest].map(
        async ([sessionId, position]) =>
          [sessionId, waitlistPlaces(await positionsWaitingBelow(sessionId, position))] as const,
      ),
    ),
  );
  return registrations.map((registration) => {
    const placeOf = places.get(registration.sessionId);
    return placeOf ? withWaitlistPlace(registration, placeOf) : registration;
  });
}

/** One registration with its place, when it waits. */
export async function withPlace(registration: Registration): Promise<Registration> {
  return (await withWaitlistPlaces([registration]))[0] ?? registration;
}

/** The positions still waiting in the session's queue below `position` (keys only, every page). */
async function positionsWaitingBelow(sessionId: string, position: number): Promise<number[]> {
  const positions: number[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const { Items, LastEvaluatedKey } = await db.send(
      new QueryCommand({
        TableName: tableName('registrations'),
        IndexName: 'gsi3',
        KeyConditionExpression: 'gsi3pk = :waitlist AND gsi3sk < :position',
        ExpressionAttributeValues: {
          ':waitlist': `WAITLIST#${sessionId}`,
          ':position': positionKey(position),
        },
        ProjectionExpression: 'gsi3sk',
        ExclusiveStartKey: startKey,
      }),
    );
    positions.push(...(Items ?? []).map((item) => Number(item.gsi3sk)));
    startKey = LastEvaluatedKey;
  } while (startKey);
  return positions;
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

export async function getRegistration(id: string): Promise<Registration | undefined> {
  const { Item } = await db.send(
    new GetCommand({ TableName: tableName('registrations'), Key: registrationKey(id), ConsistentRead: true }),
  );
  return Item ? (await fromItems([Item]))[0] : undefined;
}

/** The registrations with these ids that exist, by id (BatchGet in chunks of 100). */
export async function getRegistrations(ids: readonly string[]): Promise<Map<string, Registration>> {
  const items: Record<string, unknown>[] = [];
  const unique = [...new Set(ids)];
  for (let start = 0; start < unique.length; start += 100) {
    let keys: Record<string, unknown>[] | undefined = unique.slice(start, start + 100).map(registrationKey);
    // BatchGet may leave keys unprocessed under load: ask again for those.
    for (let round = 0; keys && keys.length > 0 && round < 10; round++) {
      const answer: BatchGetCommandOutput = await db.send(
        new BatchGetCommand({
          RequestItems: { [tableName('registrations')]: { Keys: keys, ConsistentRead: true } },
        }),
      );
      items.push(...(answer.Responses?.[tableName('registrations')] ?? []));
      keys = answer.UnprocessedKeys?.[tableName('registrations')]?.Keys;
    }
    // Still throttled after ten rounds: fail loudly rather than answer with rows missing.
    if (keys && keys.length > 0) throw new Error(`${keys.length} items could not be read (unprocessed keys)`);
  }
  // Named once for all of them: one lookup of the hosts any of them lacks.
  return new Map((await fromItems(items)).map((registration) => [registration.id, registration]));
}

/**
 * The host names of these registrations, by id: only the host attributes are read (one BatchGet),
 * and those stored before names were kept are named with one lookup of the organizations.
 */
export async function registrationHostNames(ids: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  const items = await batchGet('registrations', unique.map(registrationKey), {
    attributes: ['id', 'hostOrgId', 'hostName'],
  });
  const hosts = items.map((item) => ({
    id: item.id as string,
    hostOrgId: item.hostOrgId as string,
    hostName: item.hostName as string | undefined,
  }));
  return new Map((await withHostNames(hosts)).map((host) => [host.id, host.hostName]));
}

export async function listRoster(
  sessionId: string,
  limit: number,
  cursor?: string,
): Promise<Page<Registration>> {
  const page = await queryPage({
    table: 'registrations',
    index: 'gsi1',
    partition: { gsi1pk: `ROSTER#${sessionId}` },
    limit,
    cursor,
  });
  return { items: await fromItems(page.items), nextCursor: page.nextCursor };
}

export async function listTraineeRegistrations(
  traineeId: string,
  limit: number,
  cursor?: string,
): Promise<Page<Registration>> {
  const page = await queryPage({
    table: 'registrations',
    index: 'gsi2',
    partition: { gsi2pk: `TRAINEE#${traineeId}#REGS` },
    limit,
    cursor,
    descending: true,
  });
  return { items: await fromItems(page.items), nextCursor: page.nextCursor };
}

export async function putAttendance(attendance: Attendance): Promise<void> {
  await db.send(
    new PutCommand({
      TableName: tableName('registrations'),
      Item: {
        pk: `ATTENDANCE#${attendance.sessionId}`,
        sk: attendance.date,
        entity: 'attendance',
        ...attendance,
      },
    }),
  );
}

export async function listAttendance(sessionId: string): Promise<Attendance[]> {
  const days: Attendance[] = [];
  let cursor: string | undefined;
  do {
    const page = await queryPage({
      table: 'registrations',
      partition: { pk: `ATTENDANCE#${sessionId}` },
      limit: 200,
      cursor,
    });
    days.push(
      ...(page.items as Attendance[]).map(({ sessionId: id, date, present, recordedAt, recordedBy }) => ({
        sessionId: id,
        date,
        present,
        recordedAt,
        recordedBy,
      })),
    );
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return days;
}

/** A session's registrations in one status, all pages (for reminders: who to mail). */
export async function registrationsOfSession(
  sessionId: string,
  status: Registration['status'],
): Promise<Registration[]> {
  const found: Registration[] = [];
  let cursor: string | undefined;
  do {
    const page = await queryPage({
      table: 'registrations',
      index: status === 'waitlisted' ? 'gsi3' : 'gsi1',
      partition:
        status === 'waitlisted' ? { gsi3pk: `WAITLIST#${sessionId}` } : { gsi1pk: `ROSTER#${sessionId}` },
      filter: '#status = :status',
      names: { '#status': 'status' },
      values: { ':status': status },
      limit: 200,
      cursor,
    });
    found.push(...(await fromItems(page.items)));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return found;
}

/**
 * The registration a trainee's guard for a session names (undefined when there is no guard): for
 * consistency checks that registering, whose ids are derived, writes no guard.
 */
export async function guardedRegistrationId(
  sessionId: string,
  traineeId: string,
): Promise<string | undefined> {
  const { Item } = await db.send(
    new GetCommand({
      TableName: tableName('registrations'),
      Key: guardKey(sessionId, traineeId),
      ConsistentRead: true,
    }),
  );
  return Item ? String(Item.registrationId) : undefined;
}
