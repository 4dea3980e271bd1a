/**
 * A registration's own key is the uniqueness (shared/store/registering.ts, docs/adr/0008): its id
 * is derived from the session, the trainee and a generation. Under the cloud's conflict rules:
 * double submits at once, with keys and without, get one registration; a cancellation frees the
 * next generation; a guard written before ids were derived still holds; and a claim taken by a
 * request that read before another wrote is given back.
 */
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { handler } from '#functions/registrations/handler';
import { applyCloudRules } from '#infra/local/dynamodb-rules';
import type { AppError } from '#shared/domain/errors';
import { newId } from '#shared/domain/ids';
import { claimKeyOf, registrationIdOf } from '#shared/domain/registrations/claims';
import { newRegistration } from '#shared/domain/registrations/registration';
import type { Registration } from '#shared/domain/registrations/schemas';
import type { Session } from '#shared/domain/sessions/schemas';
import { db, dynamo } from '#shared/store/client';
import {
  claimMarksOf,
  clearFinishedClaims,
  readRegistrant,
  registerForSession,
} from '#shared/store/registering';
import { putRegistration } from '#shared/store/registration-changes';
import { guardKey, listRoster } from '#shared/store/registrations';
import { getSession, sessionKey } from '#shared/store/sessions';
import { tableName } from '#shared/store/tables';
import { hostWithPublishedPlan, sessionOf, trainees } from '../support/fixtures';
import { claimsFor, httpEvent, jsonBody, lambdaContext } from '../support/http-event';
import { sessionLedger } from '../support/session-ledger';

const rules = applyCloudRules(dynamo, { conflicts: true });
afterAll(() => rules.remove());

type Trainee = Awaited<ReturnType<typeof trainees>>[number];
type Answer = { status: number; body: Record<string, unknown> };

const call = async (routeKey: string, traineeId: string, params: Record<string, string>, key?: string) => {
  const result = await handler(
    httpEvent({
      routeKey,
      pathParameters: params,
      claims: claimsFor('trainee', traineeId),
      ...(key !== undefined ? { headers: { 'idempotency-key': key } } : {}),
    }),
    lambdaContext('registrations'),
  );
  return { status: result.statusCode, body: jsonBody(result) } as Answer;
};
const register = (sessionId: string, traineeId: string, key?: string) =>
  call('POST /sessions/{sessionId}/registrations', traineeId, { sessionId }, key);
const cancel = (registrationId: string, traineeId: string) =>
  call('POST /registrations/{registrationId}/cancel', traineeId, { registrationId });

async function setup(capacity: number | null, count: number) {
  const { plan } = await hostWithPublishedPlan();
  const session = await sessionOf(plan, { capacity });
  return { session, people: await trainees(count) };
}

const codeOf = (answer: Answer) => (answer.body.error as { code?: string } | undefined)?.code;

