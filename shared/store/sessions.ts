/**
 * Sessions of published plans, in the `plans` table. This module alone knows their keys.
 *
 * Access patterns:
 * - one session:                        GetItem pk = SESSION#<id>, sk = SESSION
 * - a plan's sessions, by start date:   Query gsi1 gsi1pk = SESSION#PLAN#<planId> (gsi1sk = <startDate>#<id>)
 *   [year and open as filters: a plan holds a handful of sessions, all of the plan's year]
 * - a year's sessions, by deadline:     Query gsi2 gsi2pk = SESSIONS#<year> [gsi2sk >= <today>]
 *   (gsi2sk = <registrationDeadline>#<id>)
 * - all sessions, by deadline:          Query gsi3 gsi3pk = SESSIONS [gsi3sk >= <today>]
 *   (gsi3sk = <registrationDeadline>#<id>)
 * - a city's sessions: any of the above, filtered on `hostOrgId IN` the city's organizations (a
 *   city bureau's view; see listSessions)
 * "Open" (deadline today or later, Beijing date) is a key condition on the deadline indexes: a
 * `YYYY-MM-DD` prefix compares as text, and `<date>#<id>` sorts after `<date>`, so the day is included.
 * - edit a session: a transaction with the Update of the patched fields only, conditional on
 *   `version` (and on `seatsTaken <= capacity`), so seat counts written by registrations meanwhile
 *   are never lost, and with the items the edit brings along: its notice, and waitlisted
 *   registrations moving into new seats (the same Update then adds them to the counts).
 * - held (a result recorded): `heldAt` on the session item, set once, with attribute_not_exists,
 *   in the transaction of the first result, whose registration it flags so that the counters
 *   aggregator counts the session held (shared/domain/counters/registration-counts.ts).
 * - sessions by id (a trainee's page of registrations): BatchGet
 * - the public course catalogue:        Query gsi2 gsi2pk = SESSIONS#<year> [gsi2sk >= or < <today>]
 *   with the other filters (city, mode, subject type, the title's search form, the plans of a
 *   field) in the FilterExpression, at most CATALOGUE_READ_LIMIT items read a request (see
 *   catalogueSessions). The search form of the title, `titleSearch`, is written with the title.
 * Sessions created before names were kept beside ids are named on reading, with one BatchGet of
 * the hosts a whole page lacks (./host-names), never one read per session.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Page } from '#shared/domain/common';
import { notFound } from '#shared/domain/errors';
import type { DIGITAL_FIELDS } from '#shared/domain/plans/catalog';
import { sessionDueItems } from '#shared/domain/reminders/schedule';
import { CATALOGUE_READ_LIMIT } from '#shared/domain/sessions/catalogue';
import { sessionCounting } from '#shared/domain/sessions/counting';
import type { SESSION_MODES, SUBJECT_TYPES } from '#shared/domain/sessions/kinds';
import { type Session, StoredSession } from '#shared/domain/sessions/schemas';
import { searchText } from '#shared/domain/sessions/search-text';
import { capacityBelowSeatsTaken, type SessionFields } from '#shared/domain/sessions/session';
import * as MESSAGES from '#shared/i18n/messages';
import { batchGet } from './batch-get';
import { queryBoundedPage } from './bounded-query';
import { db } from './client';
import { type CounterChange, type CounterDeltas, counterChanges } from './counters';
import { withHostNames } from './host-names';
import { type FilterPart, oneOf } from './one-of';
import { VersionConflict } from './optimistic';
import { organizationIdsInCity } from './organizations';
import { publishedPlanIdsInField } from './plans';
import { type PageQuery, queryPage } from './query-page';
import { dueItemPuts } from './reminders';
import { tableName } from './tables';
import { type TransactItem, transact } from './transact';

const ALL_SESSIONS = 'SESSIONS';

/** The partition of a session; a session's certificates are indexed under it too (./certificates). */
export const sessionPk = (id: string) => `SESSION#${id}`;
/** The primary key of a session item (the registrations feature conditions seat-taking on it). */
export const sessionKey = (id: string) => ({ pk: sessionPk(id), sk: 'SESSION' });

