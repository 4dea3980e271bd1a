/**
 * The waitlist against DynamoDB Local, through the sessions and registrations functions in
 * process: a raised capacity seats the waiting first come first served in the same step (each told
 * by mail, through the notifier on the table's stream), also when newcomers race it and when the
 * raise is larger than one transaction holds; and a waiting trainee's place counts only those
 * still ahead. Every test makes its own host, plan, session and trainees.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { handler as sessions } from '#functions/sessions/handler';
import { applyCloudRules } from '#infra/local/dynamodb-rules';
import { yearOf } from '#shared/domain/dates';
import { newRegistration } from '#shared/domain/registrations/registration';
import type { Registration } from '#shared/domain/registrations/schemas';
import type { Session } from '#shared/domain/sessions/schemas';
import type { TraineeProfile } from '#shared/domain/trainees/schemas';
import { listOutbox } from '#shared/mail/outbox';
import { dynamo } from '#shared/store/client';
import { readCounters } from '#shared/store/counters';
import { registerForSession } from '#shared/store/registering';
import { fillFreeSeats, PROMOTIONS_PER_TRANSACTION } from '#shared/store/registration-changes';
import { getSession, updateSessionFields } from '#shared/store/sessions';
import { getTraineeProfile } from '#shared/store/trainees';
import { startCounters } from '../support/counters';
import { hostWithPublishedPlan, sessionOf, trainees } from '../support/fixtures';
import { claimsFor, httpEvent, jsonBody, lambdaContext } from '../support/http-event';
import { startNotifier } from '../support/notifier';
import { registrationsOrResults } from '../support/route-handlers';
import { useIntegrationConfig } from './config';

// DynamoDB's rules, not DynamoDB Local's: a transaction on an item another one holds is cancelled.
applyCloudRules(dynamo);

// Before the first test: the mailer reads it on first use.
const outboxDir = `${process.env.TMPDIR ?? '/tmp'}/gx-waitlist-outbox-${process.pid}-${Date.now()}`;
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
const hostClaims = (orgId: string) => claimsFor('host', `host-user-${orgId}`, { 'custom:orgId': orgId });

async function callRegistrations(
  routeKey: string,
  claims: Claims,
  pathParameters: Record<string, string>,
  query?: Record<string, string>,
) {
  const result = await registrationsOrResults(routeKey)(
    httpEvent({ routeKey, claims, pathParameters, ...(query ? { query } : {}) }),
    lambdaContext('registrations'),
  );
  return { status: result.statusCode, body: jsonBody(result) };
}

async function register(sessionId: string, traineeId: string): Promise<Registration> {
  const answer = await callRegistrations(
    'POST /sessions/{sessionId}/registrations',
    claimsFor('trainee', traineeId),
    { sessionId },
  );
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body as unknown as Registration;
}

const read = async (registration: Registration): Promise<Registration> =>
  (
    await callRegistrations(
      'GET /registrations/{registrationId}',
      claimsFor('trainee', registration.traineeId),
      {
        registrationId: registration.id,
      },
    )
  ).body as unknown as Registration;

async function cancel(registration: Registration): Promise<void> {
  const answer = await callRegistrations(
    'POST /registrations/{registrationId}/cancel',
    claimsFor('trainee', registration.traineeId),
    { registrationId: registration.id },
  );
  expect(answer.status).toBe(200);
}

async function patchCapacity(session: Session, capacity: number | null) {
  const result = await sessions(
    httpEvent({
      routeKey: 'PATCH /sessions/{sessionId}',
      pathParameters: { sessionId: session.id },
      body: JSON.stringify({ capacity }),
      claims: hostClaims(session.hostOrgId),
    }),
    lambdaContext('sessions'),
  );
  return { status: result.statusCode, body: jsonBody(result) };
}

/** A session of `capacity` with `count` trainees of this file (not yet registered). */
async function setup(capacity: number | null, count: number, title = '候补测试班次') {
  const { plan } = await hostWithPublishedPlan();
  const session = await sessionOf(plan, { capacity, title });
  const people = await trainees(count);
  for (const person of people) ourTrainees.add(person.traineeId);
  return { session, people, ids: people.map((person) => person.traineeId) };
}

