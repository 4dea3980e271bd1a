/**
 * The registrations function in process, through its whole wrapper (route lookup, roles, validation, error shape), against DynamoDB Local:
 * seats and waitlist, cancellation with promotion (its notice mailed by the notifier from the
 * table's stream, as in the cloud), attendance, results with the
 * ledger and the yearly counters, access and bad input. Every test makes its own host, plan,
 * session and trainees: the database is shared with the other test files.
 */
import { rmSync } from 'node:fs';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { tellNotices } from '#functions/notifier/handler';
import { applyCloudRules } from '#infra/local/dynamodb-rules';
import { beijingDate, yearOf } from '#shared/domain/dates';
import { promotionNotice } from '#shared/domain/notices/notice';
import type { Registration } from '#shared/domain/registrations/schemas';
import type { Session } from '#shared/domain/sessions/schemas';
import { listOutbox } from '#shared/mail/outbox';
import { dynamo } from '#shared/store/client';
import { type Counters, readCounters } from '#shared/store/counters';
import { ledgerEntries } from '#shared/store/ledger';
import { cancelOnce } from '#shared/store/registration-changes';
import { firstWaitlisted, getRegistration } from '#shared/store/registrations';
import { getSession, updateSessionFields } from '#shared/store/sessions';
import { startCounters } from '../support/counters';
import { addDays, hostWithPublishedPlan, sessionOf, trainees } from '../support/fixtures';
import { claimsFor, httpEvent, jsonBody, lambdaContext } from '../support/http-event';
import { startNotifier } from '../support/notifier';
import { registrationsOrResults } from '../support/route-handlers';
import { sessionWindow, sessionWindowThisYear } from '../support/session-window';
import { useIntegrationConfig } from './config';

// DynamoDB's rules, not DynamoDB Local's: a transaction on an item another one holds is cancelled.
applyCloudRules(dynamo);

// Before the first test: the mailer reads it on first use.
const outboxDir = `${process.env.TMPDIR ?? '/tmp'}/gx-registrations-outbox-${process.pid}-${Date.now()}`;
useIntegrationConfig({ MAIL_OUTBOX_DIR: outboxDir });

/** This file's trainees: the notifier here tells their notices only. */
const ourTrainees = new Set<string>();
const notifier = startNotifier(
  (notice) => notice.kind === 'waitlist-promoted' && ourTrainees.has(notice.traineeId),
);
/** The counters follow the registrations by the stream: read after the aggregator caught up. */
const counters = startCounters();
beforeAll(() => Promise.all([notifier.ready, counters.ready]));
afterAll(async () => {
  await Promise.all([notifier.stop(), counters.stop()]);
  rmSync(outboxDir, { recursive: true, force: true });
});

type Claims = Record<string, string>;
type ErrorBody = { code: string; message: string; details?: { field?: string; [key: string]: unknown }[] };

const REGISTER = 'POST /sessions/{sessionId}/registrations';
const LIST_MINE = 'GET /registrations';
const ROSTER = 'GET /sessions/{sessionId}/registrations';
const READ = 'GET /registrations/{registrationId}';
const CANCEL = 'POST /registrations/{registrationId}/cancel';
const ATTENDANCE = 'POST /sessions/{sessionId}/attendance';
const RESULTS = 'POST /sessions/{sessionId}/results';

const ADMIN = claimsFor('admin', 'admin-1');
const traineeClaims = (traineeId: string) => claimsFor('trainee', traineeId);
const hostClaims = (orgId: string) => claimsFor('host', 'host-user', { 'custom:orgId': orgId });

interface CallOptions {
  pathParameters?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
}

async function call(routeKey: string, claims: Claims, options: CallOptions = {}) {
  const body = options.rawBody ?? (options.body !== undefined ? JSON.stringify(options.body) : undefined);
  const result = await registrationsOrResults(routeKey)(
    httpEvent({
      routeKey,
      claims,
      ...(options.pathParameters ? { pathParameters: options.pathParameters } : {}),
      ...(options.query ? { query: options.query } : {}),
      ...(options.headers ? { headers: options.headers } : {}),
      ...(body !== undefined ? { body } : {}),
    }),
    lambdaContext('registrations'),
  );
  const json = jsonBody(result);
  return {
    status: result.statusCode,
    headers: result.headers ?? {},
    body: json,
    registration: json as unknown as Registration,
    error: json.error as ErrorBody,
  };
}

const register = (sessionId: string, traineeId: string, headers?: Record<string, string>) =>
  call(REGISTER, traineeClaims(traineeId), {
    pathParameters: { sessionId },
    ...(headers ? { headers } : {}),
  });
const cancel = (registrationId: string, claims: Claims) =>
  call(CANCEL, claims, { pathParameters: { registrationId } });
const read = (registrationId: string, claims: Claims) =>
  call(READ, claims, { pathParameters: { registrationId } });
const roster = (sessionId: string, claims: Claims) => call(ROSTER, claims, { pathParameters: { sessionId } });
const attendance = (sessionId: string, claims: Claims, body: unknown) =>
  call(ATTENDANCE, claims, { pathParameters: { sessionId }, body });
const results = (sessionId: string, claims: Claims, items: unknown[]) =>
  call(RESULTS, claims, { pathParameters: { sessionId }, body: { results: items } });

const itemsOf = (answer: { body: Record<string, unknown> }) => answer.body.items as Registration[];

/** Registers everyone in order (so the waitlist order is the order given) and returns the answers. */
async function registerInOrder(sessionId: string, traineeIds: readonly string[]) {
  const answers: Registration[] = [];
  for (const traineeId of traineeIds) {
    const answer = await register(sessionId, traineeId);
    expect(answer.status).toBe(201);
    answers.push(answer.registration);
  }
  return answers;
}

