/**
 * A popular session over HTTP against the local system (docs/adr/0008-hot-sessions.md): a burst of
 * registrants for a few seats is answered 201 each, seated or queued at distinct places told in
 * the answer; a trainee's double submit under one Idempotency-Key is one registration answered
 * twice, and another request of the same trainee is 409 ALREADY_REGISTERED.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client';
import { publishedSession, traineeWithProfile } from '../support/http-scenario';
import { type LocalSystem, startLocalSystem } from '../support/local-system';

let system: LocalSystem;
let anonymous: ApiClient;
let admin: ApiClient;

beforeAll(async () => {
  system = await startLocalSystem();
  anonymous = new ApiClient(system.baseUrl);
  admin = await anonymous.as('hot-admin', 'admin', 'org_hrss');
});

afterAll(async () => {
  await system?.stop();
});

const register = (trainee: ApiClient, sessionId: string, key = randomUUID()) =>
  trainee.request('POST', `/sessions/${sessionId}/registrations`, { headers: { 'idempotency-key': key } });

const oneTo = (count: number) => Array.from({ length: count }, (_, i) => i + 1);
const sorted = (values: number[]) => [...values].sort((a, b) => a - b);

describe('a popular session over HTTP', () => {
  it('answers 60 registrants at once for 6 seats all 201: 6 seated, 54 queued at places 1 to 54', async () => {
    const { sessionId } = await publishedSession(anonymous, admin, { sessionTitle: '热门班次', capacity: 6 });
    const people: ApiClient[] = [];
    for (let n = 0; n < 60; n++) people.push(await traineeWithProfile(anonymous, n));

    const answers = await Promise.all(people.map((person) => register(person, sessionId)));
    expect(answers.map((answer) => answer.status)).toEqual(Array(60).fill(201));
    const waiting = answers.filter((answer) => answer.body.status === 'waitlisted');
    expect(answers.filter((answer) => answer.body.status === 'confirmed')).toHaveLength(6);
    expect(sorted(waiting.map((answer) => answer.body.waitlistPosition))).toEqual(oneTo(54));
    expect(sorted(waiting.map((answer) => answer.body.waitlistPlace))).toEqual(oneTo(54));

    const session = await admin.get(`/sessions/${sessionId}`);
    expect(session.body).toMatchObject({ capacity: 6, seatsTaken: 6, waitlistLength: 54 });
  }, 120_000);

  it('registers a double submit under one key once, answering both, and refuses another request', async () => {
    const { sessionId } = await publishedSession(anonymous, admin, {
      sessionTitle: '重复提交班次',
      capacity: 1,
    });
    const trainee = await traineeWithProfile(anonymous, 100);
    const key = randomUUID();

    const [first, second] = await Promise.all([
      register(trainee, sessionId, key),
      register(trainee, sessionId, key),
    ]);
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.body.id).toBe(first.body.id);
    expect(first.body).toMatchObject({ status: 'confirmed' });

    const other = await register(trainee, sessionId);
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('ALREADY_REGISTERED');
    const again = await register(trainee, sessionId, key);
    expect(again).toMatchObject({ status: 201, body: { id: first.body.id } });

    const session = await admin.get(`/sessions/${sessionId}`);
    expect(session.body).toMatchObject({ seatsTaken: 1, waitlistLength: 0 });
  }, 60_000);
});
