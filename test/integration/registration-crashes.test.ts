/**
 * A registration cut short at every step (shared/store/registering.ts: the reads, the claim, the
 * registration) and retried, under the cloud's conflict rules: the retry with
 * the same Idempotency-Key answers 201 with the first request's registration; another request of
 * the trainee finishes what was not written yet and is refused what was; either way the seat or
 * ticket is taken once and the session's counts equal its registrations. A crash here is the call
 * reaching DynamoDB Local and nothing after it (test/support/crash-points.ts).
 */
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { handler } from '#functions/registrations/handler';
import { applyCloudRules } from '#infra/local/dynamodb-rules';
import type { AppError } from '#shared/domain/errors';
import { claimKeyOf } from '#shared/domain/registrations/claims';
import { newRegistration } from '#shared/domain/registrations/registration';
import type { Registration } from '#shared/domain/registrations/schemas';
import { dynamo } from '#shared/store/client';
import { registerForSession } from '#shared/store/registering';
import { Crash, crashPoints, REGISTRATION_STEPS, type RegistrationStep } from '../support/crash-points';
import { hostWithPublishedPlan, sessionOf, trainees } from '../support/fixtures';
import { claimsFor, httpEvent, jsonBody, lambdaContext } from '../support/http-event';
import { sessionLedger } from '../support/session-ledger';

const rules = applyCloudRules(dynamo, { conflicts: true });
const crashes = crashPoints(dynamo);
afterEach(() => {
  crashes.restart();
  vi.useRealTimers();
});
afterAll(() => {
  crashes.remove();
  rules.remove();
});

const STEPS = Object.keys(REGISTRATION_STEPS) as RegistrationStep[];

/** A session of one seat, taken already when `full`, and the trainee who comes next. */
async function sessionAndNewcomer(full: boolean) {
  const { plan } = await hostWithPublishedPlan();
  const session = await sessionOf(plan, { capacity: 1 });
  const [first, newcomer] = (await trainees(2)) as [
    Awaited<ReturnType<typeof trainees>>[number],
    Awaited<ReturnType<typeof trainees>>[number],
  ];
  if (full) await registerForSession(newRegistration(session, first, new Date()));
  return { session, newcomer };
}

const registering = async (promise: Promise<Registration>) => {
  try {
    return await promise;
  } catch (error) {
    return error as Error;
  }
};

describe.each([
  ['a seat', false],
  ['a waitlist ticket', true],
] as const)('a registration for %s cut short', (_, full) => {
  it.each(STEPS)('after “%s”: the retry with the same key answers the first registration', async (step) => {
    const { session, newcomer } = await sessionAndNewcomer(full);
    const key = claimKeyOf(newcomer.traineeId, 'key-1');
    const firstTry = newRegistration(session, newcomer, new Date());

    crashes.crashAfter(REGISTRATION_STEPS[step]);
    expect(await registering(registerForSession(firstTry, { keyHash: key }))).toBeInstanceOf(Crash);
    crashes.restart();

    const retried = await registerForSession(newRegistration(session, newcomer, new Date()), {
      keyHash: key,
    });
    expect(retried).toMatchObject({
      id: firstTry.id,
      // A seat taken before the crash keeps the first request's time.
      ...(step !== 'reads' && !full ? { registeredAt: firstTry.registeredAt } : {}),
      traineeId: newcomer.traineeId,
      ...(full ? { status: 'waitlisted', waitlistPosition: 1 } : { status: 'confirmed' }),
    });
    // Once more, as a second retry would: the same registration, nothing taken again.
    const again = await registerForSession(newRegistration(session, newcomer, new Date()), { keyHash: key });
    expect(again.id).toBe(firstTry.id);

    expect(await sessionLedger(session.id)).toEqual(
      full
        ? { seatsTaken: 1, waitlistLength: 1, confirmed: 1, waitlisted: 1, pending: 0 }
        : { seatsTaken: 1, waitlistLength: 0, confirmed: 1, waitlisted: 0, pending: 0 },
    );
  });
});