async function seats(sessionId: string) {
  const session = (await getSession(sessionId)) as Session;
  return { seatsTaken: session.seatsTaken, waitlistLength: session.waitlistLength };
}

type RegistrationCounters = Pick<Counters, 'confirmed' | 'completed' | 'failed' | 'hours'>;
const registrationCounters = ({ confirmed, completed, failed, hours }: Counters): RegistrationCounters => ({
  confirmed,
  completed,
  failed,
  hours,
});

/** The counters registrations move (sessions and certificates are counted too, and checked elsewhere). */
async function countersOf(session: Session, year = yearOf(session.endDate)) {
  await counters.caughtUp();
  return {
    plan: registrationCounters(await readCounters({ kind: 'plan', id: session.planId }, year)),
    org: registrationCounters(await readCounters({ kind: 'org', id: session.hostOrgId }, year)),
  };
}

const zeroCounters: RegistrationCounters = { confirmed: 0, completed: 0, failed: 0, hours: 0 };
const both = (counters: Partial<RegistrationCounters>) => ({
  plan: { ...zeroCounters, ...counters },
  org: { ...zeroCounters, ...counters },
});

async function mailTo(email: string) {
  return (await listOutbox(outboxDir)).filter((mail) => mail.to === email);
}

/** The mail to `email` once `count` have arrived: the notifier tells notices moments after the change. */
const mailsArrived = (email: string, count: number) =>
  vi.waitFor(
    async () => {
      const mails = await mailTo(email);
      expect(mails).toHaveLength(count);
      return mails;
    },
    { timeout: 10_000, interval: 100 },
  );

/** A host with a published plan, one session of it, and `count` trainees with stored profiles. */
async function setup(count: number, overrides: Parameters<typeof sessionOf>[1] = {}) {
  // The plan is of the year the session is held in.
  const { host, plan } = await hostWithPublishedPlan(
    overrides.startDate ? { year: yearOf(overrides.startDate) } : {},
  );
  const session = await sessionOf(plan, overrides);
  const people = await trainees(count);
  for (const person of people) ourTrainees.add(person.traineeId);
  return {
    host,
    plan,
    session,
    people,
    ids: people.map((person) => person.traineeId),
    hostAuth: hostClaims(host.id),
  };
}

const today = () => beijingDate(new Date());

/** `session` as stored before a rule every edit now checks: written with the store alone. */
const storedAsBefore = (session: Session, fields: { endDate: string }) =>
  updateSessionFields(session.id, { ...fields, updatedAt: new Date().toISOString() }, session.version);

