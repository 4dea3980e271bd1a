/**
 * Sessions held (a result recorded) counted apart from sessions created, against DynamoDB Local:
 * the first result of a session marks it held and flags its registration in its own transaction,
 * and the counters aggregator counts it held from that flag, exactly once however many hosts'
 * requests race for it; a session dated outside its plan's year counts in neither figure of that year.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Registration } from '#shared/domain/registrations/schemas';
import type { Session } from '#shared/domain/sessions/schemas';
import { readCounters } from '#shared/store/counters';
import { isSessionHeld } from '#shared/store/sessions';
import { startCounters } from '../support/counters';
import {
  hostWithPublishedPlan,
  sessionOf,
  sessionStoredOutsidePlanYear,
  trainees,
} from '../support/fixtures';
import { claimsFor, httpEvent, jsonBody, lambdaContext } from '../support/http-event';
import { registrationsOrResults } from '../support/route-handlers';
import { useIntegrationConfig } from './config';

const outboxDir = `${process.env.TMPDIR ?? '/tmp'}/gx-held-outbox-${process.pid}-${Date.now()}`;
useIntegrationConfig({ MAIL_OUTBOX_DIR: outboxDir });

/** The counters follow the registrations by the stream: read after the aggregator caught up. */
const counters = startCounters();
beforeAll(async () => {
  await counters.ready;
  vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
});
afterAll(async () => {
  vi.useRealTimers();
  await counters.stop();
  rmSync(outboxDir, { recursive: true, force: true });
});

/** Beijing wall-clock time for what the file does next; the clock keeps running from there. */
const at = (beijing: string) => vi.setSystemTime(new Date(`${beijing}+08:00`));

async function invoke(routeKey: string, claims: Record<string, string>, sessionId: string, body?: unknown) {
  const result = await registrationsOrResults(routeKey)(
    httpEvent({
      routeKey,
      claims,
      pathParameters: { sessionId },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    }),
    lambdaContext('results'),
  );
  return { status: result.statusCode, body: jsonBody(result) };
}

async function registered(session: Session, count: number): Promise<Registration[]> {
  const people = await trainees(count);
  const made: Registration[] = [];
  for (const person of people) {
    const answer = await invoke(
      'POST /sessions/{sessionId}/registrations',
      claimsFor('trainee', person.traineeId),
      session.id,
    );
    expect(answer.status).toBe(201);
    made.push(answer.body as unknown as Registration);
  }
  return made;
}

const recordResults = (session: Session, results: { registrationId: string; passed: boolean }[]) =>
  invoke(
    'POST /sessions/{sessionId}/results',
    claimsFor('host', `host-of-${session.hostOrgId}`, { 'custom:orgId': session.hostOrgId }),
    session.id,
    { results },
  );

const sessionFigures = async (session: Session, year: number) => {
  await counters.caughtUp();
  const [plan, host] = await Promise.all([
    readCounters({ kind: 'plan', id: session.planId }, year),
    readCounters({ kind: 'org', id: session.hostOrgId }, year),
  ]);
  return { plan: [plan.sessions, plan.held], host: [host.sessions, host.held] };
};

describe('sessions held and created', () => {
  it('counts a session created, then held with its first result, and never again with the next', async () => {
    at('2024-03-01T10:00:00');
    const { plan } = await hostWithPublishedPlan({ year: 2024 });
    const session = await sessionOf(plan, {
      startDate: '2024-04-10',
      endDate: '2024-04-11',
      registrationDeadline: '2024-04-05',
    });
    const [first, second] = await registered(session, 2);
    expect(await sessionFigures(session, 2024)).toEqual({ plan: [1, 0], host: [1, 0] });
    expect(await isSessionHeld(session.id)).toBe(false);

    at('2024-04-12T09:00:00');
    expect(
      (await recordResults(session, [{ registrationId: first?.id as string, passed: true }])).status,
    ).toBe(200);
    expect(await isSessionHeld(session.id)).toBe(true);
    expect(await sessionFigures(session, 2024)).toEqual({ plan: [1, 1], host: [1, 1] });

    expect(
      (await recordResults(session, [{ registrationId: second?.id as string, passed: false }])).status,
    ).toBe(200);
    // A retried batch changes nothing either.
    expect(
      (await recordResults(session, [{ registrationId: first?.id as string, passed: true }])).status,
    ).toBe(200);
    expect(await sessionFigures(session, 2024)).toEqual({ plan: [1, 1], host: [1, 1] });
    const completed = await readCounters({ kind: 'plan', id: session.planId }, 2024);
    expect({ completed: completed.completed, failed: completed.failed }).toEqual({ completed: 1, failed: 1 });
  });

  it('counts a session held once when its first results race in from concurrent requests', async () => {
    at('2024-05-01T10:00:00');
    const { plan } = await hostWithPublishedPlan({ year: 2024 });
    const session = await sessionOf(plan, {
      startDate: '2024-06-10',
      endDate: '2024-06-11',
      registrationDeadline: '2024-06-05',
      capacity: 20,
    });
    const people = await registered(session, 6);
    at('2024-06-12T09:00:00');
    const answers = await Promise.all(
      people.map((registration, n) =>
        recordResults(session, [{ registrationId: registration.id, passed: n % 2 === 0 }]),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual(people.map(() => 200));
    expect(await sessionFigures(session, 2024)).toEqual({ plan: [1, 1], host: [1, 1] });
    const figures = await readCounters({ kind: 'plan', id: session.planId }, 2024);
    expect({ completed: figures.completed, failed: figures.failed }).toEqual({ completed: 3, failed: 3 });
  });

  it("counts a session dated outside its plan's year for its host only, never for the plan", async () => {
    at('2024-12-01T10:00:00');
    const { plan } = await hostWithPublishedPlan({ year: 2024 });
    const session = await sessionStoredOutsidePlanYear(plan, {
      startDate: '2024-12-30',
      endDate: '2025-01-02',
      registrationDeadline: '2024-12-20',
    });
    const [person] = await registered(session, 1);
    at('2025-01-03T09:00:00');
    await recordResults(session, [{ registrationId: person?.id as string, passed: true }]);
    expect(await sessionFigures(session, 2024)).toEqual({ plan: [0, 0], host: [0, 0] });
    const in2025 = await sessionFigures(session, 2025);
    expect(in2025.host).toEqual([1, 1]);
    expect(in2025.plan).toEqual([0, 0]);
  });
});