describe.each([
  ['a seat', false],
  ['a waitlist ticket', true],
] as const)('a registration for %s cut short, then another request of the trainee', (_, full) => {
  it.each(STEPS)('after “%s”: finishes it when unwritten, is refused when written', async (step) => {
    const { session, newcomer } = await sessionAndNewcomer(full);
    const key = claimKeyOf(newcomer.traineeId, 'key-1');
    const firstTry = newRegistration(session, newcomer, new Date());
    crashes.crashAfter(REGISTRATION_STEPS[step]);
    expect(await registering(registerForSession(firstTry, { keyHash: key }))).toBeInstanceOf(Crash);
    crashes.restart();

    const written = step === 'registration written';
    const other = await registering(
      registerForSession(newRegistration(session, newcomer, new Date()), {
        keyHash: claimKeyOf(newcomer.traineeId, 'key-2'),
      }),
    );
    // Without a key it is never the same request: refused either way.
    const keyless = await registering(registerForSession(newRegistration(session, newcomer, new Date())));
    const firstKey = await registering(
      registerForSession(newRegistration(session, newcomer, new Date()), { keyHash: key }),
    );
    const code = (outcome: Registration | Error) => (outcome as AppError).code;
    expect(code(keyless)).toBe('ALREADY_REGISTERED');
    if (written) {
      expect(code(other)).toBe('ALREADY_REGISTERED');
      expect(firstKey).toMatchObject({ id: firstTry.id, traineeId: newcomer.traineeId });
    } else {
      // The same id, so the same claim: the seat or ticket the first request took, if it took one.
      expect(other).toMatchObject({ id: firstTry.id, ...(full ? { waitlistPosition: 1 } : {}) });
      expect(code(firstKey)).toBe('ALREADY_REGISTERED');
    }
    expect(await sessionLedger(session.id)).toEqual(
      full
        ? { seatsTaken: 1, waitlistLength: 1, confirmed: 1, waitlisted: 1, pending: 0 }
        : { seatsTaken: 1, waitlistLength: 0, confirmed: 1, waitlisted: 0, pending: 0 },
    );
  });
});

describe('POST /sessions/{sessionId}/registrations after a crash', () => {
  const post = (sessionId: string, traineeId: string, key: string) =>
    handler(
      httpEvent({
        routeKey: 'POST /sessions/{sessionId}/registrations',
        pathParameters: { sessionId },
        headers: { 'idempotency-key': key },
        claims: claimsFor('trainee', traineeId),
      }),
      lambdaContext('registrations'),
    );

  it.each(['seat or ticket taken', 'registration written'] as const)(
    'answers the retry 201 with the registration when the crash came after “%s”',
    async (step) => {
      const { session, newcomer } = await sessionAndNewcomer(true);
      crashes.crashAfter(REGISTRATION_STEPS[step]);
      // The function dies (its invocation fails): its idempotency record stays claimed, as
      // nothing more reaches the table.
      await expect(post(session.id, newcomer.traineeId, 'retry-key')).rejects.toBeInstanceOf(Crash);
      crashes.restart();

      // The client retries once the record's lease is over (IDEMPOTENCY_IN_PROGRESS until then).
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(Date.now() + 61_000);
      const retried = await post(session.id, newcomer.traineeId, 'retry-key');
      expect(retried.statusCode).toBe(201);
      const registration = jsonBody(retried) as Registration;
      expect(registration).toMatchObject({ status: 'waitlisted', waitlistPosition: 1, waitlistPlace: 1 });

      // And its replay is the same answer, from the idempotency record now.
      const replayed = await post(session.id, newcomer.traineeId, 'retry-key');
      expect(replayed.statusCode).toBe(201);
      expect((jsonBody(replayed) as Registration).id).toBe(registration.id);
      expect(await sessionLedger(session.id)).toEqual({
        seatsTaken: 1,
        waitlistLength: 1,
        confirmed: 1,
        waitlisted: 1,
        pending: 0,
      });
    },
  );
});