describe('POST /sessions/{sessionId}/registrations', () => {
  it('takes a seat: 201 confirmed, the session counts it, and so do the plan and host counters', async () => {
    const { session, people, ids } = await setup(1);
    const answer = await register(session.id, ids[0] as string);
    expect(answer.status).toBe(201);
    expect(answer.registration).toMatchObject({
      sessionId: session.id,
      planId: session.planId,
      hostOrgId: session.hostOrgId,
      traineeId: ids[0],
      status: 'confirmed',
      traineeName: people[0]?.name,
      year: yearOf(session.endDate),
      creditHours: session.creditHours,
      subjectType: session.subjectType,
    });
    expect(answer.registration.id).toMatch(/^reg_/);
    expect(answer.registration.waitlistPosition).toBeUndefined();
    expect(answer.registration.idNumberMasked).toMatch(/^4501\*{10}[\dX]{4}$/);
    expect(JSON.stringify(answer.body)).not.toContain(people[0]?.idNumber);

    expect(await seats(session.id)).toEqual({ seatsTaken: 1, waitlistLength: 0 });
    expect(await countersOf(session)).toEqual(both({ confirmed: 1 }));
    expect(await getRegistration(answer.registration.id)).toEqual(answer.registration);
  });

  it('waitlists a full session first come first served, with positions that never change', async () => {
    const { session, ids, hostAuth } = await setup(5, { capacity: 2 });
    const answers = await registerInOrder(session.id, ids);
    expect(answers.map((answer) => [answer.status, answer.waitlistPosition])).toEqual([
      ['confirmed', undefined],
      ['confirmed', undefined],
      ['waitlisted', 1],
      ['waitlisted', 2],
      ['waitlisted', 3],
    ]);
    expect(answers[2]?.confirmedAt).toBeUndefined();
    expect(await seats(session.id)).toEqual({ seatsTaken: 2, waitlistLength: 3 });
    // Only seats count as confirmed.
    expect(await countersOf(session)).toEqual(both({ confirmed: 2 }));

    // Reading them again (as the host) shows the same positions.
    for (const answer of answers.slice(2)) {
      const again = await read(answer.id, hostAuth);
      expect(again.registration).toMatchObject({
        status: 'waitlisted',
        waitlistPosition: answer.waitlistPosition,
      });
    }
  });

  it('never waitlists a session of unlimited capacity (null)', async () => {
    const { session, ids } = await setup(6, { capacity: null });
    const answers = await Promise.all(ids.map((id) => register(session.id, id)));
    expect(answers.map((answer) => answer.status)).toEqual(Array(6).fill(201));
    expect(answers.map((answer) => answer.registration.status)).toEqual(Array(6).fill('confirmed'));
    expect(answers.every((answer) => answer.registration.waitlistPosition === undefined)).toBe(true);
    expect(await countersOf(session)).toEqual(both({ confirmed: 6 }));
    // Counted by the aggregator (caught up above): no registration wrote the session item.
    expect(await seats(session.id)).toEqual({ seatsTaken: 6, waitlistLength: 0 });
  });

  it('refuses a second registration of the same trainee with 409 ALREADY_REGISTERED and takes no seat', async () => {
    const { session, ids, hostAuth } = await setup(1);
    const trainee = ids[0] as string;
    expect((await register(session.id, trainee)).status).toBe(201);
    const second = await register(session.id, trainee);
    expect(second.status).toBe(409);
    expect(second.error.code).toBe('ALREADY_REGISTERED');
    expect(await seats(session.id)).toEqual({ seatsTaken: 1, waitlistLength: 0 });
    expect(itemsOf(await roster(session.id, hostAuth))).toHaveLength(1);
    expect(await countersOf(session)).toEqual(both({ confirmed: 1 }));
  });

  it('lets exactly one of five concurrent registrations of one trainee through', async () => {
    const { session, ids, hostAuth } = await setup(1);
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => register(session.id, ids[0] as string)),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409, 409, 409, 409]);
    expect(
      answers.filter((answer) => answer.status === 409).every((a) => a.error.code === 'ALREADY_REGISTERED'),
    ).toBe(true);
    expect(await seats(session.id)).toEqual({ seatsTaken: 1, waitlistLength: 0 });
    expect(itemsOf(await roster(session.id, hostAuth))).toHaveLength(1);
  });

  it('refuses a second registration on a full session (waitlisted or seated) and leaves the queue as it was', async () => {
    const { session, ids } = await setup(3, { capacity: 1 });
    const [seated, queued, later] = ids as [string, string, string];
    await registerInOrder(session.id, [seated, queued]);
    for (const trainee of [seated, queued]) {
      const again = await register(session.id, trainee);
      expect(again.status).toBe(409);
      expect(again.error.code).toBe('ALREADY_REGISTERED');
    }
    expect(await seats(session.id)).toEqual({ seatsTaken: 1, waitlistLength: 1 });
    // The next in line still comes after the one already queued.
    const next = await register(session.id, later);
    expect(next.registration).toMatchObject({ status: 'waitlisted', waitlistPosition: 2 });
  });

  it('is open through the deadline day and closes after it with 422 REGISTRATION_CLOSED, writing nothing', async () => {
    // Held from tomorrow (from 1 January when that would straddle the year end).
    const { year, startDate, endDate } = sessionWindow({ deadlineIn: 0, startIn: 1, endIn: 2 });
    const { plan } = await hostWithPublishedPlan({ year });
    const [early, late] = (await trainees(2)).map((person) => person.traineeId) as [string, string];
    const lastDay = await sessionOf(plan, { registrationDeadline: today(), startDate, endDate });
    expect((await register(lastDay.id, early)).status).toBe(201);

    const closed = await sessionOf(plan, { registrationDeadline: addDays(today(), -1), startDate, endDate });
    const refused = await register(closed.id, late);
    expect(refused.status).toBe(422);
    expect(refused.error.code).toBe('REGISTRATION_CLOSED');
    expect(await seats(closed.id)).toEqual({ seatsTaken: 0, waitlistLength: 0 });
    expect(itemsOf(await call(LIST_MINE, traineeClaims(late), { query: { mine: 'true' } }))).toEqual([]);
  });

  it('asks a trainee without a profile to fill it in first: 422 PROFILE_REQUIRED, no seat taken', async () => {
    const { session } = await setup(0);
    const refused = await register(session.id, `no-profile-${Date.now()}-${Math.random()}`);
    expect(refused.status).toBe(422);
    expect(refused.error.code).toBe('PROFILE_REQUIRED');
    expect(await seats(session.id)).toEqual({ seatsTaken: 0, waitlistLength: 0 });
    expect(await countersOf(session)).toEqual(both({}));
  });

  it('answers an unknown session with 404 and a malformed id with 400', async () => {
    const [person] = await trainees(1);
    const unknown = await register('ses_doesnotexist', person?.traineeId as string);
    expect(unknown.status).toBe(404);
    const malformed = await register('not an id!', person?.traineeId as string);
    expect(malformed.status).toBe(400);
  });

  it('is for trainees only (403 for a host)', async () => {
    const { session, hostAuth } = await setup(0);
    const answer = await call(REGISTER, hostAuth, { pathParameters: { sessionId: session.id } });
    expect(answer.status).toBe(403);
    expect(await seats(session.id)).toEqual({ seatsTaken: 0, waitlistLength: 0 });
  });

  it('answers an Idempotency-Key replay with the first answer and registers once (also concurrently)', async () => {
    const { session, ids, hostAuth } = await setup(2);
    const key = `reg-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    const first = await register(session.id, ids[0] as string, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    const replay = await register(session.id, ids[0] as string, { 'idempotency-key': key });
    expect(replay.status).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(first.body);

    const otherKey = `${key}-b`;
    const concurrent = await Promise.all(
      Array.from({ length: 3 }, () =>
        register(session.id, ids[1] as string, { 'idempotency-key': otherKey }),
      ),
    );
    expect(concurrent.map((answer) => answer.status)).toEqual([201, 201, 201]);
    expect(new Set(concurrent.map((answer) => answer.registration.id)).size).toBe(1);

    expect(await seats(session.id)).toEqual({ seatsTaken: 2, waitlistLength: 0 });
    expect(itemsOf(await roster(session.id, hostAuth))).toHaveLength(2);
  });

  it('does not answer a registration for another session with the first session’s registration when a key is reused', async () => {
    // The register route has no body: the session is only in the path. A key reused for another
    // session must not be mistaken for a replay (either refuse it or register for that session).
    const { plan } = await hostWithPublishedPlan();
    const first = await sessionOf(plan);
    const second = await sessionOf(plan);
    const [person] = await trainees(1);
    const traineeId = person?.traineeId as string;
    const key = `reused-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    expect((await register(first.id, traineeId, { 'idempotency-key': key })).status).toBe(201);

    const other = await register(second.id, traineeId, { 'idempotency-key': key });
    if (other.status === 201) {
      expect(other.registration.sessionId).toBe(second.id);
    } else {
      expect(other.status).toBe(422);
      expect(other.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    }
  });
});

