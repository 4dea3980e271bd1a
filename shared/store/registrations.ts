/**
 * Registrations, their uniqueness guards and attendance, in the `registrations` table; the seat
 * and waitlist counts they move live on the session item (`plans` table). This module alone knows
 * their keys.
 *
 * Access patterns:
 * - one registration:            GetItem pk = REG#<id>, sk = REG (BatchGet for a page of results)
 * - a session's roster:          Query gsi1 gsi1pk = ROSTER#<sessionId> (gsi1sk = <registeredAt>#<id>)
 * - a trainee's registrations:   Query gsi2 gsi2pk = TRAINEE#<traineeId>#REGS (gsi2sk = <registeredAt>#<id>)
 * - a session's waitlist, first: Query gsi3 gsi3pk = WAITLIST#<sessionId>, Limit 1 (gsi3sk = position,
 *                                zero-padded; sparse: only waitlisted registrations carry it)
 * - one active registration per trainee and session: guard item pk = ACTIVE#<sessionId>#<traineeId>,
 *   sk = GUARD, put with attribute_not_exists in the registering transaction, deleted on cancel
 * - a session's attendance:      Query pk = ATTENDANCE#<sessionId> (sk = <date>)
 */

import { ConditionalCheckFailedException, TransactionConflictException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Page } from '#shared/domain/common';
import { conflict } from '#shared/domain/errors';
import { promotionNotice } from '#shared/domain/notices/notice';
import { asWaitlisted } from '#shared/domain/registrations/registration';
import { type Attendance, Registration } from '#shared/domain/registrations/schemas';
import type { LedgerEntry } from '#shared/domain/trainees/schemas';
import { db } from './client';
import { type CounterChange, type CounterDeltas, mergedCounterUpdates } from './counters';
import { appendLedgerEntry } from './ledger';
import { noticePut } from './notices';
import { HOT_ITEM_RETRY, retryOnConflict, VersionConflict } from './optimistic';
import { queryPage } from './query-page';
import { sessionKey } from './sessions';
import { tableName } from './tables';
import { type TransactItem, transact } from './transact';

const POSITION_DIGITS = 8;

const registrationKey = (id: string) => ({ pk: `REG#${id}`, sk: 'REG' });
const guardKey = (sessionId: string, traineeId: string) => ({
  pk: `ACTIVE#${sessionId}#${traineeId}`,
  sk: 'GUARD',
});

/** The stored item of a registration (exported for bulk seeding in benchmarks). */
export function registrationItem(registration: Registration) {
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
          gsi3sk: String(registration.waitlistPosition).padStart(POSITION_DIGITS, '0'),
        }
      : {}),
    entity: 'registration',
    ...registration,
  };
}

const fromItem = (item: Record<string, unknown>): Registration => Registration.parse(item);

const alreadyRegistered = () =>
  conflict('ALREADY_REGISTERED', 'You are already registered for this session', [
    { field: 'sessionId', message: 'One registration per trainee and session' },
  ]);

const putRegistration = (
  registration: Registration,
  condition: { status?: Registration['status'] } = {},
): TransactItem => ({
  Put: {
    TableName: tableName('registrations'),
    Item: registrationItem(registration),
    ...(condition.status
      ? {
          ConditionExpression: '#status = :previous',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':previous': condition.status },
        }
      : { ConditionExpression: 'attribute_not_exists(pk)' }),
  },
});

const putGuard = (registration: Registration): TransactItem => ({
  Put: {
    TableName: tableName('registrations'),
    Item: { ...guardKey(registration.sessionId, registration.traineeId), registrationId: registration.id },
    ConditionExpression: 'attribute_not_exists(pk)',
  },
});

const deleteGuard = (registration: Registration): TransactItem => ({
  Delete: {
    TableName: tableName('registrations'),
    Key: guardKey(registration.sessionId, registration.traineeId),
  },
});

/**
 * The conditions a change of a session's counts rests on: a seat is free to take; nobody waits
 * (so a seat given up is not handed past the queue); the session is still full (so nobody joins
 * the waitlist while a seat stands free).
 */
const SESSION_CONDITIONS = {
  'seat-free': 'attribute_type(#capacity, :null) OR #seats < #capacity',
  'nobody-waiting': 'attribute_not_exists(#waiting) OR #waiting = :zero',
  'still-full': 'attribute_type(#capacity, :number) AND #seats >= #capacity',
} as const;
type SessionCondition = keyof typeof SESSION_CONDITIONS;