async function registerInOrder(sessionId: string, traineeIds: readonly string[]) {
  const made: Registration[] = [];
  for (const traineeId of traineeIds) made.push(await register(sessionId, traineeId));
  return made;
}

/** Registers everyone, `batch` at a time at once, and returns the registrations by waitlist position. */
async function registerInBatches(sessionId: string, traineeIds: readonly string[], batch = 10) {
  const made: Registration[] = [];
  for (let start = 0; start < traineeIds.length; start += batch) {
    made.push(
      ...(await Promise.all(traineeIds.slice(start, start + batch).map((id) => register(sessionId, id)))),
    );
  }
  return made;
}

const byPosition = (registrations: readonly Registration[]) =>
  [...registrations].sort((a, b) => (a.waitlistPosition ?? 0) - (b.waitlistPosition ?? 0));

async function counts(sessionId: string) {
  const session = (await getSession(sessionId)) as Session;
  return { seatsTaken: session.seatsTaken, waitlistLength: session.waitlistLength };
}

const confirmedCount = async (session: Session) => {
  await counters.caughtUp();
  return (await readCounters({ kind: 'plan', id: session.planId }, yearOf(session.endDate))).confirmed;
};

const mailsTo = async (email: string) => (await listOutbox(outboxDir)).filter((mail) => mail.to === email);

