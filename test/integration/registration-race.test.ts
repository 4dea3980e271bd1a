/**
 * The guarantees of issue 4 under concurrency, against DynamoDB Local: no overbooking, a
 * first-come waitlist with each position once, and cancellations that promote exactly as many.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler } from '#functions/registrations/handler';
import { applyCloudRules } from '#infra/local/dynamodb-rules';
import { yearOf } from '#shared/domain/dates';
import { dynamo } from '#shared/store/client';
import { readCounters } from '#shared/store/counters';
import { getSession } from '#shared/store/sessions';
import { startCounters } from '../support/counters';
import { hostWithPublishedPlan, sessionOf, trainees } from '../support/fixtures';
import { claimsFor, httpEvent, jsonBody, lambdaContext } from '../support/http-event';

// DynamoDB's rules, not DynamoDB Local's: a transaction on an item another one holds is cancelled.
applyCloudRules(dynamo);

const call = async (
  routeKey: string,
  claims: Record<string, string>,
  pathParameters: Record<string, string>,
) => {
  const result = await handler(httpEvent({ routeKey, claims, pathParameters }), lambdaContext());
  return { status: result.statusCode, body: jsonBody(result) as Record<string, unknown> };
};

/** The counters follow the registrations by the stream: read after the aggregator caught up. */
const counters = startCounters();
beforeAll(() => counters.ready);
afterAll(() => counters.stop());

describe('registration under load', () => {
  it('seats 20 of 200 concurrent registrants, waitlists 180 at positions 1..180, and promotes 20 on 20 cancellations', async () => {
    const { plan, host } = await hostWithPublishedPlan();
    const session = await sessionOf(plan, { capacity: 20 });
    const people = await trainees(200);

    const answers = await Promise.all(
      people.map((person) =>
        call('POST /sessions/{sessionId}/registrations', claimsFor('trainee', person.traineeId), {
          sessionId: session.id,
        }),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(200).fill(201));
    const confirmed = answers.filter((answer) => answer.body.status === 'confirmed');
    const waitlisted = answers.filter((answer) => answer.body.status === 'waitlisted');
    expect(confirmed).toHaveLength(20);
    expect(waitlisted).toHaveLength(180);
    const positions = waitlisted
      .map((answer) => answer.body.waitlistPosition as number)
      .sort((a, b) => a - b);
    expect(positions).toEqual(Array.from({ length: 180 }, (_, i) => i + 1));

    const stored = await getSession(session.id);
    expect(stored).toMatchObject({ seatsTaken: 20, waitlistLength: 180 });
    await counters.caughtUp();
    expect((await readCounters({ kind: 'plan', id: plan.id }, yearOf(session.endDate))).confirmed).toBe(20);

    const cancellations = await Promise.all(
      confirmed.map((answer) =>
        call(
          'POST /registrations/{registrationId}/cancel',
          claimsFor('trainee', answer.body.traineeId as string),
          { registrationId: answer.body.id as string },
        ),
      ),
    );
    expect(cancellations.map((answer) => answer.body.status)).toEqual(Array(20).fill('cancelled'));
    const after = await getSession(session.id);
    expect(after).toMatchObject({ seatsTaken: 20, waitlistLength: 160 });

    // The first twenty in the queue, and only they, now hold seats.
    const firstTwenty = waitlisted.filter((answer) => (answer.body.waitlistPosition as number) <= 20);
    const reread = await Promise.all(
      firstTwenty.map((answer) =>
        call('GET /registrations/{registrationId}', claimsFor('host', 'h', { 'custom:orgId': host.id }), {
          registrationId: answer.body.id as string,
        }),
      ),
    );
    expect(reread.map((answer) => answer.body.status)).toEqual(Array(20).fill('confirmed'));
    await counters.caughtUp();
    expect((await readCounters({ kind: 'org', id: host.id }, yearOf(session.endDate))).confirmed).toBe(20);
  }, 120_000);
});