const byStartKey = (id: string, startDate: string) => ({ gsi1sk: `${startDate}#${id}` });
const byDeadlineKeys = (id: string, deadline: string) => ({
  gsi2sk: `${deadline}#${id}`,
  gsi3sk: `${deadline}#${id}`,
});

/** The stored item of a session (exported for bulk seeding in benchmarks). */
export function sessionItem(session: Session) {
  return {
    ...sessionKey(session.id),
    gsi1pk: `SESSION#PLAN#${session.planId}`,
    ...byStartKey(session.id, session.startDate),
    gsi2pk: `${ALL_SESSIONS}#${session.year}`,
    gsi3pk: ALL_SESSIONS,
    ...byDeadlineKeys(session.id, session.registrationDeadline),
    entity: 'session',
    ...session,
    ...titleSearch(session.title),
  };
}

/** The title as the catalogue's search compares it, kept beside the title (not part of a Session). */
const titleSearch = (title: string) => ({ titleSearch: searchText(title) });

/** Stored items as the API shows them: keys dropped, the host named (one BatchGet for a page of old ones). */
const fromItems = (items: readonly Record<string, unknown>[]): Promise<Session[]> =>
  withHostNames(items.map((item) => StoredSession.parse(item)));

/** A session item read with others (a BatchGet across tables), as a session. */
export const sessionOfItem = async (item: Record<string, unknown>): Promise<Session> =>
  (await fromItems([item]))[0] as Session;

/** `deltas` for the session's plan (in the plan's year, if the session lies in it) and host. */
export function sessionCounts(session: Session, deltas: CounterDeltas): CounterChange[] {
  const { planYear, hostYear } = sessionCounting(session);
  return [
    ...(planYear === undefined
      ? []
      : [{ owner: { kind: 'plan' as const, id: session.planId }, year: planYear, deltas }]),
    { owner: { kind: 'org', id: session.hostOrgId }, year: hostYear, deltas },
  ];
}

