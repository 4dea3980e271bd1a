/**
 * Registrations through crashes, driven as registrants would: the local system on one persistent
 * data folder, every registrant retrying with its own Idempotency-Key and body (Retry-After
 * honoured, connection errors and 5xx tried again) until it gets a final answer.
 * - A replay racing a first request slow to record its answer is told when to come back (409
 *   IDEMPOTENCY_IN_PROGRESS with Retry-After), then gets the first answer.
 * - The system killed after a registration was written but before its answer was recorded: the
 *   retry is told to wait out the dead request's claim, then gets that registration (201).
 * - DynamoDB Local killed (SIGKILL) mid-burst once ten seats are taken, `npm start` started again
 *   on the same data; and the whole system killed while the registrations' stream is being
 *   counted. After each: every answer 201, every registration wholly there or wholly absent, seats
 *   as many as confirmed registrations, nobody twice, counters equal to the recount.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { HELD_MARK } from '#infra/local/dynamodb-delay';
import { API_TIMEOUT_SECONDS } from '#shared/functions';
import { LEASE_MARGIN_SECONDS } from '#shared/store/idempotency';
import { ApiClient, type ApiResponse } from '../support/api-client';
import { FaultSystem, until } from '../support/fault-system';
import { publishedSession, traineeWithProfile } from '../support/http-scenario';
import {
  type AuditStore,
  auditSession,
  type CounterScope,
  countersOnceCaughtUp,
  openAuditStore,
} from '../support/registration-audit';
import { describeAttempts, type Outcome, sendUntilAnswered } from '../support/retrying-client';
import { sessionWindow } from '../support/session-window';

const CAPACITY = 30;
const REGISTRANTS = 45;
/** Seats taken when DynamoDB Local is killed: the burst is well under way, far from over. */
const SEATS_BEFORE_KILL = 10;
/** The longest Retry-After a claim made under `timeoutSeconds` may give: its lease, rounded up. */
const longestRetryAfter = (timeoutSeconds: number) => timeoutSeconds + LEASE_MARGIN_SECONDS + 1;
/**
 * Everything runs with the cloud's API timeout, so claims cut short by a crash run out as they
 * would there: a burst's requests queue for their turn (LOCAL_CONCURRENCY) before their clock starts.
 */
const BURST_RETRY_AFTER_LIMIT = longestRetryAfter(API_TIMEOUT_SECONDS);
/** The single slow requests run with the cloud's API timeout, so their claims run out as there. */
const SLOW_RETRY_AFTER_LIMIT = longestRetryAfter(API_TIMEOUT_SECONDS);
/** How long a first request is held before recording its answer: past a replay's own wait. */
const SLOW_ANSWER_MS = 7000;
/** Long enough for a restart and a lease on a busy two-core machine; never reached when all is well. */
const CLIENT_DEADLINE_MS = 240_000;

let faults: FaultSystem;
let store: AuditStore;
let anonymous: ApiClient;
let host: ApiClient;
/** The plan and host of every session here, and those sessions: what the counters recount. */
let scope: CounterScope & { sessionIds: string[] };
let trainees: { client: ApiClient; id: string }[];

