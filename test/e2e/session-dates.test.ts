/**
 * Sessions over HTTP against the local system, as the program year holds them: dated in their
 * plan's year, created with their deadline ahead, online ones enrolling until they end; a moved
 * session mailed to everyone registered; results only once the session has ended.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { yearOf } from '#shared/domain/dates';
import { ApiClient } from '../support/api-client';
import { addDays } from '../support/fixtures';
import { publishedPlan, publishedSession, traineeWithProfile } from '../support/http-scenario';
import { type LocalSystem, startLocalSystem } from '../support/local-system';
import { beijingToday, sessionWindow } from '../support/session-window';

let system: LocalSystem;
let anonymous: ApiClient;
let admin: ApiClient;
let host: ApiClient;
const today = beijingToday();
const year = yearOf(today);
/** The default session: ten days ahead, in next year's first days when that straddles the year end. */
const ahead = sessionWindow({ deadlineIn: 5, startIn: 10, endIn: 11 });
/** The host's published plan of each year, made when first needed. */
const plans = new Map<number, Promise<string>>();
const planOf = (planYear: number): Promise<string> => {
  if (!plans.has(planYear)) plans.set(planYear, publishedPlan(host, admin, planYear));
  return plans.get(planYear) as Promise<string>;
};
/** Dates a few days either side of today, kept inside this year (the plan's). */
const inYear = (date: string) =>
  date < `${year}-01-01` ? `${year}-01-01` : date > `${year}-12-31` ? `${year}-12-31` : date;

const body = (overrides: Record<string, unknown> = {}) => ({
  title: '数字经济专题班',
  startDate: ahead.startDate,
  endDate: ahead.endDate,
  registrationDeadline: ahead.registrationDeadline,
  capacity: 30,
  creditHours: 8,
  subjectType: 'professional',
  mode: 'offline',
  city: '南宁',
  location: '广西人才大厦',
  ...overrides,
});

/** Posts a session to the plan of the year its dates are in. */
const post = async (overrides: Record<string, unknown>) => {
  const fields = body(overrides);
  return host.post(`/plans/${await planOf(yearOf(fields.startDate as string))}/sessions`, fields);
};

async function createSession(overrides: Record<string, unknown> = {}) {
  const answer = await post(overrides);
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body as { id: string; startDate: string; endDate: string; version: number };
}

beforeAll(async () => {
  system = await startLocalSystem();
  anonymous = new ApiClient(system.baseUrl);
  admin = await anonymous.as('admin-dates', 'admin', 'org_hrss');
  let planId: string;
  ({ host, planId } = await publishedSession(anonymous, admin, { hostName: '日期规则测试承办单位' }));
  plans.set(ahead.year, Promise.resolve(planId));
});

afterAll(async () => {
  await system?.stop();
});

describe('creating and moving a session', () => {
  it("refuses dates outside the plan's year with 422 SESSION_OUTSIDE_PLAN_YEAR, on POST and PATCH", async () => {
    const outside = await host.post(
      `/plans/${await planOf(ahead.year)}/sessions`,
      body({
        startDate: `${ahead.year + 1}-01-05`,
        endDate: `${ahead.year + 1}-01-06`,
        registrationDeadline: today,
      }),
    );
    expect(outside.status).toBe(422);
    expect(outside.body.error.code).toBe('SESSION_OUTSIDE_PLAN_YEAR');
    expect(outside.body.error.details.map((detail: { field: string }) => detail.field)).toEqual([
      'startDate',
      'endDate',
    ]);

    const session = await createSession();
    const moved = await host.patch(`/sessions/${session.id}`, { endDate: `${ahead.year + 1}-01-02` });
    expect(moved.status).toBe(422);
    expect(moved.body.error).toMatchObject({
      code: 'SESSION_OUTSIDE_PLAN_YEAR',
      details: [{ field: 'endDate' }],
    });
    expect((await host.get(`/sessions/${session.id}`)).body).toMatchObject({
      endDate: session.endDate,
      version: 1,
    });
  });

  it('refuses a deadline already past with 422 DEADLINE_PASSED, and takes today', async () => {
    const late = await post({ startDate: today, endDate: today, registrationDeadline: addDays(today, -1) });
    expect(late.status).toBe(422);
    expect(late.body.error).toMatchObject({
      code: 'DEADLINE_PASSED',
      details: [{ field: 'registrationDeadline' }],
    });
    const lastCall = await post({ startDate: today, endDate: today, registrationDeadline: today });
    expect(lastCall.status).toBe(201);
  });

  it('keeps the deadline on or before the start, for online sessions on or before the end (400)', async () => {
    const fields = (answer: { body: { error: { details: { field: string }[] } } }) =>
      answer.body.error.details.map((detail) => detail.field);
    const offline = await post({ registrationDeadline: addDays(ahead.startDate, 1) });
    expect(offline.status).toBe(400);
    expect(offline.body.error.code).toBe('VALIDATION_FAILED');
    expect(fields(offline)).toEqual(['registrationDeadline']);
    const onlineLate = await post({ mode: 'online', registrationDeadline: addDays(ahead.endDate, 1) });
    expect(onlineLate.status).toBe(400);
    expect(fields(onlineLate)).toEqual(['registrationDeadline']);

    // Rolling enrolment: an online session's deadline may fall after its start.
    const rolling = await createSession({ mode: 'online', registrationDeadline: ahead.endDate });
    // Made offline, its deadline would follow its start: refused, and nothing changes.
    const offlineNow = await host.patch(`/sessions/${rolling.id}`, { mode: 'offline' });
    expect(offlineNow.status).toBe(400);
    expect(fields(offlineNow)).toEqual(['registrationDeadline']);
    expect((await host.get(`/sessions/${rolling.id}`)).body).toMatchObject({ mode: 'online', version: 1 });
  });
});

