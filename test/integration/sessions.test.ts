/** The sessions function in process, through its whole wrapper (route lookup, roles, validation, error shape), against DynamoDB Local. */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler } from '#functions/sessions/handler';
import type { Actor } from '#shared/domain/actor';
import { beijingDate } from '#shared/domain/dates';
import { newOrganization } from '#shared/domain/organizations/organization';
import type { Organization } from '#shared/domain/organizations/schemas';
import { newPlan, transitionPlan } from '#shared/domain/plans/plan';
import { CreatePlanInput, type Plan } from '#shared/domain/plans/schemas';
import type { Session } from '#shared/domain/sessions/schemas';
import { db } from '#shared/store/client';
import { VersionConflict } from '#shared/store/optimistic';
import { putNewOrganization } from '#shared/store/organizations';
import { putNewPlan } from '#shared/store/plans';
import { getSession, sessionKey, updateSessionFields } from '#shared/store/sessions';
import { tableName } from '#shared/store/tables';
import { claimsFor, httpEvent, jsonBody, lambdaContext } from '../support/http-event';

const CREATE = 'POST /plans/{planId}/sessions';
const LIST = 'GET /sessions';
const READ = 'GET /sessions/{sessionId}';
const UPDATE = 'PATCH /sessions/{sessionId}';
const DAY_MS = 24 * 60 * 60 * 1000;

type Claims = Record<string, string>;
type ErrorBody = { code: string; message: string; details?: { field?: string; [key: string]: unknown }[] };

const hostOf = (org: Organization) => claimsFor('host', `host-of-${org.id}`, { 'custom:orgId': org.id });
const TRAINEE = claimsFor('trainee', 'trainee-sessions');
const ADMIN: Actor = { userId: 'admin-sessions', roles: ['admin'] };

/**
 * Sessions are dated in their plan's year and created with their deadline ahead: the clock is set
 * to a day of the plan's year (and back before a deadline for sessions whose deadline has passed).
 */
beforeAll(() => {
  vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
});
afterAll(() => {
  vi.useRealTimers();
});

/** Beijing wall-clock time for what the test does next; the clock keeps running from there. */
const at = (beijing: string) => vi.setSystemTime(new Date(`${beijing}+08:00`));

/** `days` after today's Beijing date (negative: before). */
const beijingDaysFromToday = (days: number) => beijingDate(new Date(Date.now() + days * DAY_MS));

/** A body whose deadline is `deadlineInDays` from today, starting a week after it. */
const sessionBody = (deadlineInDays = 10, overrides: Record<string, unknown> = {}) => ({
  title: '数字经济专题培训班',
  startDate: beijingDaysFromToday(deadlineInDays + 7),
  endDate: beijingDaysFromToday(deadlineInDays + 9),
  registrationDeadline: beijingDaysFromToday(deadlineInDays),
  capacity: 40,
  creditHours: 16,
  subjectType: 'public-elective',
  mode: 'blended',
  city: '柳州',
  ...overrides,
});

const invoke = (event: Parameters<typeof httpEvent>[0]) =>
  handler(httpEvent(event), lambdaContext('sessions'));

const createSession = (planId: string, body: unknown, claims: Claims, headers?: Record<string, string>) =>
  invoke({ routeKey: CREATE, pathParameters: { planId }, body: JSON.stringify(body), claims, headers });

const readSession = (sessionId: string, claims: Claims = TRAINEE) =>
  invoke({ routeKey: READ, pathParameters: { sessionId }, claims });

const patchSession = (sessionId: string, body: unknown, claims: Claims) =>
  invoke({ routeKey: UPDATE, pathParameters: { sessionId }, body: JSON.stringify(body), claims });

const listSessions = (query: Record<string, string>, claims: Claims = TRAINEE) =>
  invoke({ routeKey: LIST, query, claims });

const errorOf = (result: { body?: string | undefined }) => jsonBody(result).error as ErrorBody;

async function createHost(name = '柳州职业技术学院'): Promise<Organization> {
  const org = newOrganization({ name, kind: 'host', city: '柳州' }, new Date());
  await putNewOrganization(org);
  return org;
}

