/**
 * Registrations, their uniqueness guards and attendance, in the `registrations` table: their keys,
 * their items and the reads of them. This module alone knows their keys. The writes that change
 * them are ./registration-changes.ts (cancelling, seating the waiting, results, attendance) and
 * ./registering.ts (registering); the seat and waitlist counts they move live on the session item
 * (`plans` table).
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
 *   are still read there and deleted on cancel (./registration-changes.ts)
 * - a session's attendance:      Query pk = ATTENDANCE#<sessionId> (sk = <date>)
 * Registrations made before names were kept beside ids are named on reading, with one BatchGet of
 * the hosts a whole page lacks (./host-names), never one read per registration.
 */

import { BatchGetCommand, type BatchGetCommandOutput, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Page } from '#shared/domain/common';
import { COUNTED_BY_STREAM, SEAT_COUNTED_BY_STREAM } from '#shared/domain/counters/registration-counts';
import { type Attendance, type Registration, StoredRegistration } from '#shared/domain/registrations/schemas';
import { waitlistPlaces, withWaitlistPlace } from '#shared/domain/registrations/waitlist';
import { batchGet } from './batch-get';
import { db } from './client';
import { withHostNames } from './host-names';
import { queryPage } from './query-page';
import { tableName } from './tables';
import { traineePk } from './trainees';

const POSITION_DIGITS = 8;
const positionKey = (position: number) => String(position).padStart(POSITION_DIGITS, '0');

export const registrationKey = (id: string) => ({ pk: `REG#${id}`, sk: 'REG' });
export const guardKey = (sessionId: string, traineeId: string) => ({
  pk: `ACTIVE#${sessionId}#${traineeId}`,
  sk: 'GUARD',
});
const attendancePartition = (sessionId: string) => `ATTENDANCE#${sessionId}`;
/** A day of a session's attendance. */
export const attendanceKey = (sessionId: string, date: string) => ({
  pk: attendancePartition(sessionId),
  sk: date,
});
const rosterPartition = (sessionId: string) => `ROSTER#${sessionId}`;
const waitlistPartition = (sessionId: string) => `WAITLIST#${sessionId}`;
const traineeRegistrationsPartition = (traineeId: string) => `${traineePk(traineeId)}#REGS`;

/**
 * On a registration as read or written: its seat is counted by the counters aggregator, not
 * claimed on the session item (a session without a capacity; SEAT_COUNTED_BY_STREAM). A symbol,
 * so that every copy of the registration (`{ ...registration, status }`) keeps it, and so that it
 * is never answered: JSON leaves symbol keys out, and so does the item's marshalling.
 */
const SEAT_BY_STREAM = Symbol('seatCountedByStream');
type Marked = Registration & { [SEAT_BY_STREAM]?: true };

export const seatCountedByStream = (registration: Registration): boolean =>
  (registration as Marked)[SEAT_BY_STREAM] === true;

/** `registration`, its seat to be counted by the counters aggregator. */
export const withSeatCountedByStream = <T extends Registration>(registration: T): T => ({
  ...registration,
  [SEAT_BY_STREAM]: true,
});

/**
 * The stored item of a registration (for the writes, and bulk seeding in benchmarks). `countedBy` tells
 * the counters aggregator that the yearly counters of this write are its to keep
 * (shared/domain/counters/registration-counts.ts).
 */
export function registrationItem({ waitlistPlace: _, ...registration }: Registration) {
  // The place is counted when read (it moves as others leave the queue), never stored.
  const waitlisted = registration.status === 'waitlisted' && registration.waitlistPosition !== undefined;
  return {
    ...registrationKey(registration.id),
    gsi1pk: rosterPartition(registration.sessionId),
    gsi1sk: `${registration.registeredAt}#${registration.id}`,
    gsi2pk: traineeRegistrationsPartition(registration.traineeId),
    gsi2sk: `${registration.registeredAt}#${registration.id}`,
    ...(waitlisted
      ? {
          gsi3pk: waitlistPartition(registration.sessionId),
          gsi3sk: positionKey(registration.waitlistPosition as number),
        }
      : {}),
    entity: 'registration',
    countedBy: COUNTED_BY_STREAM,
    ...(seatCountedByStream(registration) ? { seatCountedBy: SEAT_COUNTED_BY_STREAM } : {}),
    ...registration,
  };
}

/**
 * Stored items as registrations, the host named: one BatchGet for the hosts a page of old ones
 * lacks (./host-names); a registration keeps the name from its next write on.
 */
const fromItems = (items: readonly Record<string, unknown>[]): Promise<Registration[]> =>
  withHostNames(items.map(registrationOfItem));

/** A stored item read as a registration, its seat's counting kept (seatCountedByStream). */
export function registrationOfItem(item: Record<string, unknown>): StoredRegistration {
  const registration = StoredRegistration.parse(item);
  return item.seatCountedBy === SEAT_COUNTED_BY_STREAM
    ? withSeatCountedByStream(registration as Registration)
    : registration;
}

/** The first `count` registrations waiting for a seat of the session, in the order they joined. */
export async function waitlistHead(sessionId: string, count: number): Promise<Registration[]> {
  const { Items } = await db.send(
    new QueryCommand({
      TableName: tableName('registrations'),
      IndexName: 'gsi3',
      KeyConditionExpression: 'gsi3pk = :waitlist',
      ExpressionAttributeValues: { ':waitlist': waitlistPartition(sessionId) },
      Limit: count,
    }),
  );
  return fromItems(Items ?? []);
}

export async function firstWaitlisted(sessionId: string): Promise<Registration | undefined> {
  return (await waitlistHead(sessionId, 1))[0];
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
          ':waitlist': waitlistPartition(sessionId),
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
    partition: { gsi1pk: rosterPartition(sessionId) },
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
    partition: { gsi2pk: traineeRegistrationsPartition(traineeId) },
    limit,
    cursor,
    descending: true,
  });
  return { items: await fromItems(page.items), nextCursor: page.nextCursor };
}

export async function listAttendance(sessionId: string): Promise<Attendance[]> {
  const days: Attendance[] = [];
  let cursor: string | undefined;
  do {
    const page = await queryPage({
      table: 'registrations',
      partition: { pk: attendancePartition(sessionId) },
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
        status === 'waitlisted'
          ? { gsi3pk: waitlistPartition(sessionId) }
          : { gsi1pk: rosterPartition(sessionId) },
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