describe('an online session already under way', () => {
  it('takes a registration after its start, up to its deadline; trainees still cannot cancel then', async () => {
    const startDate = inYear(addDays(today, -2));
    const endDate = inYear(addDays(today, 5));
    const session = await createSession({
      mode: 'online',
      startDate,
      endDate,
      registrationDeadline: endDate,
    });
    expect(session.startDate <= today).toBe(true);

    const trainee = await traineeWithProfile(anonymous, 301);
    const registered = await trainee.post(`/sessions/${session.id}/registrations`);
    expect(registered.status).toBe(201);
    expect(registered.body.status).toBe('confirmed');
    const cancel = await trainee.post(`/registrations/${registered.body.id}/cancel`);
    expect(cancel.status).toBe(422);
    expect(cancel.body.error.code).toBe('CANCELLATION_CLOSED');
  });
});

describe('a session moved after people registered', () => {
  it('mails every confirmed and waitlisted trainee what changed (session-changed), once', async () => {
    // Room to move a day later without leaving the plan's year.
    const room = sessionWindow({ deadlineIn: 5, startIn: 10, endIn: 12 });
    const session = await createSession({
      title: '改期通知专题班',
      capacity: 1,
      registrationDeadline: room.registrationDeadline,
      startDate: room.startDate,
      endDate: addDays(room.endDate, -1),
    });
    const people = [];
    for (const n of [401, 402, 403]) people.push(await traineeWithProfile(anonymous, n));
    const registrations = [];
    for (const person of people)
      registrations.push((await person.post(`/sessions/${session.id}/registrations`)).body);
    expect(registrations.map((registration) => registration.status)).toEqual([
      'confirmed',
      'waitlisted',
      'waitlisted',
    ]);
    // The last one leaves the waitlist before the move: not told.
    expect((await people[2]?.post(`/registrations/${registrations[2].id}/cancel`))?.status).toBe(200);

    const newStart = addDays(session.startDate, 1);
    const newEnd = addDays(session.endDate, 1);
    const moved = await host.patch(`/sessions/${session.id}`, { startDate: newStart, endDate: newEnd });
    expect(moved.status).toBe(200);
    // A rename moves nothing the trainees are told of.
    expect((await host.patch(`/sessions/${session.id}`, { title: '改期通知专题班（新）' })).status).toBe(200);

    const changed = () =>
      anonymous
        .get('/local/outbox')
        .then((outbox) =>
          (outbox.body.items as { to: string; kind: string; subject: string; text: string }[]).filter(
            (mail) => mail.kind === 'session-changed',
          ),
        );
    const mails = await vi.waitFor(
      async () => {
        const found = await changed();
        expect(found).toHaveLength(2);
        return found;
      },
      { timeout: 15_000, interval: 200 },
    );
    expect(mails.map((mail) => mail.to).sort()).toEqual(['t401@example.cn', 't402@example.cn']);
    for (const mail of mails) {
      expect(mail.subject).toContain('改期通知专题班');
      expect(mail.text).toContain(`${session.startDate} → ${newStart}`);
      expect(mail.text).toContain(`${session.endDate} → ${newEnd}`);
    }
    expect(mails.find((mail) => mail.to === 't402@example.cn')?.text).toContain(
      `/registrations/${registrations[1].id}`,
    );
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await changed()).toHaveLength(2);
  });
});

describe('results', () => {
  it('are refused before the end date with 422 SESSION_NOT_ENDED, and complete the trainee from it', async () => {
    const trainee = await traineeWithProfile(anonymous, 501);
    // Ends tomorrow; on 31 December it is held in next year's first days instead.
    const { year: _upcomingYear, ...upcomingDates } = sessionWindow({ deadlineIn: 0, startIn: 0, endIn: 1 });
    const upcoming = await createSession(upcomingDates);
    const early = (await trainee.post(`/sessions/${upcoming.id}/registrations`)).body;
    const refused = await host.post(`/sessions/${upcoming.id}/results`, {
      results: [{ registrationId: early.id, passed: true }],
    });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({
      code: 'SESSION_NOT_ENDED',
      details: [{ field: 'endDate', endDate: upcomingDates.endDate }],
    });
    expect((await trainee.get(`/registrations/${early.id}`)).body.status).toBe('confirmed');
    expect((await trainee.get('/certificates?mine=true')).body.items).toEqual([]);

    // A session ending today takes its results today.
    const ending = await createSession({ startDate: today, endDate: today, registrationDeadline: today });
    const held = (await trainee.post(`/sessions/${ending.id}/registrations`)).body;
    const recorded = await host.post(`/sessions/${ending.id}/results`, {
      results: [{ registrationId: held.id, passed: true, score: 90 }],
    });
    expect(recorded.status).toBe(200);
    expect(recorded.body.items[0]).toMatchObject({ id: held.id, status: 'completed' });
    expect((await trainee.get('/certificates?mine=true')).body.items).toHaveLength(1);
  });
});
