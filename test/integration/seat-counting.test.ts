/**
 * Who writes a session item while trainees register (docs/adr/0008-hot-sessions.md): on a capped
 * session each registrant writes it once, its claim taking off the mark of the claim finished
 * before it, and the counters aggregator takes off the marks no later claim did; a session without
 * a capacity is written by no registrant at all, the aggregator counting its seats, also when one
 * is given up and when a capacity set later makes the waitlist take it.
 */
import { afterAll, describe, expect, it, vi } from 'vitest';
import { applyCloudRules, type WriteLogEntry } from '#infra/local/dynamodb-rules';
import type { Registration } from '#shared/domain/registrations/schemas';
import { dynamo } from '#shared/store/client';
import { claimMarksOf, pendingClaimsOf } from '#shared/store/registering';
import { listRoster } from '#shared/store/registrations';
import { getSession, sessionPk } from '#shared/store/sessions';
import { startCounters } from '../support/counters';
import { hostWithPublishedPlan, sessionOf, trainees } from '../support/fixtures';
import { cancel, REGISTER, register, setCapacity } from '../support/registration-calls';

const writes: WriteLogEntry[] = [];
const rules = applyCloudRules(dynamo, { conflicts: true, writeLog: (entry) => writes.push(entry) });
// Counted only for the hosts a test names: the first test watches marks no aggregator may touch.
const countedHosts = new Set<string>();
const counters = startCounters((registration) => countedHosts.has(registration.hostOrgId));
afterAll(async () => {
  rules.remove();
  await counters.stop();
});

async function setup(capacity: number | null, count: number, counted = true) {
  const { plan } = await hostWithPublishedPlan();
  if (counted) countedHosts.add(plan.hostOrgId);
  const session = await sessionOf(plan, { capacity, mode: 'online' });
  const ids = (await trainees(count)).map((trainee) => trainee.traineeId);
  return { session, ids };
}

/** The writes registrants made on the session item since `from` in the log. */
const sessionWritesSince = (from: number, sessionId: string) =>
  writes
    .slice(from)
    .filter(
      (entry) =>
        entry.table.endsWith('plans') && entry.key.pk === sessionPk(sessionId) && entry.writer === REGISTER,
    );

async function confirmedOf(sessionId: string) {
  const roster = (await listRoster(sessionId, 200)).items;
  return roster.filter((registration) => registration.status === 'confirmed').length;
}

describe('a capped session', () => {
  it('is written once per registrant, each claim taking off the mark finished before it', async () => {
    const { session, ids } = await setup(5, 3, false);
    const [first, second, third] = ids as [string, string, string];
    const from = writes.length;

    const a = (await register(session.id, first)).body as unknown as Registration;
    expect([...(await claimMarksOf(session.id)).keys()]).toEqual([a.id]);
    // Finished (its registration written), so no claim is pending any more.
    expect((await pendingClaimsOf(session.id)).size).toBe(0);

    const b = (await register(session.id, second)).body as unknown as Registration;
    expect([...(await claimMarksOf(session.id)).keys()]).toEqual([b.id]);
    const c = (await register(session.id, third)).body as unknown as Registration;
    expect(sessionWritesSince(from, session.id)).toHaveLength(3);

    // Cancelled, its registration is rewritten without the seat's nonce: its mark is still finished.
    expect((await cancel(c)).status).toBe(200);
    expect([...(await claimMarksOf(session.id)).keys()]).toEqual([c.id]);
    expect((await pendingClaimsOf(session.id)).size).toBe(0);
  });

  it('has the marks no later claim took off removed by the counters aggregator', async () => {
    const { session, ids } = await setup(2, 4);
    const answers = await Promise.all(ids.map((id) => register(session.id, id)));
    expect(answers.map((answer) => answer.status)).toEqual([201, 201, 201, 201]);
    expect((await claimMarksOf(session.id)).size).toBeGreaterThan(0);

    // Eventually: the aggregator reads the registrations' changes from the stream.
    await vi.waitFor(
      async () => {
        await counters.caughtUp();
        expect((await claimMarksOf(session.id)).size).toBe(0);
      },
      { timeout: 20_000, interval: 200 },
    );
    expect(await getSession(session.id)).toMatchObject({ seatsTaken: 2, waitlistLength: 2 });
  });
});

describe('a session without a capacity', () => {
  it('is written by no registrant: the aggregator counts its seats, and gives one back on cancelling', async () => {
    const { session, ids } = await setup(null, 3);
    const from = writes.length;
    const answers = await Promise.all(ids.map((id) => register(session.id, id)));
    expect(answers.map((answer) => [answer.status, answer.body.status])).toEqual(
      ids.map(() => [201, 'confirmed']),
    );
    expect(sessionWritesSince(from, session.id)).toEqual([]);

    await counters.caughtUp();
    expect((await getSession(session.id))?.seatsTaken).toBe(3);

    expect((await cancel(answers[0]?.body as unknown as Registration)).status).toBe(200);
    await counters.caughtUp();
    expect((await getSession(session.id))?.seatsTaken).toBe(2);
    expect(await confirmedOf(session.id)).toBe(2);
  });

  it('hands a seat the aggregator counted to the first in line once a capacity is set', async () => {
    const { session, ids } = await setup(null, 4);
    const [a, b, c, d] = ids as [string, string, string, string];
    const first = (await register(session.id, a)).body as unknown as Registration;
    await register(session.id, b);
    await register(session.id, c);
    await counters.caughtUp();

    // Below the seats counted: refused; at them: the session is full.
    expect((await setCapacity(session, 2)).status).toBe(422);
    expect((await setCapacity(session, 3)).status).toBe(200);
    const waiting = (await register(session.id, d)).body;
    expect(waiting).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });

    expect((await cancel(first)).status).toBe(200);
    await counters.caughtUp();
    expect(await getSession(session.id)).toMatchObject({ seatsTaken: 3, waitlistLength: 0 });
    expect(await confirmedOf(session.id)).toBe(3);
    const roster = (await listRoster(session.id, 10)).items;
    expect(roster.find((registration) => registration.traineeId === d)?.status).toBe('confirmed');
  });
});