/** Another session of the plan: every session of the plan is in the counters' recount. */
async function newSession(title: string): Promise<string> {
  const { year: _year, ...dates } = sessionWindow({ deadlineIn: 5, startIn: 10, endIn: 11 });
  const created = await host.post(`/plans/${scope.planId}/sessions`, {
    title,
    ...dates,
    capacity: CAPACITY,
    creditHours: 8,
    subjectType: 'professional',
    mode: 'online',
    city: '南宁',
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  scope.sessionIds.push(created.body.id);
  return created.body.id;
}

/** The subject of a token: who the API says the caller is. */
async function traineeId(client: ApiClient): Promise<string> {
  const me = await client.get('/trainees/me');
  expect(me.status, JSON.stringify(me.body)).toBe(200);
  return me.body.traineeId;
}

const register = (client: ApiClient, sessionId: string, key: string) =>
  client.post(`/sessions/${sessionId}/registrations`, undefined, { 'idempotency-key': key });

/** Every trainee registers for `sessionId` at once, each with its own key, retrying until answered. */
function burst(sessionId: string): Promise<Outcome>[] {
  return trainees.map(({ client }) =>
    sendUntilAnswered(client, 'POST', `/sessions/${sessionId}/registrations`, `burst-${randomUUID()}`, {
      deadlineMs: CLIENT_DEADLINE_MS,
    }),
  );
}

const retryAfterOf = (answer: ApiResponse) => Number(answer.headers.get('retry-after'));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * What every burst must end in, whatever was killed meanwhile. Each rule is checked softly, so a
 * failing run names every rule it broke, not only the first.
 */
async function expectWhole(sessionId: string, outcomes: Outcome[]): Promise<void> {
  const unanswered = outcomes.filter((outcome) => !outcome.answer);
  expect
    .soft(
      unanswered.map((outcome) => describeAttempts(outcome.attempts)),
      'registrants with no final answer',
    )
    .toEqual([]);
  // Every 409 IDEMPOTENCY_IN_PROGRESS said when to come back, in whole seconds within the lease.
  const retryAfters = outcomes.flatMap((outcome) =>
    outcome.attempts.filter((attempt) => attempt.code === 'IDEMPOTENCY_IN_PROGRESS').map((a) => a.retryAfter),
  );
  expect
    .soft(
      retryAfters.filter(
        (retryAfter) => !/^[1-9]\d*$/.test(retryAfter ?? '') || Number(retryAfter) > BURST_RETRY_AFTER_LIMIT,
      ),
      'IDEMPOTENCY_IN_PROGRESS without a Retry-After of whole seconds within the lease',
    )
    .toEqual([]);
  const refused = outcomes.filter((outcome) => outcome.answer && outcome.answer.status !== 201);
  expect
    .soft(
      refused.map(
        (outcome) =>
          `${outcome.answer?.status} ${outcome.answer?.body?.error?.code}: ${describeAttempts(outcome.attempts)}`,
      ),
      'final answers other than 201',
    )
    .toEqual([]);

  const audit = await auditSession(
    store,
    sessionId,
    trainees.map((trainee) => trainee.id),
  );
  expect.soft(audit.problems, 'registrations not wholly there or wholly absent').toEqual([]);
  // More registrants than seats, and nobody takes a seat while anyone waits: every seat is taken.
  expect.soft(audit.confirmed.length, 'confirmed registrations').toBe(CAPACITY);
  expect.soft(audit.waitlisted.length, 'waitlisted registrations').toBe(REGISTRANTS - CAPACITY);
  // Each registrant's 201 is its registration as it stands.
  const active = new Map(audit.active.map((registration) => [registration.id, registration]));
  const mismatched = outcomes.flatMap((outcome, n) => {
    const answered = outcome.answer?.status === 201 ? outcome.answer.body : undefined;
    const stored = answered ? active.get(answered.id) : undefined;
    return answered && (stored?.traineeId !== trainees[n]?.id || stored?.status !== answered.status)
      ? [`registrant ${n} answered ${answered.id} (${answered.status}), stored ${JSON.stringify(stored)}`]
      : [];
  });
  expect.soft(mismatched, '201 answers that are not the registration as stored').toEqual([]);

  const counters = await countersOnceCaughtUp(store, scope);
  expect.soft(counters.stored, 'counters against the recount').toEqual(counters.recount);
}

beforeAll(async () => {
  faults = await FaultSystem.start({ env: { API_TIMEOUT_SECONDS: String(API_TIMEOUT_SECONDS) } });
  store = await openAuditStore(faults.dynamoPort, { freshModules: () => vi.resetModules() });
  anonymous = new ApiClient(faults.baseUrl);
  const admin = await anonymous.as('faults-admin', 'admin', 'org_hrss');
  const published = await publishedSession(anonymous, admin, {
    capacity: CAPACITY,
    hostName: '故障测试承办单位',
  });
  host = published.host;
  scope = { planId: published.planId, hostOrgId: published.orgId, sessionIds: [published.sessionId] };
  trainees = [];
  for (let start = 0; start < REGISTRANTS; start += 10) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(10, REGISTRANTS - start) }, async (_, i) => {
        const client = await traineeWithProfile(anonymous, start + i);
        return { client, id: await traineeId(client) };
      }),
    );
    trainees.push(...batch);
  }
}, 300_000);

afterAll(async () => {
  await faults?.close();
});