/** A plan of `host`, stored in `status` (moved there through the workflow, as in production). */
async function createPlan(host: Organization, year = 2026, status: 'draft' | 'published' = 'published') {
  const actor: Actor = { userId: `host-of-${host.id}`, roles: ['host'], orgId: host.id };
  const now = new Date();
  let plan: Plan = newPlan(
    CreatePlanInput.parse({
      year,
      project: 'seminar',
      level: 'regional',
      category: 'advanced',
      title: `${year} 年度高级研修`,
      plannedSessions: 10,
      plannedTrainees: 400,
      budget: { subsidyCapFen: 20_000_000, selfFundedFen: 5_000_000 },
    }),
    actor,
    now,
  );
  if (status === 'published') {
    plan = transitionPlan(plan, 'submit', actor, now);
    plan = transitionPlan(plan, 'approve', ADMIN, now);
    plan = transitionPlan(plan, 'publish', ADMIN, now);
  }
  await putNewPlan(plan);
  return plan;
}

/** Creates a session through the API and returns it as answered. */
async function addSession(plan: Plan, host: Organization, body = sessionBody()): Promise<Session> {
  const result = await createSession(plan.id, body, hostOf(host));
  expect(result.statusCode).toBe(201);
  return jsonBody(result) as unknown as Session;
}

/** What registrations do to a session: change the seat count without touching `version`. */
const takeSeats = (sessionId: string, seats: number) =>
  db.send(
    new UpdateCommand({
      TableName: tableName('plans'),
      Key: sessionKey(sessionId),
      UpdateExpression: 'ADD seatsTaken :seats',
      ExpressionAttributeValues: { ':seats': seats },
    }),
  );

/** Every id a list yields, page by page, failing on a runaway cursor. */
async function walk(query: Record<string, string>): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const result = await listSessions({ ...query, ...(cursor ? { cursor } : {}) });
    expect(result.statusCode).toBe(200);
    const page = jsonBody(result) as { items: Session[]; nextCursor: string | null };
    ids.push(...page.items.map((session) => session.id));
    cursor = page.nextCursor ?? undefined;
    pages++;
  } while (cursor && pages < 100);
  return { ids, pages };
}