describe('PATCH /sessions/{sessionId} raising capacity', () => {
  it('seats the waiting in order in the same step, mails each of them, and waitlists a newcomer after', async () => {
    const { session, people, ids } = await setup(2, 7);
    const made = await registerInOrder(session.id, ids.slice(0, 6));
    expect(made.map((registration) => registration.waitlistPosition)).toEqual([
      undefined,
      undefined,
      1,
      2,
      3,
      4,
    ]);

    const raised = await patchCapacity(session, 4);
    expect(raised.status).toBe(200);
    expect(raised.body).toMatchObject({ capacity: 4, seatsTaken: 4, waitlistLength: 2 });
    expect(await counts(session.id)).toEqual({ seatsTaken: 4, waitlistLength: 2 });

    const [first, second, third, fourth] = await Promise.all(made.slice(2).map(read));
    expect(first).toMatchObject({ status: 'confirmed', waitlistPosition: 1 });
    expect(first?.confirmedAt).toBeDefined();
    expect(first?.waitlistPlace).toBeUndefined();
    expect(second).toMatchObject({ status: 'confirmed', waitlistPosition: 2 });
    expect(third).toMatchObject({ status: 'waitlisted', waitlistPosition: 3, waitlistPlace: 1 });
    expect(fourth).toMatchObject({ status: 'waitlisted', waitlistPosition: 4, waitlistPlace: 2 });
    expect(await confirmedCount(session)).toBe(4);

    // Each promoted trainee is told once, through the notice written with the promotion.
    for (const person of people.slice(2, 4)) {
      const mails = await vi.waitFor(
        async () => {
          const arrived = await mailsTo(person.email);
          expect(arrived).toHaveLength(1);
          return arrived;
        },
        { timeout: 10_000, interval: 100 },
      );
      expect(mails[0]).toMatchObject({ kind: 'waitlist-promoted' });
      expect(mails[0]?.subject).toContain('候补测试班次');
    }
    for (const person of [...people.slice(0, 2), ...people.slice(4)])
      expect(await mailsTo(person.email)).toEqual([]);

    // The seats are gone: the newcomer queues behind those still waiting.
    const newcomer = await register(session.id, ids[6] as string);
    expect(newcomer).toMatchObject({ status: 'waitlisted', waitlistPosition: 5, waitlistPlace: 3 });
  });

  it('seats everyone waiting when capacity becomes unlimited; a newcomer then takes a seat at once', async () => {
    const { session, ids } = await setup(1, 5);
    const made = await registerInOrder(session.id, ids.slice(0, 4));
    const raised = await patchCapacity(session, null);
    expect(raised.status).toBe(200);
    expect(raised.body).toMatchObject({ capacity: null, seatsTaken: 4, waitlistLength: 0 });
    expect((await Promise.all(made.map(read))).map((registration) => registration.status)).toEqual(
      Array(4).fill('confirmed'),
    );
    expect(await register(session.id, ids[4] as string)).toMatchObject({ status: 'confirmed' });
    expect(await confirmedCount(session)).toBe(5);
  });

  it('still refuses a capacity below the seats taken (422), promoting nobody', async () => {
    const { session, ids } = await setup(2, 3);
    const made = await registerInOrder(session.id, ids);
    const lowered = await patchCapacity(session, 1);
    expect(lowered.status).toBe(422);
    expect((lowered.body.error as { code: string }).code).toBe('CAPACITY_BELOW_SEATS_TAKEN');
    expect(await read(made[2] as Registration)).toMatchObject({ status: 'waitlisted', waitlistPlace: 1 });
    expect(await counts(session.id)).toEqual({ seatsTaken: 2, waitlistLength: 1 });
  });

  it('gives the new seats to the waiting, not to newcomers registering at the same moment', async () => {
    const { session, ids } = await setup(3, 29);
    const made = await registerInOrder(session.id, ids.slice(0, 9));
    const waiting = made.slice(3);
    expect(waiting.map((registration) => registration.waitlistPosition)).toEqual([1, 2, 3, 4, 5, 6]);

    const [raised, ...newcomers] = await Promise.all([
      patchCapacity(session, 6),
      ...ids.slice(9).map((id) => register(session.id, id)),
    ]);
    expect(raised?.status).toBe(200);

    const after = await Promise.all(waiting.map(read));
    expect(after.map((registration) => registration.status)).toEqual([
      'confirmed',
      'confirmed',
      'confirmed',
      'waitlisted',
      'waitlisted',
      'waitlisted',
    ]);
    expect(after.slice(3).map((registration) => registration.waitlistPlace)).toEqual([1, 2, 3]);
    // Every newcomer queues after those who waited before: positions 7.. in the order they came.
    const queued = newcomers as Registration[];
    expect(queued.map((registration) => registration.status)).toEqual(Array(20).fill('waitlisted'));
    expect(
      queued.map((registration) => registration.waitlistPosition).sort((a, b) => (a ?? 0) - (b ?? 0)),
    ).toEqual(Array.from({ length: 20 }, (_, i) => i + 7));
    expect(await counts(session.id)).toEqual({ seatsTaken: 6, waitlistLength: 23 });
    expect(await confirmedCount(session)).toBe(6);
  }, 120_000);

  it('seats a queue longer than one transaction holds, in order, while newcomers keep registering', async () => {
    const waitingCount = PROMOTIONS_PER_TRANSACTION * 2 + 14;
    const raise = PROMOTIONS_PER_TRANSACTION * 2 + 4;
    const { session, ids } = await setup(1, 1 + waitingCount + 10, '大批候补班次');
    await register(session.id, ids[0] as string);
    const waiting = byPosition(await registerInBatches(session.id, ids.slice(1, 1 + waitingCount)));
    expect(waiting.map((registration) => registration.waitlistPosition)).toEqual(
      Array.from({ length: waitingCount }, (_, i) => i + 1),
    );

    const [raised, ...newcomers] = await Promise.all([
      patchCapacity(session, 1 + raise),
      ...ids.slice(1 + waitingCount).map((id) => register(session.id, id)),
    ]);
    expect(raised?.status).toBe(200);
    expect(raised?.body).toMatchObject({ seatsTaken: 1 + raise });

    const after = await readInBatches(waiting);
    expect(after.slice(0, raise).every((registration) => registration.status === 'confirmed')).toBe(true);
    expect(
      after.slice(raise).map((registration) => [registration.status, registration.waitlistPlace]),
    ).toEqual(Array.from({ length: waitingCount - raise }, (_, i) => ['waitlisted', i + 1]));
    const queued = newcomers as Registration[];
    expect(queued.every((registration) => registration.status === 'waitlisted')).toBe(true);
    expect(Math.min(...queued.map((registration) => registration.waitlistPosition ?? 0))).toBe(
      waitingCount + 1,
    );
    expect(await counts(session.id)).toEqual({
      seatsTaken: 1 + raise,
      waitlistLength: waitingCount - raise + queued.length,
    });
    expect(await confirmedCount(session)).toBe(1 + raise);
  }, 240_000);
});