describe('POST /registrations/{registrationId}/cancel', () => {
  it('frees the seat for the first waitlisted in the same step and tells that trainee by mail', async () => {
    const { session, people, ids, hostAuth } = await setup(4, { capacity: 2, title: '候补转正测试班次' });
    const [seatA, , queued1, queued2] = await registerInOrder(session.id, ids);
    const before = await countersOf(session);

    const answer = await cancel(seatA?.id as string, traineeClaims(ids[0] as string));
    expect(answer.status).toBe(200);
    expect(answer.registration).toMatchObject({ id: seatA?.id, status: 'cancelled' });
    expect(answer.registration.cancelledAt).toBeDefined();

    const promoted = (await read(queued1?.id as string, hostAuth)).registration;
    expect(promoted.status).toBe('confirmed');
    expect(promoted.confirmedAt).toBeDefined();
    const stillQueued = (await read(queued2?.id as string, hostAuth)).registration;
    expect(stillQueued).toMatchObject({ status: 'waitlisted', waitlistPosition: 2 });

    expect(await seats(session.id)).toEqual({ seatsTaken: 2, waitlistLength: 1 });
    // One left and one came in: the counts of confirmed do not move.
    expect(await countersOf(session)).toEqual(before);

    const mails = await mailsArrived(people[2]?.email as string, 1);
    expect(mails[0]).toMatchObject({ kind: 'waitlist-promoted' });
    expect(mails[0]?.subject).toContain('候补转正测试班次');
    expect(mails[0]?.text).toContain(session.startDate);
    expect(await mailTo(people[3]?.email as string)).toEqual([]);
    expect(await mailTo(people[0]?.email as string)).toEqual([]);

    // The next cancellation promotes the next in line.
    expect((await cancel(promoted.id, traineeClaims(ids[2] as string))).status).toBe(200);
    expect((await read(queued2?.id as string, hostAuth)).registration.status).toBe('confirmed');
    expect(await seats(session.id)).toEqual({ seatsTaken: 2, waitlistLength: 0 });
    await mailsArrived(people[3]?.email as string, 1);
    expect(await mailTo(people[2]?.email as string)).toHaveLength(1);
  });

  it('frees the seat when nobody waits, refuses a second cancel with 409, and lets the trainee register again', async () => {
    const { session, ids } = await setup(2);
    const trainee = ids[0] as string;
    const [mine] = await registerInOrder(session.id, ids);
    expect(await countersOf(session)).toEqual(both({ confirmed: 2 }));

    expect((await cancel(mine?.id as string, traineeClaims(trainee))).status).toBe(200);
    expect(await seats(session.id)).toEqual({ seatsTaken: 1, waitlistLength: 0 });
    expect(await countersOf(session)).toEqual(both({ confirmed: 1 }));

    const twice = await cancel(mine?.id as string, traineeClaims(trainee));
    expect(twice.status).toBe(409);
    expect(twice.error.code).toBe('ALREADY_CANCELLED');
    expect(await seats(session.id)).toEqual({ seatsTaken: 1, waitlistLength: 0 });

    const again = await register(session.id, trainee);
    expect(again.status).toBe(201);
    expect(again.registration.status).toBe('confirmed');
    expect(again.registration.id).not.toBe(mine?.id);
    expect(await seats(session.id)).toEqual({ seatsTaken: 2, waitlistLength: 0 });
    expect(await countersOf(session)).toEqual(both({ confirmed: 2 }));

    const listed = itemsOf(await call(LIST_MINE, traineeClaims(trainee), { query: { mine: 'true' } }));
    expect(listed.map((registration) => registration.status).sort()).toEqual(['cancelled', 'confirmed']);
  });

  it('cancels one of two concurrent cancellations only (the other is 409), freeing one seat', async () => {
    const { session, ids } = await setup(2);
    const [mine] = await registerInOrder(session.id, ids);
    const answers = await Promise.all([
      cancel(mine?.id as string, traineeClaims(ids[0] as string)),
      cancel(mine?.id as string, traineeClaims(ids[0] as string)),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
    expect(await seats(session.id)).toEqual({ seatsTaken: 1, waitlistLength: 0 });
    expect(await countersOf(session)).toEqual(both({ confirmed: 1 }));
  });

  it('shortens the waitlist when a waitlisted trainee cancels, promoting nobody', async () => {
    const { session, people, ids, hostAuth } = await setup(4, { capacity: 1 });
    const [seated, first, second, third] = await registerInOrder(session.id, ids);
    const answer = await cancel(first?.id as string, traineeClaims(ids[1] as string));
    expect(answer.status).toBe(200);
    expect(answer.registration.status).toBe('cancelled');

    expect(await seats(session.id)).toEqual({ seatsTaken: 1, waitlistLength: 2 });
    expect((await read(seated?.id as string, hostAuth)).registration.status).toBe('confirmed');
    expect((await read(second?.id as string, hostAuth)).registration).toMatchObject({
      status: 'waitlisted',
      waitlistPosition: 2,
    });
    expect((await read(third?.id as string, hostAuth)).registration).toMatchObject({
      status: 'waitlisted',
      waitlistPosition: 3,
    });
    expect(await countersOf(session)).toEqual(both({ confirmed: 1 }));
    for (const person of people) expect(await mailTo(person.email)).toEqual([]);

    // The seat then goes to the next one still waiting, not to the one who left the queue.
    expect((await cancel(seated?.id as string, hostAuth)).status).toBe(200);
    expect((await read(first?.id as string, hostAuth)).registration.status).toBe('cancelled');
    expect((await read(second?.id as string, hostAuth)).registration.status).toBe('confirmed');
    expect(await seats(session.id)).toEqual({ seatsTaken: 1, waitlistLength: 1 });
    await mailsArrived(people[2]?.email as string, 1);
    // Told once: nobody else who waited, or left, hears of it.
    for (const person of [people[0], people[1], people[3]])
      expect(await mailTo(person?.email as string)).toEqual([]);
  });

  it('does not free a seat while someone waits, even when the canceller read the waitlist as empty', async () => {
    // The handler reads the first waitlisted (a GSI query: eventually consistent in the cloud)
    // before its transaction. A trainee who joins the waitlist after that read must not be left
    // waiting beside a free seat that the next registrant then takes.
    const { session, ids } = await setup(3, { capacity: 1 });
    const [seated] = await registerInOrder(session.id, ids.slice(0, 1));
    const successor = await firstWaitlisted(session.id);
    expect(successor).toBeUndefined();
    const [queued] = await registerInOrder(session.id, ids.slice(1, 2));
    expect(queued?.status).toBe('waitlisted');

    await cancelOnce(seated as Registration, successor, new Date()).catch(() => undefined);
    const after = await seats(session.id);
    const seatFreeWhileWaiting = after.seatsTaken < 1 && after.waitlistLength > 0;
    expect(seatFreeWhileWaiting, JSON.stringify(after)).toBe(false);
  });

  it('closes for trainees on the start date (422 CANCELLATION_CLOSED); the host and admin still cancel', async () => {
    // Starts today and ends tomorrow, or today on 31 December.
    const { year: _year, ...startingToday } = sessionWindowThisYear({ deadlineIn: 0, startIn: 0, endIn: 1 });
    const { session, ids, hostAuth } = await setup(3, startingToday);
    const [a, b] = await registerInOrder(session.id, ids.slice(0, 2));
    const refused = await cancel(a?.id as string, traineeClaims(ids[0] as string));
    expect(refused.status).toBe(422);
    expect(refused.error.code).toBe('CANCELLATION_CLOSED');
    expect((await read(a?.id as string, hostAuth)).registration.status).toBe('confirmed');
    expect(await seats(session.id)).toEqual({ seatsTaken: 2, waitlistLength: 0 });

    expect((await cancel(a?.id as string, hostAuth)).registration.status).toBe('cancelled');
    expect((await cancel(b?.id as string, ADMIN)).registration.status).toBe('cancelled');
    expect(await seats(session.id)).toEqual({ seatsTaken: 0, waitlistLength: 0 });
    expect(await countersOf(session)).toEqual(both({ confirmed: 0 }));
  });

  it('answers another trainee, another host and an unknown id with 404, changing nothing', async () => {
    const { session, ids } = await setup(2);
    const [mine] = await registerInOrder(session.id, ids.slice(0, 1));
    const { host: otherHost } = await hostWithPublishedPlan();
    const byOther = await cancel(mine?.id as string, traineeClaims(ids[1] as string));
    expect(byOther.status).toBe(404);
    expect((await cancel(mine?.id as string, hostClaims(otherHost.id))).status).toBe(404);
    expect((await cancel('reg_doesnotexist', traineeClaims(ids[0] as string))).status).toBe(404);
    expect((await getRegistration(mine?.id as string))?.status).toBe('confirmed');
    expect(await seats(session.id)).toEqual({ seatsTaken: 1, waitlistLength: 0 });
  });
});

describe('reading registrations', () => {
  it('shows one registration to its trainee, the session’s host and admin; 404 to anyone else', async () => {
    const { session, ids, hostAuth } = await setup(2);
    const [mine] = await registerInOrder(session.id, ids.slice(0, 1));
    const { host: otherHost } = await hostWithPublishedPlan();
    for (const claims of [traineeClaims(ids[0] as string), hostAuth, ADMIN]) {
      const answer = await read(mine?.id as string, claims);
      expect(answer.status).toBe(200);
      expect(answer.registration).toEqual(mine);
    }
    expect((await read(mine?.id as string, traineeClaims(ids[1] as string))).status).toBe(404);
    expect((await read(mine?.id as string, hostClaims(otherHost.id))).status).toBe(404);
    expect((await read('reg_doesnotexist', ADMIN)).status).toBe(404);
  });

  it('shows the roster to the session’s host and admin only (403 for another host or a trainee)', async () => {
    const { session, ids, hostAuth } = await setup(3, { capacity: 2 });
    const registered = await registerInOrder(session.id, ids);
    const { host: otherHost } = await hostWithPublishedPlan();
    for (const claims of [hostAuth, ADMIN]) {
      const answer = await roster(session.id, claims);
      expect(answer.status).toBe(200);
      expect(
        itemsOf(answer)
          .map((registration) => registration.id)
          .sort(),
      ).toEqual(registered.map((registration) => registration.id).sort());
      expect(answer.body.nextCursor).toBeNull();
    }
    expect((await roster(session.id, hostClaims(otherHost.id))).status).toBe(403);
    expect((await roster(session.id, traineeClaims(ids[0] as string))).status).toBe(403);
    expect((await roster('ses_doesnotexist', ADMIN)).status).toBe(404);
  });

  it('lists a trainee’s own registrations only with mine=true (400 for mine=false or none)', async () => {
    const { plan } = await hostWithPublishedPlan();
    const first = await sessionOf(plan);
    const second = await sessionOf(plan);
    const [a, b] = (await trainees(2)).map((person) => person.traineeId) as [string, string];
    const mine = [(await register(first.id, a)).registration, (await register(second.id, a)).registration];
    await register(first.id, b);

    const listed = await call(LIST_MINE, traineeClaims(a), { query: { mine: 'true' } });
    expect(listed.status).toBe(200);
    expect(
      itemsOf(listed)
        .map((registration) => registration.id)
        .sort(),
    ).toEqual(mine.map((registration) => registration.id).sort());
    expect(itemsOf(listed).every((registration) => registration.traineeId === a)).toBe(true);

    const refused = await call(LIST_MINE, traineeClaims(a), { query: { mine: 'false' } });
    expect(refused.status).toBe(400);
    expect(refused.error.details?.[0]?.field).toBe('mine');
    expect((await call(LIST_MINE, traineeClaims(a))).status).toBe(400);
  });
});

describe('POST /sessions/{sessionId}/attendance', () => {
  it('records who was present on a day of the session, for its host', async () => {
    const { session, ids, hostAuth } = await setup(2);
    const registered = await registerInOrder(session.id, ids);
    const present = registered.map((registration) => registration.id);
    const answer = await attendance(session.id, hostAuth, { date: session.startDate, present });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ sessionId: session.id, date: session.startDate, present });
    // The same day again replaces that day's list.
    const again = await attendance(session.id, hostAuth, { date: session.startDate, present: [present[0]] });
    expect(again.status).toBe(200);
    expect(again.body.present).toEqual([present[0]]);
  });

  it('refuses a date outside the session with 400 naming `date`', async () => {
    const { session, ids, hostAuth } = await setup(1);
    const [mine] = await registerInOrder(session.id, ids);
    for (const date of [addDays(session.startDate, -1), addDays(session.endDate, 1)]) {
      const answer = await attendance(session.id, hostAuth, { date, present: [mine?.id] });
      expect(answer.status).toBe(400);
      expect(answer.error.details?.map((detail) => detail.field)).toContain('date');
    }
  });

  it('refuses waitlisted, cancelled and other sessions’ registrations with 400', async () => {
    const { session, plan, ids, hostAuth } = await setup(3, { capacity: 1 });
    const [seated, queued] = await registerInOrder(session.id, ids.slice(0, 2));
    const elsewhereSession = await sessionOf(plan);
    const elsewhere = (await register(elsewhereSession.id, ids[2] as string)).registration;
    const cancelledOne = (await register(elsewhereSession.id, ids[0] as string)).registration;
    await cancel(cancelledOne.id, hostAuth);

    const waitlisted = await attendance(session.id, hostAuth, {
      date: session.startDate,
      present: [seated?.id, queued?.id],
    });
    expect(waitlisted.status).toBe(400);
    expect(waitlisted.error.details?.[0]).toMatchObject({ field: 'present', registrationIds: [queued?.id] });

    const cancelled = await attendance(elsewhereSession.id, hostAuth, {
      date: elsewhereSession.startDate,
      present: [elsewhere.id, cancelledOne.id],
    });
    expect(cancelled.status).toBe(400);
    expect(cancelled.error.details?.[0]).toMatchObject({
      field: 'present',
      registrationIds: [cancelledOne.id],
    });

    const stranger = await attendance(session.id, hostAuth, {
      date: session.startDate,
      present: [elsewhere.id],
    });
    expect(stranger.status).toBe(400);
    expect(stranger.error.details?.[0]).toMatchObject({ field: 'present', registrationIds: [elsewhere.id] });
  });

  it('is for the session’s host: 403 for another host, 404 for an unknown session', async () => {
    const { session, ids } = await setup(1);
    const [mine] = await registerInOrder(session.id, ids);
    const { host: otherHost } = await hostWithPublishedPlan();
    const body = { date: session.startDate, present: [mine?.id] };
    expect((await attendance(session.id, hostClaims(otherHost.id), body)).status).toBe(403);
    expect((await attendance('ses_doesnotexist', hostClaims(otherHost.id), body)).status).toBe(404);
    expect((await attendance(session.id, traineeClaims(ids[0] as string), body)).status).toBe(403);
  });
});