describe('double submits at once', () => {
  it('without keys: one 201 per trainee, the rest 409 ALREADY_REGISTERED, each seat and ticket once', async () => {
    const { session, people } = await setup(4, 10);
    const answers = await Promise.all(
      people.flatMap((person) => [1, 2, 3].map(() => register(session.id, person.traineeId))),
    );
    for (const [index, person] of people.entries()) {
      const theirs = answers.slice(index * 3, index * 3 + 3);
      expect(theirs.filter((answer) => answer.status === 201)).toHaveLength(1);
      expect(theirs.filter((answer) => answer.status !== 201).map(codeOf)).toEqual([
        'ALREADY_REGISTERED',
        'ALREADY_REGISTERED',
      ]);
      expect(theirs.find((answer) => answer.status === 201)?.body.id).toBe(
        registrationIdOf(session.id, person.traineeId, 0),
      );
    }
    expect(await sessionLedger(session.id)).toEqual({
      seatsTaken: 4,
      waitlistLength: 6,
      confirmed: 4,
      waitlisted: 6,
      pending: 0,
    });
  }, 120_000);

  it('with keys: another key is refused; the same key twice (its answer lost) is answered one registration', async () => {
    const { session, people } = await setup(2, 5);
    const twoKeys = people.slice(0, 4);
    const answers = await Promise.all(
      twoKeys.flatMap((person) => [
        register(session.id, person.traineeId, `${person.traineeId}-a`),
        register(session.id, person.traineeId, `${person.traineeId}-b`),
      ]),
    );
    for (const [index] of twoKeys.entries()) {
      const theirs = answers.slice(index * 2, index * 2 + 2);
      expect(theirs.map((answer) => answer.status).sort()).toEqual([201, 409]);
      expect(theirs.map(codeOf)).toContain('ALREADY_REGISTERED');
    }
    // One key at once in the store (over HTTP its idempotency record keeps such requests apart).
    const person = people[4] as Trainee;
    const keyHash = claimKeyOf(person.traineeId, 'one-key');
    const sameKey = await Promise.all(
      [1, 2, 3].map(() => registerForSession(newRegistration(session, person, new Date()), { keyHash })),
    );
    expect(sameKey.map((registration) => registration.id)).toEqual(
      Array(3).fill(registrationIdOf(session.id, person.traineeId, 0)),
    );
    expect(await sessionLedger(session.id)).toEqual({
      seatsTaken: 2,
      waitlistLength: 3,
      confirmed: 2,
      waitlisted: 3,
      pending: 0,
    });
  }, 120_000);
});

describe('registering again after a cancellation', () => {
  it('writes the next generation’s id, and refuses a second while that one is active', async () => {
    const { session, people } = await setup(3, 1);
    const person = people[0] as Trainee;
    const first = await register(session.id, person.traineeId);
    expect(first.body.id).toBe(registrationIdOf(session.id, person.traineeId, 0));
    expect((await cancel(first.body.id as string, person.traineeId)).status).toBe(200);

    const second = await register(session.id, person.traineeId);
    expect(second).toMatchObject({
      status: 201,
      body: { id: registrationIdOf(session.id, person.traineeId, 1), status: 'confirmed' },
    });
    expect(codeOf(await register(session.id, person.traineeId))).toBe('ALREADY_REGISTERED');
    expect((await cancel(second.body.id as string, person.traineeId)).status).toBe(200);
    expect((await register(session.id, person.traineeId)).body.id).toBe(
      registrationIdOf(session.id, person.traineeId, 2),
    );
    expect(await sessionLedger(session.id)).toEqual({
      seatsTaken: 1,
      waitlistLength: 0,
      confirmed: 1,
      waitlisted: 0,
      pending: 0,
    });
  }, 60_000);
});

describe('a guard written before ids were derived', () => {
  /** A registration as the code before derived ids stored it: a random id and its guard. */
  async function legacyRegistration(session: Session, person: Trainee, keyHash?: string) {
    const registration = { ...newRegistration(session, person, new Date()), id: newId('reg') };
    await db.send(new PutCommand(putRegistration(registration).Put as never));
    await db.send(
      new PutCommand({
        TableName: tableName('registrations'),
        Item: {
          ...guardKey(session.id, person.traineeId),
          registrationId: registration.id,
          state: 'claiming',
          ...(keyHash !== undefined ? { keyHash } : {}),
        },
      }),
    );
    // The seat it took, as the session counted it.
    await db.send(
      new UpdateCommand({
        TableName: tableName('plans'),
        Key: sessionKey(session.id),
        UpdateExpression: 'ADD seatsTaken :one',
        ExpressionAttributeValues: { ':one': 1 },
      }),
    );
    return registration;
  }

  it('refuses the trainee while its registration is active, answers its own key, frees on cancel', async () => {
    const { session, people } = await setup(5, 1);
    const person = people[0] as Trainee;
    const legacy = await legacyRegistration(session, person, claimKeyOf(person.traineeId, 'old-key'));

    expect(codeOf(await register(session.id, person.traineeId))).toBe('ALREADY_REGISTERED');
    expect(codeOf(await register(session.id, person.traineeId, 'new-key'))).toBe('ALREADY_REGISTERED');
    const replayed = await registerForSession(newRegistration(session, person, new Date()), {
      keyHash: claimKeyOf(person.traineeId, 'old-key'),
    });
    expect(replayed).toMatchObject({ id: legacy.id, status: 'confirmed' });

    // Cancelling it deletes the guard, as before: the trainee registers under the derived id.
    expect((await cancel(legacy.id, person.traineeId)).status).toBe(200);
    const again = await register(session.id, person.traineeId);
    expect(again).toMatchObject({
      status: 201,
      body: { id: registrationIdOf(session.id, person.traineeId, 0) },
    });
    expect(await sessionLedger(session.id)).toMatchObject({ seatsTaken: 1, confirmed: 1, pending: 0 });
  }, 60_000);
});

