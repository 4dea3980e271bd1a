/**
 * A capped session with far more registrants than seats, under DynamoDB's conflict rules
 * (infra/local/dynamodb-rules.ts): every registrant is answered 201, confirmed or waitlisted at a
 * distinct place, never 409 CHANGED_MEANWHILE nor 5xx, also while seats are given up and the
 * capacity raised at the same moment; and the session item is never in a registering transaction.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { applyCloudRules, type WriteLogEntry } from '#infra/local/dynamodb-rules';
import type { Registration } from '#shared/domain/registrations/schemas';
import type { Session } from '#shared/domain/sessions/schemas';
import { dynamo } from '#shared/store/client';
import { pendingClaimsOf } from '#shared/store/registering';
import { listRoster } from '#shared/store/registrations';
import { getSession, sessionPk } from '#shared/store/sessions';
import { hostWithPublishedPlan, sessionOf, trainees } from '../support/fixtures';
import { type Answer, cancel, register, setCapacity } from '../support/registration-calls';

const writes: WriteLogEntry[] = [];
const rules = applyCloudRules(dynamo, { conflicts: true, writeLog: (entry) => writes.push(entry) });
afterAll(() => rules.remove());

async function setup(capacity: number, count: number) {
  const { plan } = await hostWithPublishedPlan();
  const session = await sessionOf(plan, { capacity });
  return { session, ids: (await trainees(count)).map((person) => person.traineeId) };
}

/** Everything the session's counts must agree with: its registrations as written. */
async function agreement(sessionId: string) {
  const session = (await getSession(sessionId)) as Session;
  const roster: Registration[] = [];
  let cursor: string | undefined;
  do {
    const page = await listRoster(sessionId, 200, cursor);
    roster.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  const waiting = roster.filter((registration) => registration.status === 'waitlisted');
  const positions = waiting.map((registration) => registration.waitlistPosition);
  return {
    seats: { counted: session.seatsTaken, held: roster.filter((r) => r.status === 'confirmed').length },
    queue: { counted: session.waitlistLength, waiting: waiting.length },
    positionsDistinct: new Set(positions).size === positions.length,
    pending: (await pendingClaimsOf(sessionId)).size,
    session,
  };
}

const statuses = (answers: readonly Answer[]) => [...new Set(answers.map((answer) => answer.status))];

describe('a hot session under the cloud’s conflict rules', () => {
  it('answers 200 registrants for 20 seats all 201: 20 seats, 180 distinct places, no transaction on the session', async () => {
    const { session, ids } = await setup(20, 200);
    const from = writes.length;
    const answers = await Promise.all(ids.map((id) => register(session.id, id)));

    expect(statuses(answers), JSON.stringify(answers.find((a) => a.status !== 201)?.body)).toEqual([201]);
    const waitlisted = answers.filter((answer) => answer.body.status === 'waitlisted');
    expect(answers.filter((answer) => answer.body.status === 'confirmed')).toHaveLength(20);
    const byPlace = (key: string) =>
      waitlisted.map((answer) => answer.body[key] as number).sort((a, b) => a - b);
    const oneTo180 = Array.from({ length: 180 }, (_, i) => i + 1);
    expect(byPlace('waitlistPosition')).toEqual(oneTo180);
    // Each newcomer's place is the queue's length as its ticket was taken: all of them, once.
    expect(byPlace('waitlistPlace')).toEqual(oneTo180);

    const after = await agreement(session.id);
    expect(after).toMatchObject({
      seats: { counted: 20, held: 20 },
      queue: { counted: 180, waiting: 180 },
      positionsDistinct: true,
      pending: 0,
    });
    // The session item is written by single updates only, so no registrant's write conflicts; and
    // once per registrant: a claim takes off the marks of claims finished before it.
    const onSession = writes
      .slice(from)
      .filter((entry) => entry.table === 'plans' && entry.key.pk === sessionPk(session.id));
    expect(onSession).toHaveLength(200);
    expect(onSession.filter((entry) => entry.operation === 'TransactWriteItems')).toEqual([]);
    expect(onSession.filter((entry) => entry.outcome !== 'written')).toEqual([]);
  }, 180_000);

  it('seats and queues everyone while confirmed trainees cancel at the same moment', async () => {
    const { session, ids } = await setup(10, 70);
    const seated = (await Promise.all(ids.slice(0, 10).map((id) => register(session.id, id)))).map(
      (answer) => answer.body as unknown as Registration,
    );
    const leaving = seated.slice(0, 5);
    const [newcomers, cancellations] = await Promise.all([
      Promise.all(ids.slice(10).map((id) => register(session.id, id))),
      Promise.all(leaving.map(cancel)),
    ]);
    expect(statuses(newcomers), JSON.stringify(newcomers.find((a) => a.status !== 201)?.body)).toEqual([201]);
    // A seat given up goes to the first in line, who may still be being written in a burst: such a
    // cancellation answers 409 CHANGED_MEANWHILE once its time is up, and the client tries again.
    const refused = cancellations.flatMap((answer, i) => (answer.status === 200 ? [] : [i]));
    expect(refused.map((i) => cancellations[i]?.body.error)).toEqual(
      refused.map(() => expect.objectContaining({ code: 'CHANGED_MEANWHILE' })),
    );
    const retried = await Promise.all(refused.map((i) => cancel(leaving[i] as Registration)));
    expect(retried.map((answer) => answer.status)).toEqual(refused.map(() => 200));

    const after = await agreement(session.id);
    expect(after.seats).toEqual({ counted: 10, held: 10 });
    expect(after.queue).toEqual({ counted: 55, waiting: 55 });
    expect(after).toMatchObject({ positionsDistinct: true, pending: 0 });
  }, 180_000);

  it('seats and queues everyone while the capacity is raised at the same moment', async () => {
    const { session, ids } = await setup(5, 60);
    await Promise.all(ids.slice(0, 20).map((id) => register(session.id, id)));
    const [newcomers, raised] = await Promise.all([
      Promise.all(ids.slice(20).map((id) => register(session.id, id))),
      setCapacity((await getSession(session.id)) as Session, 25).then((answer) => answer.status),
    ]);
    expect(statuses(newcomers), JSON.stringify(newcomers.find((a) => a.status !== 201)?.body)).toEqual([201]);
    expect(raised).toBe(200);

    const after = await agreement(session.id);
    expect(after.session.capacity).toBe(25);
    expect(after.seats).toEqual({ counted: 25, held: 25 });
    expect(after.queue).toEqual({ counted: 35, waiting: 35 });
    expect(after).toMatchObject({ positionsDistinct: true, pending: 0 });
  }, 180_000);
});