describe('POST /sessions/{sessionId}/results', () => {
  // Trainees register now; results are recorded once the session has ended, later on the clock.
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  const onDay = (date: string) => vi.setSystemTime(new Date(`${date}T10:00:00+08:00`));

  it('completes a pass (ledger entry, counters) and fails a fail, on the end date and not before', async () => {
    const { session, ids, hostAuth } = await setup(3, { creditHours: 7.5, subjectType: 'public-elective' });
    const [passer, failer, untouched] = await registerInOrder(session.id, ids);
    const year = yearOf(session.endDate);
    expect(await countersOf(session)).toEqual(both({ confirmed: 3 }));
    const batch = [
      { registrationId: passer?.id, passed: true, score: 92.5 },
      { registrationId: failer?.id, passed: false, score: 41 },
    ];

    // The day before the end (let alone before the start): refused, nothing written.
    onDay(addDays(session.endDate, -1));
    const early = await results(session.id, hostAuth, batch);
    expect(early.status).toBe(422);
    expect(early.error).toMatchObject({
      code: 'SESSION_NOT_ENDED',
      details: [{ field: 'endDate', endDate: session.endDate }],
    });
    expect((await getRegistration(passer?.id as string))?.status).toBe('confirmed');
    expect(await ledgerEntries(ids[0] as string, year)).toEqual([]);
    expect(await countersOf(session)).toEqual(both({ confirmed: 3 }));

    onDay(session.endDate);
    const answer = await results(session.id, hostAuth, batch);
    expect(answer.status).toBe(200);
    const [passed, failed] = itemsOf(answer);
    expect(passed).toMatchObject({
      id: passer?.id,
      status: 'completed',
      result: { passed: true, score: 92.5, recordedBy: 'host-user' },
    });
    expect(failed).toMatchObject({ id: failer?.id, status: 'failed', result: { passed: false, score: 41 } });
    expect((await getRegistration(passer?.id as string))?.status).toBe('completed');
    expect((await getRegistration(failer?.id as string))?.status).toBe('failed');
    expect((await getRegistration(untouched?.id as string))?.status).toBe('confirmed');

    const entries = await ledgerEntries(ids[0] as string, year);
    expect(entries).toEqual([
      expect.objectContaining({
        traineeId: ids[0],
        year,
        registrationId: passer?.id,
        sessionId: session.id,
        subjectType: 'public-elective',
        hours: 7.5,
      }),
    ]);
    expect(await ledgerEntries(ids[1] as string, year)).toEqual([]);
    expect(await countersOf(session)).toEqual(both({ confirmed: 3, completed: 1, failed: 1, hours: 7.5 }));

    // A recorded result is final: no cancelling it afterwards.
    const cancelled = await cancel(passer?.id as string, hostAuth);
    expect(cancelled.status).toBe(409);
    expect(await countersOf(session)).toEqual(both({ confirmed: 3, completed: 1, failed: 1, hours: 7.5 }));
  });

  it('counts hours in the year of the session’s end date for the host, in the plan’s year for the plan', async () => {
    const { plan, ids, hostAuth } = await setup(1);
    const nextYear = plan.year + 1;
    // Stored before sessions were held to their plan's year: one that ends in the next year.
    const session = await storedAsBefore(await sessionOf(plan, { creditHours: 12 }), {
      endDate: `${nextYear}-01-20`,
    });
    const [mine] = await registerInOrder(session.id, ids);
    onDay(session.endDate);
    expect((await results(session.id, hostAuth, [{ registrationId: mine?.id, passed: true }])).status).toBe(
      200,
    );
    expect((await ledgerEntries(ids[0] as string, nextYear)).map((entry) => entry.hours)).toEqual([12]);
    expect(await ledgerEntries(ids[0] as string, nextYear - 1)).toEqual([]);
    // The host counts them in the year the session ends; the plan in its own year (its report).
    const counted = { ...zeroCounters, confirmed: 1, completed: 1, hours: 12 };
    expect((await countersOf(session, nextYear)).org).toEqual(counted);
    expect((await countersOf(session, session.year)).plan).toEqual(counted);
    expect((await countersOf(session, nextYear)).plan).toEqual(zeroCounters);
  });

  it('adds the hours once when the same results are posted twice, in turn and concurrently', async () => {
    const { session, ids, hostAuth } = await setup(2, { creditHours: 16 });
    const [first, second] = await registerInOrder(session.id, ids);
    const year = yearOf(session.endDate);
    onDay(session.endDate);

    const batch = [{ registrationId: first?.id, passed: true, score: 80 }];
    expect((await results(session.id, hostAuth, batch)).status).toBe(200);
    const again = await results(session.id, hostAuth, batch);
    expect(again.status).toBe(200);
    expect(itemsOf(again)[0]?.status).toBe('completed');
    expect(await ledgerEntries(ids[0] as string, year)).toHaveLength(1);

    const concurrentBatch = [{ registrationId: second?.id, passed: true }];
    const concurrent = await Promise.all([
      results(session.id, hostAuth, concurrentBatch),
      results(session.id, hostAuth, concurrentBatch),
      results(session.id, hostAuth, concurrentBatch),
    ]);
    expect(concurrent.map((answer) => answer.status)).toEqual([200, 200, 200]);
    expect(concurrent.map((answer) => itemsOf(answer)[0]?.status)).toEqual([
      'completed',
      'completed',
      'completed',
    ]);
    expect(await ledgerEntries(ids[1] as string, year)).toHaveLength(1);

    expect(await countersOf(session)).toEqual(both({ confirmed: 2, completed: 2, hours: 32 }));
  });

  it('refuses a different second result with 409 RESULT_ALREADY_RECORDED, changing nothing', async () => {
    const { session, ids, hostAuth } = await setup(2, { creditHours: 10 });
    const [passer, failer] = await registerInOrder(session.id, ids);
    onDay(session.endDate);
    await results(session.id, hostAuth, [
      { registrationId: passer?.id, passed: true },
      { registrationId: failer?.id, passed: false },
    ]);
    const before = await countersOf(session);
    for (const [registration, passed] of [
      [passer, false],
      [failer, true],
    ] as const) {
      const answer = await results(session.id, hostAuth, [{ registrationId: registration?.id, passed }]);
      expect(answer.status).toBe(409);
      expect(answer.error.code).toBe('RESULT_ALREADY_RECORDED');
    }
    expect((await getRegistration(passer?.id as string))?.status).toBe('completed');
    expect((await getRegistration(failer?.id as string))?.status).toBe('failed');
    expect(await ledgerEntries(ids[0] as string, yearOf(session.endDate))).toHaveLength(1);
    expect(await ledgerEntries(ids[1] as string, yearOf(session.endDate))).toEqual([]);
    expect(await countersOf(session)).toEqual(before);
  });

  it('refuses results for waitlisted and cancelled registrations with 409 NOT_CONFIRMED, writing nothing of the batch', async () => {
    const { session, ids, hostAuth } = await setup(3, { capacity: 2 });
    const [seated, leaving, queued] = await registerInOrder(session.id, ids);
    // Cancel by the host: the queued one is promoted, so queue someone else afterwards.
    const late = (await trainees(1))[0]?.traineeId as string;
    await cancel(leaving?.id as string, hostAuth);
    const waitlisted = (await register(session.id, late)).registration;
    expect(waitlisted.status).toBe('waitlisted');
    expect((await getRegistration(queued?.id as string))?.status).toBe('confirmed');
    const before = await countersOf(session);
    onDay(session.endDate);

    for (const stranger of [waitlisted, leaving]) {
      const answer = await results(session.id, hostAuth, [
        { registrationId: seated?.id, passed: true },
        { registrationId: stranger?.id, passed: true },
      ]);
      expect(answer.status).toBe(409);
      expect(answer.error.code).toBe('NOT_CONFIRMED');
    }
    expect((await getRegistration(seated?.id as string))?.status).toBe('confirmed');
    expect(await ledgerEntries(ids[0] as string, yearOf(session.endDate))).toEqual([]);
    expect(await countersOf(session)).toEqual(before);
  });

  it('refuses a batch holding a registration of another session with 400, writing none of it', async () => {
    const { session, plan, ids, hostAuth } = await setup(3, { creditHours: 8 });
    const [a, b] = await registerInOrder(session.id, ids.slice(0, 2));
    const elsewhereSession = await sessionOf(plan);
    const elsewhere = (await register(elsewhereSession.id, ids[2] as string)).registration;
    const before = await countersOf(session);
    onDay(session.endDate);

    const answer = await results(session.id, hostAuth, [
      { registrationId: a?.id, passed: true },
      { registrationId: elsewhere.id, passed: true },
      { registrationId: b?.id, passed: false },
    ]);
    expect(answer.status).toBe(400);
    expect(answer.error.details?.[0]).toMatchObject({ field: 'results', registrationIds: [elsewhere.id] });
    expect((await getRegistration(a?.id as string))?.status).toBe('confirmed');
    expect((await getRegistration(b?.id as string))?.status).toBe('confirmed');
    expect((await getRegistration(elsewhere.id))?.status).toBe('confirmed');
    expect(await ledgerEntries(ids[0] as string, yearOf(session.endDate))).toEqual([]);
    expect(await countersOf(session)).toEqual(before);
    expect(await countersOf(elsewhereSession)).toEqual(before);

    const unknown = await results(session.id, hostAuth, [
      { registrationId: 'reg_doesnotexist', passed: true },
    ]);
    expect(unknown.status).toBe(400);
  });

  it('is for the session’s host: 403 for another host, 404 for an unknown session', async () => {
    const { session, ids } = await setup(1);
    const [mine] = await registerInOrder(session.id, ids);
    const { host: otherHost } = await hostWithPublishedPlan();
    const batch = [{ registrationId: mine?.id, passed: true }];
    expect((await results(session.id, hostClaims(otherHost.id), batch)).status).toBe(403);
    expect((await results('ses_doesnotexist', hostClaims(otherHost.id), batch)).status).toBe(404);
    expect((await results(session.id, traineeClaims(ids[0] as string), batch)).status).toBe(403);
    expect((await getRegistration(mine?.id as string))?.status).toBe('confirmed');
  });

  it('answers bad bodies with 400, never a 500', async () => {
    const { session, ids, hostAuth } = await setup(1);
    const [mine] = await registerInOrder(session.id, ids);
    const bodies: unknown[] = [
      {},
      { results: [] },
      { results: [{ registrationId: mine?.id }] },
      { results: [{ registrationId: mine?.id, passed: 'yes' }] },
      { results: [{ registrationId: mine?.id, passed: true, score: 101 }] },
      { results: [{ registrationId: mine?.id, passed: true, extra: 1 }] },
      {
        results: [
          { registrationId: mine?.id, passed: true },
          { registrationId: mine?.id, passed: true },
        ],
      },
    ];
    for (const body of bodies) {
      const answer = await call(RESULTS, hostAuth, { pathParameters: { sessionId: session.id }, body });
      expect(answer.status, JSON.stringify(body)).toBe(400);
    }
    const malformed = await call(RESULTS, hostAuth, {
      pathParameters: { sessionId: session.id },
      rawBody: '{"results":',
    });
    expect(malformed.status).toBe(400);
    const badAttendance = await attendance(session.id, hostAuth, { date: '2026-13-40', present: [] });
    expect(badAttendance.status).toBe(400);
    expect((await read('not an id!', ADMIN)).status).toBe(400);
    expect((await getRegistration(mine?.id as string))?.status).toBe('confirmed');
    expect(await countersOf(session)).toEqual(both({ confirmed: 1 }));
  });
});