describe('a claim taken after another request of the trainee finished', () => {
  /**
   * The second request read before the first wrote, and claims after the first cleared its mark:
   * its claim is one too many, given back; `meanwhile` runs just before its registration put.
   */
  async function lateSecond(sessionId: string, person: Trainee, meanwhile: () => Promise<unknown>) {
    const session = (await getSession(sessionId)) as Session;
    const { standing } = await readRegistrant(session.id, person.traineeId);
    const first = await registerForSession(newRegistration(session, person, new Date()));
    // Its mark comes off, as this process's next claim on the session or the aggregator takes it.
    const mark = (await claimMarksOf(session.id)).get(first.id);
    if (mark !== undefined) await clearFinishedClaims(session.id, [{ registrationId: first.id, mark }]);
    let armed = true;
    const name = `lateSecond-${Math.random()}`;
    dynamo.middlewareStack.add(
      (next, context) => async (args) => {
        if (
          armed &&
          context.commandName === 'PutItemCommand' &&
          JSON.stringify(args.input).includes(first.id)
        ) {
          armed = false;
          await meanwhile();
        }
        return next(args);
      },
      { step: 'initialize', name },
    );
    try {
      const late = await registerForSession(newRegistration(session, person, new Date()), { standing }).catch(
        (error: unknown) => error,
      );
      return { first, late: late as AppError };
    } finally {
      dynamo.middlewareStack.remove(name);
    }
  }

  it('gives back a seat, and a ticket, and answers 409', async () => {
    const { session, people } = await setup(1, 2);
    const [seated, queued] = people as [Trainee, Trainee];
    const forSeat = await lateSecond(session.id, seated, async () => undefined);
    expect(forSeat.late.code).toBe('ALREADY_REGISTERED');
    const forTicket = await lateSecond(session.id, queued, async () => undefined);
    expect(forTicket.late.code).toBe('ALREADY_REGISTERED');
    expect(await sessionLedger(session.id)).toEqual({
      seatsTaken: 1,
      waitlistLength: 1,
      confirmed: 1,
      waitlisted: 1,
      pending: 0,
    });
  }, 60_000);

  it('hands a seat given back to the first in line who queued behind it', async () => {
    const { session, people } = await setup(2, 2);
    const [twice, newcomer] = people as [Trainee, Trainee];
    let waiting: Registration | undefined;
    const { late } = await lateSecond(session.id, twice, async () => {
      waiting = await registerForSession(newRegistration(session, newcomer, new Date()));
    });
    expect(late.code).toBe('ALREADY_REGISTERED');
    // The spare seat filled the session, so the newcomer queued; it is theirs once given back.
    expect(waiting).toMatchObject({ status: 'waitlisted' });
    const roster = (await listRoster(session.id, 10)).items;
    expect(roster.find((registration) => registration.traineeId === newcomer.traineeId)?.status).toBe(
      'confirmed',
    );
    expect(await sessionLedger(session.id)).toEqual({
      seatsTaken: 2,
      waitlistLength: 0,
      confirmed: 2,
      waitlisted: 0,
      pending: 0,
    });
  }, 60_000);
});