/** The session and the days its reminders fall on, in one transaction. */
export async function putNewSession(session: Session): Promise<void> {
  const outcome = await transact([
    {
      Put: {
        TableName: tableName('plans'),
        Item: sessionItem(session),
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    ...dueItemPuts(sessionDueItems(session)),
    ...counterChanges(sessionCounts(session, { sessions: 1 })),
  ]);
  if (!outcome.ok) throw new Error(`Session ${session.id} already exists`);
}

/** Strongly consistent: an edit decides on it, and a reader expects the seats just taken. */
export async function getSession(id: string): Promise<Session | undefined> {
  const { Item } = await db.send(
    new GetCommand({ TableName: tableName('plans'), Key: sessionKey(id), ConsistentRead: true }),
  );
  return Item ? (await fromItems([Item]))[0] : undefined;
}

/**
 * Marks the session held at `at`, for the transaction of its first result (which also flags its
 * registration, for the counters aggregator to count the session held). Its condition fails when
 * the session was marked already (a result was recorded before, maybe concurrently): the
 * transaction then goes again without it.
 */
export const heldMarker = (session: Session, at: string): TransactItem => ({
  Update: {
    TableName: tableName('plans'),
    Key: sessionKey(session.id),
    UpdateExpression: 'SET heldAt = :at',
    ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(heldAt)',
    ExpressionAttributeValues: { ':at': at },
  },
});

/** Whether a result was recorded for the session (strongly consistent: a result decides on it). */
export async function isSessionHeld(id: string): Promise<boolean> {
  const { Item } = await db.send(
    new GetCommand({
      TableName: tableName('plans'),
      Key: sessionKey(id),
      ProjectionExpression: 'heldAt',
      ConsistentRead: true,
    }),
  );
  return Item?.heldAt !== undefined;
}

/** Waitlisted registrations moving into seats with an edit: their writes, made by their store. */
export interface Promotion {
  promoted: number;
  items: TransactItem[];
  /** The capacity (as it will be stored) their seats were counted in. */
  capacity: number | null;
}

/**
 * The update of an edit: `fields` (and the index keys their dates move) set and the version
 * moved on, provided the version is still `previousVersion` and, when `capacity` is a number, the
 * seats taken plus `promoted` still fit in it; the promoted seats added to the counts (ADD:
 * registrations keep writing them meanwhile).
 */
function editUpdate(
  id: string,
  fields: SessionFields,
  previousVersion: number,
  capacity: number | null | undefined,
  promoted: number,
) {
  const attributes: Record<string, unknown> = {
    ...fields,
    ...(fields.startDate !== undefined ? byStartKey(id, fields.startDate) : {}),
    ...(fields.registrationDeadline !== undefined ? byDeadlineKeys(id, fields.registrationDeadline) : {}),
    ...(fields.title !== undefined ? titleSearch(fields.title) : {}),
    version: previousVersion + 1,
  };
  const entries = Object.entries(attributes).filter(([, value]) => value !== undefined);
  // Placeholders for every name: several session fields (capacity, year, ...) are reserved words.
  const names: Record<string, string> = Object.fromEntries(entries.map(([name], i) => [`#a${i}`, name]));
  const values: Record<string, unknown> = Object.fromEntries(
    entries.map(([, value], i) => [`:a${i}`, value]),
  );
  const conditions = ['#version = :previousVersion'];
  names['#version'] = 'version';
  values[':previousVersion'] = previousVersion;
  if (typeof capacity === 'number') {
    conditions.push('#seatsTaken <= :mostSeats');
    names['#seatsTaken'] = 'seatsTaken';
    values[':mostSeats'] = capacity - promoted;
  }
  let expression = `SET ${entries.map((_, i) => `#a${i} = :a${i}`).join(', ')}`;
  if (promoted > 0) {
    expression += ' ADD #seatsTaken :promoted, #waitlistLength :unqueued';
    names['#seatsTaken'] = 'seatsTaken';
    names['#waitlistLength'] = 'waitlistLength';
    values[':promoted'] = promoted;
    values[':unqueued'] = -promoted;
  }
  return {
    TableName: tableName('plans'),
    Key: sessionKey(id),
    UpdateExpression: expression,
    ConditionExpression: conditions.join(' AND '),
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}

/**
 * Sets `fields` (and the index keys their dates move) on session `id`, provided its version is
 * still `previousVersion` and, when `capacity` is a number, the seats taken still fit in it; in
 * the same transaction writes `alsoWrite` (what the edit brings with it, e.g. its notice) and a
 * `promotion` (waitlisted registrations moving into new seats, counted in), so the edit and those
 * commit together or not at all.
 * Throws VersionConflict when someone else edited the session or a condition of what it brings
 * failed (decide again on a fresh read), 404 when there is no such session, the 422 when seats
 * outgrew the capacity, and returns the session as stored after the write.
 */
export async function updateSessionFields(
  id: string,
  fields: SessionFields,
  previousVersion: number,
  capacity?: number | null,
  alsoWrite: TransactItem[] = [],
  promotion?: Promotion,
): Promise<Session> {
  const update = promotion
    ? editUpdate(id, fields, previousVersion, promotion.capacity, promotion.promoted)
    : editUpdate(id, fields, previousVersion, capacity, 0);
  const outcome = await transact([{ Update: update }, ...alsoWrite, ...(promotion?.items ?? [])]);
  if (!outcome.ok) {
    // The queue, the seats or a notice's subject moved: the caller reads again and decides anew.
    if (!outcome.failedConditions.includes(0) || promotion)
      throw new VersionConflict(`What session ${id} rests on changed`);
    throw await whyRefused(id, previousVersion, capacity);
  }
  // Read back (strongly consistent): a transaction returns no attributes. Should another edit
  // have landed since, the answer is still this one's: its version, with what it set.
  const stored = await getSession(id);
  if (!stored) throw notFound(MESSAGES.sessions.notFound(id));
  if (stored.version === previousVersion + 1) return stored;
  const written = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
  return { ...stored, ...written, version: previousVersion + 1 };
}

/**
 * Why the session's condition failed, from the item as it is now (a transaction does not return
 * it): gone (404), edited by someone else (VersionConflict), or more seats taken than the capacity
 * (422). When none holds any more (seats were given up meanwhile), trying again may succeed.
 */
async function whyRefused(id: string, previousVersion: number, capacity?: number | null): Promise<Error> {
  const current = await getSession(id);
  if (!current) return notFound(MESSAGES.sessions.notFound(id));
  if (current.version !== previousVersion) return new VersionConflict(`Session ${id} changed`);
  if (typeof capacity === 'number' && current.seatsTaken > capacity)
    return capacityBelowSeatsTaken(capacity, current.seatsTaken);
  return new VersionConflict(`Seats of session ${id} moved`);
}

export interface SessionFilters {
  year?: number | undefined;
  planId?: string | undefined;
  open?: boolean | undefined;
  /** Only sessions hosted by organizations of this city (a city bureau's list). */
  hostCity?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** The query with `filter` added to whatever filter it has. */
function alsoFiltered(query: PageQuery, filter: FilterPart): PageQuery {
  return {
    ...query,
    filter: query.filter ? `${query.filter} AND ${filter.expression}` : filter.expression,
    names: { ...query.names, ...filter.names },
    values: { ...query.values, ...filter.values },
  };
}

/** The narrowest index for the filters; see the access patterns above. */
function sessionQuery(filters: SessionFilters, today: string): PageQuery {
  const paging = { table: 'plans' as const, limit: filters.limit, cursor: filters.cursor };
  if (filters.planId !== undefined) {
    const conditions: string[] = [];
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    if (filters.year !== undefined) {
      conditions.push('#year = :year');
      names['#year'] = 'year';
      values[':year'] = filters.year;
    }
    if (filters.open) {
      conditions.push('#deadline >= :today');
      names['#deadline'] = 'registrationDeadline';
      values[':today'] = today;
    }
    return {
      ...paging,
      index: 'gsi1',
      partition: { gsi1pk: `SESSION#PLAN#${filters.planId}` },
      ...(conditions.length > 0 ? { filter: conditions.join(' AND '), names, values } : {}),
    };
  }
  const [index, partition] =
    filters.year !== undefined
      ? (['gsi2', { gsi2pk: `${ALL_SESSIONS}#${filters.year}` }] as const)
      : (['gsi3', { gsi3pk: ALL_SESSIONS }] as const);
  return {
    ...paging,
    index,
    partition,
    ...(filters.open ? { sortCondition: `${index}sk >= :today`, values: { ':today': today } } : {}),
  };
}

/**
 * One page of sessions; `today` is the Beijing date that `open` compares deadlines with.
 *
 * A city's sessions are those of its hosts, kept by a filter on the index the other filters pick:
 * sessions have no index by host, and the year's index (or the plan's) bounds what is read to the
 * sessions of one program year (hundreds) — of every year only when the bureau names none — in the
 * order and with the cursor everyone else's list has. A Query per host would need an index every
 * stored session lacks.
 */
export async function listSessions(filters: SessionFilters, today: string): Promise<Page<Session>> {
  let query = sessionQuery(filters, today);
  if (filters.hostCity !== undefined) {
    const hosts = await organizationIdsInCity(filters.hostCity);
    // A city with no organization registered hosts nothing: nothing to read.
    if (hosts.length === 0) return { items: [], nextCursor: null };
    query = alsoFiltered(query, oneOf('hostOrgId', hosts, 'host'));
  }
  const page = await queryPage(query);
  return { items: await fromItems(page.items), nextCursor: page.nextCursor };
}

/**
 * Sessions by id, one BatchGet of up to 100 keys a call (a page of a trainee's registrations
 * names a few dozen sessions): those the store no longer holds are missing from the map.
 */
export async function getSessions(ids: readonly string[]): Promise<Map<string, Session>> {
  const items = await batchGet('plans', [...new Set(ids)].map(sessionKey));
  return new Map((await fromItems(items)).map((session) => [session.id, session]));
}

export interface CatalogueFilters {
  year: number;
  /** The names the session's `city` may have (`cityNames`). */
  cities?: readonly string[] | undefined;
  field?: (typeof DIGITAL_FIELDS)[number] | undefined;
  subjectType?: (typeof SUBJECT_TYPES)[number] | undefined;
  mode?: (typeof SESSION_MODES)[number] | undefined;
  /** true: the deadline is today or later; false: it has passed. */
  open?: boolean | undefined;
  /** Part of the title, in the form `searchText` gives; empty searches nothing. */
  search?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

export interface CataloguePage extends Page<Session> {
  /** Sessions read for the page, before the filters: at most the read limit. */
  itemsRead: number;
}

/** `#<attribute> = :<attribute>`. */
const equalTo = (attribute: string, value: string): FilterPart => ({
  expression: `#${attribute} = :${attribute}`,
  names: { [`#${attribute}`]: attribute },
  values: { [`:${attribute}`]: value },
});

/**
 * The title contains `search`: in its search form, or, for sessions stored before that was kept,
 * in the title as written (which is the search form of nearly every Chinese title).
 */
const titleContains = (search: string): FilterPart => ({
  expression:
    '(contains(#titleSearch, :search) OR (attribute_not_exists(#titleSearch) AND contains(#title, :search)))',
  names: { '#titleSearch': 'titleSearch', '#title': 'title' },
  values: { ':search': search },
});

/**
 * One page of the catalogue: the sessions of `filters.year`, by registration deadline, with the
 * filters applied by DynamoDB, reading at most `maxRead` sessions (a page may then be short, with
 * a cursor to read on). `open` narrows the deadline's key range; a field is the published plans
 * of the year in that field (a year holds tens of them), matched by `planId`. Sessions exist only
 * under published plans, so every session read is one the public may see.
 */
export async function catalogueSessions(
  filters: CatalogueFilters,
  today: string,
  maxRead = CATALOGUE_READ_LIMIT,
): Promise<CataloguePage> {
  const parts: FilterPart[] = [];
  if (filters.field !== undefined) {
    const plans = await publishedPlanIdsInField(filters.year, filters.field);
    // No published plan of the field that year: no session of it either.
    if (plans.length === 0) return { items: [], nextCursor: null, itemsRead: 0 };
    parts.push(oneOf('planId', plans, 'plan'));
  }
  if (filters.cities && filters.cities.length > 0) parts.push(oneOf('city', filters.cities, 'city'));
  if (filters.subjectType !== undefined) parts.push(equalTo('subjectType', filters.subjectType));
  if (filters.mode !== undefined) parts.push(equalTo('mode', filters.mode));
  if (filters.search) parts.push(titleContains(filters.search));
  const sortCondition = filters.open === undefined ? undefined : `gsi2sk ${filters.open ? '>=' : '<'} :today`;
  const values: Record<string, string> = Object.assign(
    sortCondition ? { ':today': today } : {},
    ...parts.map((part) => part.values),
  );
  const page = await queryBoundedPage({
    table: 'plans',
    index: 'gsi2',
    partition: { gsi2pk: `${ALL_SESSIONS}#${filters.year}` },
    ...(sortCondition ? { sortCondition } : {}),
    ...(parts.length > 0
      ? {
          filter: parts.map((part) => part.expression).join(' AND '),
          names: Object.assign({}, ...parts.map((part) => part.names)),
        }
      : {}),
    ...(Object.keys(values).length > 0 ? { values } : {}),
    limit: filters.limit,
    cursor: filters.cursor,
    maxRead,
  });
  return { items: await fromItems(page.items), nextCursor: page.nextCursor, itemsRead: page.itemsRead };
}