/** ADD to the session's counts, if the session exists and `condition` holds. */
function sessionUpdate(
  sessionId: string,
  add: Record<string, number>,
  condition?: SessionCondition,
): TransactItem {
  const names = Object.keys(add);
  const conditionText = condition ? SESSION_CONDITIONS[condition] : undefined;
  const uses = (token: string) => conditionText?.includes(token) ?? false;
  return {
    Update: {
      TableName: tableName('plans'),
      Key: sessionKey(sessionId),
      UpdateExpression: `ADD ${names.map((_, i) => `#n${i} :v${i}`).join(', ')}`,
      ConditionExpression: conditionText
        ? `attribute_exists(pk) AND (${conditionText})`
        : 'attribute_exists(pk)',
      ExpressionAttributeNames: {
        ...Object.fromEntries(names.map((name, i) => [`#n${i}`, name])),
        ...(uses('#capacity') ? { '#capacity': 'capacity' } : {}),
        ...(uses('#seats') ? { '#seats': 'seatsTaken' } : {}),
        ...(uses('#waiting') ? { '#waiting': 'waitlistLength' } : {}),
      },
      ExpressionAttributeValues: {
        ...Object.fromEntries(names.map((name, i) => [`:v${i}`, add[name]])),
        ...(uses(':null') ? { ':null': 'NULL' } : {}),
        ...(uses(':number') ? { ':number': 'N' } : {}),
        ...(uses(':zero') ? { ':zero': 0 } : {}),
      },
    },
  };
}

/**
 * A registration counts for its plan in the plan's year (the report that lists the plan) and for
 * its host in the calendar year the session ends (a base's trained people of that year).
 */
const countsFor = (registration: Registration, deltas: CounterDeltas): CounterChange[] => [
  {
    owner: { kind: 'plan', id: registration.planId },
    year: registration.planYear ?? registration.year,
    deltas,
  },
  { owner: { kind: 'org', id: registration.hostOrgId }, year: registration.year, deltas },
];

const countedFor = (registration: Registration, deltas: CounterDeltas): TransactItem[] =>
  mergedCounterUpdates(countsFor(registration, deltas));

/** The counts of a pass taken back (its certificate revoked): one completion and its hours fewer. */
export const passWithdrawnCounts = (registration: Registration, hours: number): CounterChange[] =>
  countsFor(registration, { completed: -1, hours: -hours });

/**
 * A place in the waitlist of a full session: the next number of its counter. Undefined when a
 * seat has come free meanwhile (the caller then tries for the seat again).
 */