describe('a replay meeting a first request still running', () => {
  it('is told when to come back (409 with Retry-After), then gets the first answer', async () => {
    const sessionId = await newSession('重放等待班次');
    const { client } = trainees[0] as { client: ApiClient };
    await faults.restart({
      DYNAMODB_DELAY: `UpdateItem:idempotency:${SLOW_ANSWER_MS}`,
      API_TIMEOUT_SECONDS: String(API_TIMEOUT_SECONDS),
    });
    const key = `slow-${randomUUID()}`;

    const first = register(client, sessionId, key);
    await faults.waitForOutput(HELD_MARK);
    const replay = await register(client, sessionId, key);
    expect(replay.status, JSON.stringify(replay.body)).toBe(409);
    expect(replay.body.error.code).toBe('IDEMPOTENCY_IN_PROGRESS');
    expect(replay.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
    expect(retryAfterOf(replay)).toBeLessThanOrEqual(SLOW_RETRY_AFTER_LIMIT);
    expect(replay.body.error.message).toContain(`${retryAfterOf(replay)} 秒后`);

    const answered = await first;
    expect(answered.status, JSON.stringify(answered.body)).toBe(201);
    // Coming back when told, the replay gets the first answer.
    await sleep(retryAfterOf(replay) * 1000);
    const later = await register(client, sessionId, key);
    expect(later.status, JSON.stringify(later.body)).toBe(201);
    expect(later.headers.get('idempotent-replayed')).toBe('true');
    expect(later.body).toEqual(answered.body);
  }, 240_000);

  it('whose system died after the write gets that registration, its claim taken over', async () => {
    const sessionId = await newSession('崩溃接管班次');
    const { client, id } = trainees[1] as { client: ApiClient; id: string };
    const key = `crash-${randomUUID()}`;

    // Still holding every answer (the previous test's start): the registration is written, the
    // answer not recorded, when the system is killed.
    const first = register(client, sessionId, key).catch((error: Error) => error);
    await faults.waitForOutput(HELD_MARK, 2);
    await faults.killSystem();
    expect(await first).toBeInstanceOf(Error);
    await faults.startAgain();

    // Told to wait while the dead request's claim lasts (unless the restart outlasted it), then
    // answered with the registration that request wrote.
    const retried = await sendUntilAnswered(client, 'POST', `/sessions/${sessionId}/registrations`, key, {
      deadlineMs: 120_000,
    });
    const story = describeAttempts(retried.attempts);
    for (const attempt of retried.attempts.filter((one) => one.code === 'IDEMPOTENCY_IN_PROGRESS')) {
      expect(attempt.retryAfter, story).toMatch(/^[1-9]\d*$/);
      expect(Number(attempt.retryAfter), story).toBeLessThanOrEqual(SLOW_RETRY_AFTER_LIMIT);
    }
    expect(retried.answer?.status, `${story}: ${JSON.stringify(retried.answer?.body)}`).toBe(201);
    const audit = await auditSession(store, sessionId, [id]);
    expect(audit.problems).toEqual([]);
    expect(audit.active.map((registration) => registration.id)).toEqual([retried.answer?.body.id]);
  }, 240_000);
});

describe(`${REGISTRANTS} registrants on a ${CAPACITY}-seat session`, () => {
  it(`all get 201 and the books balance after DynamoDB Local is killed at ${SEATS_BEFORE_KILL} seats`, async () => {
    const sessionId = await newSession('数据库崩溃班次');
    const outcomes = burst(sessionId);
    await until(
      async () => ((await store.getSession(sessionId))?.seatsTaken ?? 0) >= SEATS_BEFORE_KILL,
      60_000,
      () => `${SEATS_BEFORE_KILL} seats taken`,
      20,
    );
    await faults.killDynamoDb();
    await faults.restart();
    await expectWhole(sessionId, await Promise.all(outcomes));
  }, 420_000);

  it('all get 201 and the counters equal the recount after the system is killed while counting', async () => {
    const sessionId = await newSession('汇总崩溃班次');
    const before = await store.readCounters({ kind: 'plan', id: scope.planId }, sessionWindow().year);
    const outcomes = burst(sessionId);
    // Killed as soon as the counters have taken in part of this burst, its stream records still coming.
    await until(
      async () =>
        (await store.readCounters({ kind: 'plan', id: scope.planId }, sessionWindow().year)).confirmed >
        before.confirmed,
      60_000,
      () => 'the counters to take in the first registrations of the burst',
      20,
    );
    await faults.killSystem();
    await faults.startAgain();
    await expectWhole(sessionId, await Promise.all(outcomes));
  }, 420_000);
});