describe('POST /plans/{planId}/sessions', () => {
  let host: Organization;
  let plan: Plan;
  beforeAll(async () => {
    host = await createHost();
    plan = await createPlan(host, 2027);
    at('2027-02-01T10:00:00');
  });

  it('creates a session for the host of a published plan: 201, no seats taken, the plan year', async () => {
    const body = sessionBody();
    const result = await createSession(plan.id, body, hostOf(host));
    expect(result.statusCode).toBe(201);
    const created = jsonBody(result);
    expect(created).toMatchObject({
      ...body,
      id: expect.stringMatching(/^ses_/),
      planId: plan.id,
      hostOrgId: host.id,
      year: 2027,
      seatsTaken: 0,
      waitlistLength: 0,
      version: 1,
    });
    expect(Object.keys(created)).not.toContain('pk');
    expect(await getSession(created.id as string)).toEqual(created);
  });

  it('stores capacity null as unlimited', async () => {
    const created = await addSession(plan, host, sessionBody(10, { capacity: null, mode: 'online' }));
    expect((await getSession(created.id))?.capacity).toBeNull();
  });

  it('refuses a draft plan with 409 PLAN_NOT_PUBLISHED naming the status', async () => {
    const draft = await createPlan(host, 2027, 'draft');
    const result = await createSession(draft.id, sessionBody(), hostOf(host));
    expect(result.statusCode).toBe(409);
    expect(errorOf(result)).toMatchObject({
      code: 'PLAN_NOT_PUBLISHED',
      details: [{ field: 'status', currentStatus: 'draft' }],
    });
    expect((await walk({ planId: draft.id })).ids).toEqual([]);
  });

  it('answers another host 404 on a plan it cannot see, 403 on a published one, and creates nothing', async () => {
    const other = await createHost('另一家承办单位');
    const draft = await createPlan(host, 2027, 'draft');
    const hidden = await createSession(draft.id, sessionBody(), hostOf(other));
    expect(hidden.statusCode).toBe(404);
    const foreign = await createSession(plan.id, sessionBody(), hostOf(other));
    expect(foreign.statusCode).toBe(403);
    expect(errorOf(foreign).code).toBe('FORBIDDEN');
    const visible = (await walk({ planId: plan.id })).ids;
    const mine = await addSession(plan, host);
    expect((await walk({ planId: plan.id })).ids).toEqual(expect.arrayContaining([...visible, mine.id]));
    expect((await walk({ planId: plan.id })).ids).toHaveLength(visible.length + 1);
  });

  it('answers 404 for an unknown plan', async () => {
    expect((await createSession('plan_unknown', sessionBody(), hostOf(host))).statusCode).toBe(404);
  });

  const FIXED_DATES = { registrationDeadline: '2027-03-01', startDate: '2027-03-09', endDate: '2027-03-11' };

  it.each([
    [
      'a deadline after the start',
      { registrationDeadline: '2027-03-10', startDate: '2027-03-09' },
      'registrationDeadline',
    ],
    ['an end before the start', { startDate: '2027-03-09', endDate: '2027-03-08' }, 'endDate'],
    ['capacity 0', { capacity: 0 }, 'capacity'],
    ['creditHours 0', { creditHours: 0 }, 'creditHours'],
    ['a field that is not ours to set', { seatsTaken: 3 }, 'seatsTaken'],
  ])('refuses %s with 400 naming the field', async (_, overrides, field) => {
    const result = await createSession(
      plan.id,
      { ...sessionBody(), ...FIXED_DATES, ...overrides },
      hostOf(host),
    );
    expect(result.statusCode).toBe(400);
    const error = errorOf(result);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details?.map((detail) => detail.field)).toEqual([field]);
  });

  it('creates one session for a replayed Idempotency-Key and answers the replay alike', async () => {
    const own = await createPlan(host, 2027);
    const key = `ses-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    const first = await createSession(own.id, sessionBody(), hostOf(host), { 'idempotency-key': key });
    const second = await createSession(own.id, sessionBody(), hostOf(host), { 'idempotency-key': key });
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(jsonBody(second).id).toBe(jsonBody(first).id);
    expect((await walk({ planId: own.id })).ids).toEqual([jsonBody(first).id]);
  });
});

describe('GET /sessions and /sessions/{sessionId}', () => {
  let host: Organization;
  beforeAll(async () => {
    host = await createHost();
    at('2026-03-01T10:00:00');
  });

  it('reads one session for any signed-in caller, and 404 for an unknown id', async () => {
    const plan = await createPlan(host);
    const created = await addSession(plan, host);
    const result = await readSession(created.id);
    expect(result.statusCode).toBe(200);
    expect(jsonBody(result)).toEqual(created);
    const unknown = await readSession('ses_unknown');
    expect(unknown.statusCode).toBe(404);
    expect(errorOf(unknown).message).toContain('ses_unknown');
  });

  it("lists a plan's sessions by start date, and only that plan's", async () => {
    const plan = await createPlan(host);
    const late = await addSession(plan, host, sessionBody(20));
    const early = await addSession(plan, host, sessionBody(5));
    await addSession(await createPlan(host), host);
    expect((await walk({ planId: plan.id })).ids).toEqual([early.id, late.id]);
  });

  it('lists a year through its own partition: exactly the sessions of plans of that year', async () => {
    // 2033 and 2028 are used by no other test's sessions, so the lists can be compared whole.
    const plan33 = await createPlan(host, 2033);
    const plan28 = await createPlan(host, 2028);
    at('2028-03-01T10:00:00');
    const c = await addSession(plan28, host, sessionBody(2));
    at('2033-03-01T10:00:00');
    const a = await addSession(plan33, host, sessionBody(3));
    const b = await addSession(plan33, host, sessionBody(1));
    expect((await walk({ year: '2033' })).ids).toEqual([b.id, a.id]);
    expect((await walk({ year: '2028' })).ids).toEqual([c.id]);
    expect((await walk({ year: '2028', planId: plan33.id })).ids).toEqual([]);
    expect((await walk({ year: '2033', planId: plan33.id })).ids).toEqual([b.id, a.id]);
  });

  it('lists open sessions: deadline today (Beijing) or later, by year, by plan and overall', async () => {
    const plan = await createPlan(host, 2032);
    at('2032-03-01T10:00:00');
    const [pastBody, yesterdayBody] = [sessionBody(-3), sessionBody(-1)];
    // Created while their deadlines were still ahead.
    at('2032-02-20T10:00:00');
    const past = await addSession(plan, host, pastBody);
    const yesterday = await addSession(plan, host, yesterdayBody);
    at('2032-03-01T10:00:00');
    const today = await addSession(plan, host, sessionBody(0));
    const future = await addSession(plan, host, sessionBody(30));
    const mine = new Set([past.id, yesterday.id, today.id, future.id]);

    expect((await walk({ year: '2032', open: 'true' })).ids).toEqual([today.id, future.id]);
    expect((await walk({ year: '2032', open: 'false' })).ids).toEqual([
      past.id,
      yesterday.id,
      today.id,
      future.id,
    ]);
    expect((await walk({ planId: plan.id, open: 'true' })).ids.sort()).toEqual([today.id, future.id].sort());
    const everywhere = (await walk({ open: 'true', limit: '200' })).ids;
    expect(everywhere.filter((id) => mine.has(id))).toEqual([today.id, future.id]);
    const all = (await walk({ limit: '200' })).ids;
    expect(all.filter((id) => mine.has(id))).toEqual([past.id, yesterday.id, today.id, future.id]);
  });

  it('walks every page with limit=1: each session once, none missing', async () => {
    const plan = await createPlan(host, 2031);
    at('2031-03-01T10:00:00');
    const made: string[] = [];
    for (const days of [4, 1, 3, 2]) made.push((await addSession(plan, host, sessionBody(days))).id);
    const byPlan = await walk({ planId: plan.id, limit: '1' });
    expect(byPlan.ids.sort()).toEqual([...made].sort());
    expect(byPlan.pages).toBeGreaterThanOrEqual(4);
    const byYear = await walk({ year: '2031', open: 'true', limit: '1' });
    expect(new Set(byYear.ids).size).toBe(byYear.ids.length);
    expect(byYear.ids.filter((id) => made.includes(id)).sort()).toEqual([...made].sort());
  });

  it('refuses a cursor from another list with 400', async () => {
    const plan = await createPlan(host, 2031);
    at('2031-03-01T10:00:00');
    for (const days of [1, 2]) await addSession(plan, host, sessionBody(days));
    const first = jsonBody(await listSessions({ planId: plan.id, limit: '1' }));
    expect(first.nextCursor).toEqual(expect.any(String));
    const misused = await listSessions({ year: '2031', limit: '1', cursor: first.nextCursor as string });
    expect(misused.statusCode).toBe(400);
  });

  it('refuses an unsigned caller with 401', async () => {
    expect((await invoke({ routeKey: LIST, query: {} })).statusCode).toBe(401);
  });
});

describe('PATCH /sessions/{sessionId}', () => {
  let host: Organization;
  let plan: Plan;
  beforeAll(async () => {
    host = await createHost();
    plan = await createPlan(host, 2030);
  });
  beforeEach(() => {
    at('2030-03-01T10:00:00');
  });

  it('changes the title: 200, version + 1, the rest untouched', async () => {
    const created = await addSession(plan, host);
    const result = await patchSession(created.id, { title: '更名后的培训班' }, hostOf(host));
    expect(result.statusCode).toBe(200);
    const updated = jsonBody(result);
    expect(updated).toEqual({
      ...created,
      title: '更名后的培训班',
      version: 2,
      updatedAt: expect.any(String),
    });
    expect(await getSession(created.id)).toEqual(updated);
  });

  it('refuses a capacity below the seats taken with 422, changing nothing', async () => {
    const created = await addSession(plan, host);
    await takeSeats(created.id, 5);
    const result = await patchSession(created.id, { capacity: 4, title: 'Smaller' }, hostOf(host));
    expect(result.statusCode).toBe(422);
    expect(errorOf(result)).toMatchObject({
      code: 'CAPACITY_BELOW_SEATS_TAKEN',
      details: [{ field: 'capacity', seatsTaken: 5 }],
    });
    expect(await getSession(created.id)).toEqual({ ...created, seatsTaken: 5 });
    const fits = await patchSession(created.id, { capacity: 5 }, hostOf(host));
    expect(fits.statusCode).toBe(200);
    expect(jsonBody(fits)).toMatchObject({ capacity: 5, seatsTaken: 5, version: 2 });
  });

  it('refuses at write time when seats were taken after the read (422, not a retry)', async () => {
    const created = await addSession(plan, host);
    // The edit was decided on a read with no seats taken; registrations took 6 since.
    await takeSeats(created.id, 6);
    const write = updateSessionFields(created.id, { capacity: 3, updatedAt: new Date().toISOString() }, 1, 3);
    await expect(write).rejects.toMatchObject({ status: 422, code: 'CAPACITY_BELOW_SEATS_TAKEN' });
    expect(await getSession(created.id)).toMatchObject({ capacity: 40, seatsTaken: 6, version: 1 });
  });

  it('tells a stale version (VersionConflict) from a capacity refusal', async () => {
    const created = await addSession(plan, host);
    expect((await patchSession(created.id, { title: 'First' }, hostOf(host))).statusCode).toBe(200);
    const stale = updateSessionFields(created.id, { title: 'Stale', updatedAt: new Date().toISOString() }, 1);
    await expect(stale).rejects.toBeInstanceOf(VersionConflict);
    expect(await getSession(created.id)).toMatchObject({ title: 'First', version: 2 });
  });

  it('refuses dates that are out of order once merged with the stored ones (400 naming the field)', async () => {
    const created = await addSession(plan, host);
    const early = await patchSession(created.id, { endDate: beijingDaysFromToday(-30) }, hostOf(host));
    expect(early.statusCode).toBe(400);
    expect(errorOf(early)).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'endDate' }] });
    // Consistent with each other, but the stored deadline (in 10 days) now falls after the start.
    const beforeDeadline = await patchSession(
      created.id,
      { startDate: beijingDaysFromToday(5), endDate: beijingDaysFromToday(6) },
      hostOf(host),
    );
    expect(beforeDeadline.statusCode).toBe(400);
    expect(errorOf(beforeDeadline).details?.map((detail) => detail.field)).toEqual(['registrationDeadline']);
    expect(await getSession(created.id)).toEqual(created);
  });

  it('moves the session in the open list when the deadline moves', async () => {
    const own = await createPlan(host, 2029);
    at('2029-03-01T10:00:00');
    const closedBody = sessionBody(-2);
    // Created while its deadline was still ahead.
    at('2029-02-20T10:00:00');
    const closed = await addSession(own, host, closedBody);
    at('2029-03-01T10:00:00');
    expect((await walk({ year: '2029', open: 'true' })).ids).toEqual([]);
    const moved = await patchSession(
      closed.id,
      { registrationDeadline: beijingDaysFromToday(1) },
      hostOf(host),
    );
    expect(moved.statusCode).toBe(200);
    expect((await walk({ year: '2029', open: 'true' })).ids).toEqual([closed.id]);
  });

  it('refuses another host with 403 and a trainee at the edge, and 404 for an unknown id', async () => {
    const created = await addSession(plan, host);
    const other = await createHost('别家单位');
    const foreign = await patchSession(created.id, { title: 'Hijacked' }, hostOf(other));
    expect(foreign.statusCode).toBe(403);
    expect((await patchSession(created.id, { title: 'Hijacked' }, TRAINEE)).statusCode).toBe(403);
    expect((await patchSession('ses_unknown', { title: 'x' }, hostOf(host))).statusCode).toBe(404);
    expect(await getSession(created.id)).toEqual(created);
  });

  it('lets ten concurrent edits all succeed by retrying: version ends at 11', async () => {
    const created = await addSession(plan, host);
    const titles = Array.from({ length: 10 }, (_, i) => `并发修改 ${i}`);
    const results = await Promise.all(
      titles.map((title) => patchSession(created.id, { title }, hostOf(host))),
    );
    expect(results.map((result) => result.statusCode)).toEqual(Array(10).fill(200));
    const final = await getSession(created.id);
    expect(final?.version).toBe(11);
    expect(titles).toContain(final?.title);
    expect(new Set(results.map((result) => jsonBody(result).version))).toEqual(
      new Set(Array.from({ length: 10 }, (_, i) => i + 2)),
    );
  });

  it('never loses seats taken while an edit is under way', async () => {
    const created = await addSession(plan, host, sessionBody(10, { capacity: null }));
    const edits = Array.from({ length: 5 }, (_, i) =>
      patchSession(created.id, { title: `Edit ${i}`, city: '桂林' }, hostOf(host)),
    );
    const seats = Array.from({ length: 20 }, () => takeSeats(created.id, 1));
    const [results] = await Promise.all([Promise.all(edits), Promise.all(seats)]);
    expect(results.map((result) => result.statusCode)).toEqual(Array(5).fill(200));
    expect(await getSession(created.id)).toMatchObject({ seatsTaken: 20, version: 6, city: '桂林' });
  });
});
