/**
 * Sessions and registrations stored before names were kept beside ids, read from DynamoDB Local:
 * every item of a page comes back with its host named, with one BatchGet of the hosts the page
 * lacks, never one read per item; items written with names cost no lookup at all.
 */
import { BatchGetCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { beijingDate } from '#shared/domain/dates';
import type { Plan } from '#shared/domain/plans/schemas';
import { newRegistration } from '#shared/domain/registrations/registration';
import type { Registration } from '#shared/domain/registrations/schemas';
import { CreateSessionInput, type Session } from '#shared/domain/sessions/schemas';
import { newSession } from '#shared/domain/sessions/session';
import { db } from '#shared/store/client';
import { registerForSession } from '#shared/store/registering';
import { cancelOnce } from '#shared/store/registration-changes';
import { getRegistration, listTraineeRegistrations } from '#shared/store/registrations';
import { getSession, listSessions, putNewSession } from '#shared/store/sessions';
import { addDays, hostWithPublishedPlan, sessionOf, trainees } from '../support/fixtures';

afterEach(() => {
  vi.restoreAllMocks();
});

/** The DynamoDB reads `read` makes, by command. */
async function readsOf<T>(read: () => Promise<T>) {
  const send = vi.spyOn(db, 'send');
  const result = await read();
  const commands = send.mock.calls.map(([command]) => command);
  send.mockRestore();
  return {
    result,
    batchGets: commands.filter((command) => command instanceof BatchGetCommand).length,
    gets: commands.filter((command) => command instanceof GetCommand).length,
  };
}

/** A session of `plan` as a version before names were kept wrote it: no hostName. */
async function legacySessionOf(plan: Plan): Promise<Session> {
  const today = beijingDate(new Date());
  const input = CreateSessionInput.parse({
    title: '旧班次',
    startDate: addDays(today, 10),
    endDate: addDays(today, 12),
    registrationDeadline: addDays(today, 5),
    capacity: 20,
    creditHours: 24,
    subjectType: 'professional',
    mode: 'offline',
    city: '南宁',
  });
  const { hostName: _name, ...legacy } = newSession(plan, input, new Date());
  await putNewSession(legacy as Session);
  return legacy as Session;
}

/** The registration as a version before names were kept made it: no hostName. */
function withoutHostName(registration: Registration): Registration {
  const { hostName: _name, ...legacy } = registration;
  return legacy as Registration;
}

describe('sessions stored before names were kept', () => {
  it('come back named, a whole page with one BatchGet of the host', async () => {
    const { host, plan } = await hostWithPublishedPlan();
    const legacy = [await legacySessionOf(plan), await legacySessionOf(plan), await legacySessionOf(plan)];

    const {
      result: page,
      batchGets,
      gets,
    } = await readsOf(() => listSessions({ planId: plan.id, limit: 50 }, ''));
    expect(page.items.map((session) => session.id).sort()).toEqual(
      legacy.map((session) => session.id).sort(),
    );
    expect(page.items.map((session) => session.hostName)).toEqual([host.name, host.name, host.name]);
    expect(batchGets).toBe(1);
    expect(gets).toBe(0);

    const one = await readsOf(() => getSession(legacy[0]?.id as string));
    expect(one.result?.hostName).toBe(host.name);
    expect(one.batchGets).toBe(1);
  });

  it('written with names need no lookup at all', async () => {
    const { plan } = await hostWithPublishedPlan();
    const named: Plan = { ...plan, hostName: '北海职业学院' };
    await sessionOf(named);
    await sessionOf(named);
    const { result, batchGets } = await readsOf(() => listSessions({ planId: plan.id, limit: 50 }, ''));
    expect(batchGets).toBe(0);
    expect(result.items.map((session) => session.hostName)).toEqual(['北海职业学院', '北海职业学院']);
  });
});

describe('registrations made before names were kept', () => {
  it("come back named, a trainee's page across hosts with one BatchGet of the hosts", async () => {
    const [trainee] = await trainees(1);
    if (!trainee) throw new Error('no trainee');
    const hosts = [];
    for (let i = 0; i < 3; i++) {
      const { host, plan } = await hostWithPublishedPlan();
      const session = await legacySessionOf(plan);
      await registerForSession(
        withoutHostName(newRegistration({ ...session, hostName: 'unused' }, trainee, new Date())),
      );
      hosts.push(host);
    }

    const {
      result: page,
      batchGets,
      gets,
    } = await readsOf(() => listTraineeRegistrations(trainee.traineeId, 50));
    expect(page.items).toHaveLength(3);
    expect(batchGets).toBe(1);
    expect(gets).toBe(0);
    const nameOf = new Map(hosts.map((host) => [host.id, host.name]));
    for (const registration of page.items)
      expect(registration.hostName).toBe(nameOf.get(registration.hostOrgId));
  });

  it('keep the name from their next write on, and cost no lookup after it', async () => {
    const [trainee] = await trainees(1);
    if (!trainee) throw new Error('no trainee');
    const { host, plan } = await hostWithPublishedPlan();
    const session = await legacySessionOf(plan);
    const legacy = await registerForSession(
      withoutHostName(newRegistration({ ...session, hostName: 'unused' }, trainee, new Date())),
    );

    const first = await readsOf(() => getRegistration(legacy.id));
    expect(first.batchGets).toBe(1);
    const read = first.result as Registration;
    expect(read.hostName).toBe(host.name);
    await cancelOnce(read, undefined, new Date());

    const again = await readsOf(() => getRegistration(legacy.id));
    expect(again.batchGets).toBe(0);
    expect(again.result).toMatchObject({ hostName: host.name, status: 'cancelled' });
  });

  it('made now carry the name their session was read with', async () => {
    const [trainee] = await trainees(1);
    if (!trainee) throw new Error('no trainee');
    const { host, plan } = await hostWithPublishedPlan();
    const session = (await getSession((await legacySessionOf(plan)).id)) as Session;
    const registered = await registerForSession(newRegistration(session, trainee, new Date()));
    const { result, batchGets } = await readsOf(() => getRegistration(registered.id));
    expect(batchGets).toBe(0);
    expect(result?.hostName).toBe(host.name);
  });
});