describe('the notifier', () => {
  const record = (sequence: string, image: Record<string, unknown>) => ({
    eventName: 'INSERT' as const,
    eventSource: 'aws:dynamodb',
    dynamodb: {
      SequenceNumber: sequence,
      NewImage: marshall(image) as unknown as Record<string, AttributeValue>,
    },
  });

  it('tells a notice once however often the stream hands it over', async () => {
    const { session, people } = await setup(1, { title: '重复投递测试班次' });
    const person = people[0] as (typeof people)[number];
    const notice = promotionNotice(
      { id: `reg_redelivered_${person.traineeId}`, traineeId: person.traineeId, sessionId: session.id },
      new Date(),
    );
    const event = { Records: [record('1', { entity: 'notice', ...notice })] };
    expect(await tellNotices(event)).toEqual({ batchItemFailures: [] });
    expect(await tellNotices(event)).toEqual({ batchItemFailures: [] });
    const mails = await mailTo(person.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toContain('重复投递测试班次');
  });

  it('reports the first record it cannot tell, so the stream hands it and those after it over again', async () => {
    const { session, people } = await setup(1);
    const person = people[0] as (typeof people)[number];
    const later = promotionNotice(
      { id: `reg_after_bad_${person.traineeId}`, traineeId: person.traineeId, sessionId: session.id },
      new Date(),
    );
    const answer = await tellNotices({
      Records: [
        record('7', { entity: 'notice', kind: 'not-a-kind', registrationId: 'reg_x' }),
        record('8', { entity: 'notice', ...later }),
      ],
    });
    expect(answer).toEqual({ batchItemFailures: [{ itemIdentifier: '7' }] });
    expect(await mailTo(person.email)).toEqual([]);
  });
});
