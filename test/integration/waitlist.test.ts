/**
 * A waiting trainee's place against DynamoDB Local, through the registrations function in
 * process: it counts only those still ahead, so it moves up when one ahead cancels or is promoted,
 * and it shows wherever a registration is returned. Every test makes its own session and trainees.
 */
import { describe, expect, it } from 'vitest';
import type { Registration } from '#shared/domain/registrations/schemas';
import { hostWithPublishedPlan, sessionOf, trainees } from '../support/fixtures';
import { claimsFor, httpEvent, jsonBody, lambdaContext } from '../support/http-event';
import { registrationsOrResults } from '../support/route-handlers';
import { useIntegrationConfig } from './config';

useIntegrationConfig();

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

/** A session of `capacity` with `count` trainees of this file (not yet registered). */
async function setup(capacity: number | null, count: number, title = '候补测试班次') {
  const { plan } = await hostWithPublishedPlan();
  const session = await sessionOf(plan, { capacity, title });
  const people = await trainees(count);
  return { session, people, ids: people.map((person) => person.traineeId) };
}

async function registerInOrder(sessionId: string, traineeIds: readonly string[]) {
  const made: Registration[] = [];
  for (const traineeId of traineeIds) made.push(await register(sessionId, traineeId));
  return made;
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