describe('a seat that stands free while somebody waits', () => {
  it('goes to the one waiting: a newcomer who read the session as open is waitlisted behind them', async () => {
    // Between the transactions of a large raise, seats stand free while trainees still wait. A
    // newcomer who read the session then (and so tries for a seat) must not take one of them.
    const { session, ids } = await setup(1, 3);
    const [, waiting] = await registerInOrder(session.id, ids.slice(0, 2));
    const current = (await getSession(session.id)) as Session;
    const widened = await updateSessionFields(
      session.id,
      { capacity: 2, updatedAt: new Date().toISOString() },
      current.version,
      2,
    );
    expect(widened).toMatchObject({ capacity: 2, seatsTaken: 1, waitlistLength: 1 });

    const profile = (await getTraineeProfile(ids[2] as string)) as TraineeProfile;
    const newcomer = await registerForSession(newRegistration(widened, profile, new Date()));
    expect(newcomer).toMatchObject({ status: 'waitlisted', waitlistPosition: 2 });
    expect(await counts(session.id)).toEqual({ seatsTaken: 1, waitlistLength: 2 });

    // The free seat then goes to the first in line.
    const filled = await fillFreeSeats(widened, new Date());
    expect(filled).toMatchObject({ seatsTaken: 2, waitlistLength: 1 });
    expect(await read(waiting as Registration)).toMatchObject({ status: 'confirmed' });
    expect(await read(newcomer)).toMatchObject({ status: 'waitlisted', waitlistPlace: 1 });
  });
});

/** Reads registrations back ten at a time (the local database serves a few requests at once). */
async function readInBatches(registrations: readonly Registration[]) {
  const answers: Registration[] = [];
  for (let start = 0; start < registrations.length; start += 10) {
    answers.push(...(await Promise.all(registrations.slice(start, start + 10).map(read))));
  }
  return answers;
}

describe('waitlistPlace', () => {
  it('counts only those still waiting ahead: it moves up when one ahead cancels or is promoted', async () => {
    const { session, ids } = await setup(1, 4);
    const [seated, first, second, third] = (await registerInOrder(session.id, ids)) as [
      Registration,
      Registration,
      Registration,
      Registration,
    ];
    expect([first, second, third].map((registration) => registration.waitlistPlace)).toEqual([1, 2, 3]);

    await cancel(first);
    expect(await read(second)).toMatchObject({ waitlistPosition: 2, waitlistPlace: 1 });
    expect(await read(third)).toMatchObject({ waitlistPosition: 3, waitlistPlace: 2 });

    await cancel(seated);
    expect(await read(second)).toMatchObject({ status: 'confirmed' });
    expect((await read(second)).waitlistPlace).toBeUndefined();
    expect(await read(third)).toMatchObject({ status: 'waitlisted', waitlistPosition: 3, waitlistPlace: 1 });
  });

  it('shows the place in the trainee’s own list and on the host’s roster', async () => {
    const { session, ids } = await setup(1, 3);
    const [, first, second] = (await registerInOrder(session.id, ids)) as [
      Registration,
      Registration,
      Registration,
    ];
    await cancel(first);

    const mine = await callRegistrations(
      'GET /registrations',
      claimsFor('trainee', second.traineeId),
      {},
      {
        mine: 'true',
      },
    );
    expect(mine.status).toBe(200);
    expect(mine.body.items).toEqual([expect.objectContaining({ id: second.id, waitlistPlace: 1 })]);

    const roster = await callRegistrations(
      'GET /sessions/{sessionId}/registrations',
      hostClaims(session.hostOrgId),
      { sessionId: session.id },
    );
    expect(roster.status).toBe(200);
    const items = roster.body.items as Registration[];
    expect(items.map((registration) => [registration.status, registration.waitlistPlace])).toEqual([
      ['confirmed', undefined],
      ['cancelled', undefined],
      ['waitlisted', 1],
    ]);
  });
});