async function takeWaitlistTicket(sessionId: string): Promise<number | undefined> {
  try {
    const { Attributes } = await db.send(
      new UpdateCommand({
        TableName: tableName('plans'),
        Key: sessionKey(sessionId),
        UpdateExpression: 'ADD #counter :one',
        ConditionExpression: 'attribute_type(#capacity, :number) AND #seats >= #capacity',
        ExpressionAttributeNames: {
          '#counter': 'waitlistCounter',
          '#capacity': 'capacity',
          '#seats': 'seatsTaken',
        },
        ExpressionAttributeValues: { ':one': 1, ':number': 'N' },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(Attributes?.waitlistCounter);
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return undefined;
    if (error instanceof TransactionConflictException) throw new VersionConflict('Session in a transaction');
    throw error;
  }
}

/**
 * One try at registering: a seat, taken in one transaction with the registration, its guard and
 * the counters; or, when the session is full, a waitlist ticket and then a transaction writing the
 * waitlisted registration. Throws VersionConflict to be tried again, 409 when already registered.
 */
export async function registerOnce(registration: Registration, seemsFull = false): Promise<Registration> {
  // A session that was full when read goes straight for a waitlist ticket: no doomed transaction.
  if (seemsFull) {
    // Checked first so a double submit does not burn a ticket (a gap in the positions).
    if (await hasActiveRegistration(registration.sessionId, registration.traineeId))
      throw alreadyRegistered();
    const position = await takeWaitlistTicket(registration.sessionId);
    if (position !== undefined) return joinWaitlist(registration, position);
  }
  const seat = await transact([
    sessionUpdate(registration.sessionId, { seatsTaken: 1 }, 'seat-free'),
    putGuard(registration),
    putRegistration(registration),
    ...countedFor(registration, { confirmed: 1 }),
  ]);
  if (seat.ok) return registration;
  if (seat.failedConditions.includes(1)) throw alreadyRegistered();
  if (!seat.failedConditions.includes(0)) throw new Error(`Unexpected refusal: ${seat.failedConditions}`);

  const position = await takeWaitlistTicket(registration.sessionId);
  if (position === undefined) throw new VersionConflict('A seat came free');
  return joinWaitlist(registration, position);
}

/** Leaves the retry of one ticket: the whole registration is tried again, for the free seat. */
class SeatCameFree extends Error {}

/**
 * Writes the waitlisted registration at `position`, a ticket already taken. Conflicts retry the
 * same ticket, so positions run 1, 2, 3, ...; only a seat freed in between leaves a ticket unused.
 */
async function joinWaitlist(registration: Registration, position: number): Promise<Registration> {
  try {
    return await writeWaitlisted(asWaitlisted(registration, position));
  } catch (error) {
    if (error instanceof SeatCameFree) throw new VersionConflict('A seat came free');
    throw error;
  }
}

function writeWaitlisted(waitlisted: Registration): Promise<Registration> {
  return retryOnConflict(async () => {
    const outcome = await transact([
      sessionUpdate(waitlisted.sessionId, { waitlistLength: 1 }, 'still-full'),
      putGuard(waitlisted),
      putRegistration(waitlisted),
    ]);
    if (outcome.ok) return waitlisted;
    if (outcome.failedConditions.includes(1)) throw alreadyRegistered();
    // A seat came free after the ticket was taken: try for the seat (the ticket stays unused).
    if (outcome.failedConditions.includes(0)) throw new SeatCameFree();
    throw new Error(`Unexpected refusal: ${outcome.failedConditions}`);
  }, HOT_ITEM_RETRY);
}

async function hasActiveRegistration(sessionId: string, traineeId: string): Promise<boolean> {
  const { Item } = await db.send(
    new GetCommand({
      TableName: tableName('registrations'),
      Key: guardKey(sessionId, traineeId),
      ConsistentRead: true,
    }),
  );
  return Item !== undefined;
}

export async function firstWaitlisted(sessionId: string): Promise<Registration | undefined> {
  const { Items } = await db.send(
    new QueryCommand({
      TableName: tableName('registrations'),
      IndexName: 'gsi3',
      KeyConditionExpression: 'gsi3pk = :waitlist',
      ExpressionAttributeValues: { ':waitlist': `WAITLIST#${sessionId}` },
      Limit: 1,
    }),
  );
  return Items?.[0] ? fromItem(Items[0]) : undefined;
}

/**
 * Cancels `registration` (as read); a confirmed one hands its seat to `promoted` (the first
 * waitlisted, as read) in the same transaction. Throws VersionConflict when either changed.
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
    confirmed = { ...promoted, status: 'confirmed', confirmedAt: at, updatedAt: at };
    items.push(putRegistration(confirmed, { status: 'waitlisted' }));
    // The promise to tell the trainee commits with the promotion; the notifier keeps it.
    items.push(noticePut(promotionNotice(confirmed, now)));
    items.push(sessionUpdate(registration.sessionId, { waitlistLength: -1 }));
  } else {
    // Only when nobody waits: the waitlist read may be stale, and a seat must never skip the queue.
    items.push(sessionUpdate(registration.sessionId, { seatsTaken: -1 }, 'nobody-waiting'));
    items.push(...countedFor(registration, { confirmed: -1 }));
  }
  const outcome = await transact(items);
  if (!outcome.ok) throw new VersionConflict(`Registration ${registration.id} or its successor changed`);
  return confirmed ? { cancelled, promoted: confirmed } : { cancelled };
}

/** Records a first result: completed with its ledger entry and hours, or failed. */
export async function recordResultOnce(
  registration: Registration,
  result: { passed: boolean; score?: number | undefined },
  by: string,
  now: Date,
  ledgerEntry?: LedgerEntry,
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
  const items: TransactItem[] = [putRegistration(recorded, { status: 'confirmed' })];
  if (result.passed && ledgerEntry) items.push(appendLedgerEntry(ledgerEntry));
  items.push(
    ...countedFor(
      registration,
      result.passed ? { completed: 1, hours: registration.creditHours } : { failed: 1 },
    ),
  );
  const outcome = await transact(items);
  if (!outcome.ok) throw new VersionConflict(`Registration ${registration.id} changed`);
  return recorded;
}

export async function getRegistration(id: string): Promise<Registration | undefined> {
  const { Item } = await db.send(
    new GetCommand({ TableName: tableName('registrations'), Key: registrationKey(id), ConsistentRead: true }),
  );
  return Item ? fromItem(Item) : undefined;
}

/** The registrations with these ids that exist, by id (BatchGet in chunks of 100). */
export async function getRegistrations(ids: readonly string[]): Promise<Map<string, Registration>> {
  const found = new Map<string, Registration>();
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
      for (const item of answer.Responses?.[tableName('registrations')] ?? []) {
        const registration = fromItem(item);
        found.set(registration.id, registration);
      }
      keys = answer.UnprocessedKeys?.[tableName('registrations')]?.Keys;
    }
    // Still throttled after ten rounds: fail loudly rather than answer with rows missing.
    if (keys && keys.length > 0) throw new Error(`${keys.length} items could not be read (unprocessed keys)`);
  }
  return found;
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
  return { items: page.items.map(fromItem), nextCursor: page.nextCursor };
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
  return { items: page.items.map(fromItem), nextCursor: page.nextCursor };
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
    found.push(...page.items.map(fromItem));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return found;
}
