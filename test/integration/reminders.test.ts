/**
 * The daily reminders job (issue 6) in process against DynamoDB Local, mail to a local outbox:
 * each kind on its day and not on others, to the right people only, and each mail once, also
 * when the job runs twice or twice at once.
 *
 * The database is shared with the other test files and the job reads everything due on a day, so
 * every session here lives on its own far-future dates (2034–2035), and every assertion looks only
 * at mail to the people, hosts and bases this file made. The calendar reminders (annual reports,
 * credit hours) go to every base and trainee in the database; only ours are looked at.
 */
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { runReminders } from '#functions/reminders/handler';
import { handler as sessions } from '#functions/sessions/handler';
import type { Actor } from '#shared/domain/actor';
import { newOrganization } from '#shared/domain/organizations/organization';
import type { Organization } from '#shared/domain/organizations/schemas';
import { newPlan } from '#shared/domain/plans/plan';
import { CreatePlanInput, type Plan } from '#shared/domain/plans/schemas';
import type { Registration } from '#shared/domain/registrations/schemas';
import type { CreateSessionInput, Session } from '#shared/domain/sessions/schemas';
import type { LedgerEntry } from '#shared/domain/trainees/schemas';
import { listOutbox, type OutboxItem } from '#shared/mail/outbox';
import { putNewAnnualReport } from '#shared/store/annual-reports';
import { db } from '#shared/store/client';
import { appendLedgerEntry } from '#shared/store/ledger';
import { putNewOrganization } from '#shared/store/organizations';
import { putNewPlan } from '#shared/store/plans';
import { addDays, hostWithPublishedPlan, sessionOf, trainees } from '../support/fixtures';
import { claimsFor, httpEvent, jsonBody, lambdaContext } from '../support/http-event';
import { registrationsOrResults } from '../support/route-handlers';
import { useIntegrationConfig } from './config';

// Before the first test: the mailer and the queue read these on first use.
const unique = `${process.pid}-${Date.now()}`;
const outboxDir = `${process.env.TMPDIR ?? '/tmp'}/gx-reminders-outbox-${unique}`;
const adminEmail = `office-${unique}@hrss.example.cn`;
useIntegrationConfig({ MAIL_OUTBOX_DIR: outboxDir, ADMIN_EMAIL: adminEmail });

afterAll(() => rmSync(outboxDir, { recursive: true, force: true }));

type Claims = Record<string, string>;

const run = (date: string, time = '09:00:00+08:00') =>
  runReminders({ job: 'reminders', now: `${date}T${time}` });

async function mailTo(emails: readonly string[], kind?: string): Promise<OutboxItem[]> {
  const wanted = new Set(emails);
  return (await listOutbox(outboxDir)).filter(
    (mail) => wanted.has(mail.to) && (kind === undefined || mail.kind === kind),
  );
}
const recipients = (mails: readonly OutboxItem[]) => mails.map((mail) => mail.to).sort();

const hostClaims = (orgId: string) => claimsFor('host', `host-user-${orgId}`, { 'custom:orgId': orgId });

async function callRegistrations(
  routeKey: string,
  claims: Claims,
  pathParameters: Record<string, string>,
  body?: unknown,
) {
  const result = await registrationsOrResults(routeKey)(
    httpEvent({
      routeKey,
      claims,
      pathParameters,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    }),
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
  expect(answer.status).toBe(201);
  return answer.body as unknown as Registration;
}

async function cancel(registration: Registration): Promise<void> {
  const answer = await callRegistrations(
    'POST /registrations/{registrationId}/cancel',
    claimsFor('trainee', registration.traineeId),
    { registrationId: registration.id },
  );
  expect(answer.status).toBe(200);
}

/** Results are recorded once the session has ended: on its last day, with the clock moved there. */
async function recordResults(session: Session, results: { registrationId: string; passed: boolean }[]) {
  vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
  vi.setSystemTime(new Date(`${session.endDate}T18:00:00+08:00`));
  try {
    const answer = await callRegistrations(
      'POST /sessions/{sessionId}/results',
      hostClaims(session.hostOrgId),
      { sessionId: session.id },
      { results },
    );
    expect(answer.status).toBe(200);
  } finally {
    vi.useRealTimers();
  }
}

/** Sessions are held in their plan's year: this file's far-future one (no other file lists its sessions). */
const PLAN_YEAR = 2034;

/** Dates of a session starting on `startDate`: two days long, the deadline ten days before. */
const datesFrom = (startDate: string): Partial<CreateSessionInput> => ({
  startDate,
  endDate: addDays(startDate, 2),
  registrationDeadline: addDays(startDate, -10),
});

/** A host with a contact address (for results reminders) and a published plan of it. */
async function hostWithContact(): Promise<{ host: Organization & { contactEmail: string }; plan: Plan }> {
  const unique = randomUUID().slice(0, 8);
  const host = newOrganization(
    {
      name: `提醒测试承办单位${unique}`,
      kind: 'host',
      city: '桂林',
      contactEmail: `host-${unique}@example.cn`,
    },
    new Date(),
  ) as Organization & { contactEmail: string };
  await putNewOrganization(host);
  const actor: Actor = { userId: `host-user-${host.id}`, roles: ['host'], orgId: host.id };
  const draft = newPlan(
    CreatePlanInput.parse({
      year: PLAN_YEAR,
      project: 'seminar',
      level: 'regional',
      category: 'shortage',
      title: '提醒测试研修',
      plannedSessions: 3,
      plannedTrainees: 100,
      budget: { subsidyCapFen: 100_000, selfFundedFen: 0 },
    }),
    actor,
    new Date(),
  );
  const plan: Plan = { ...draft, status: 'published', publishedAt: new Date().toISOString() };
  await putNewPlan(plan);
  return { host, plan };
}

/** A base with a contact address, of a unique name so mail about it can be told apart. */
async function base(label: string): Promise<Organization & { contactEmail: string }> {
  const unique = randomUUID().slice(0, 8);
  const org = newOrganization(
    {
      name: `${label}继续教育基地${unique}`,
      kind: 'base',
      level: 'regional',
      city: '柳州',
      contactEmail: `base-${unique}@example.cn`,
    },
    new Date(),
  ) as Organization & { contactEmail: string };
  await putNewOrganization(org);
  return org;
}

describe('session-starting', () => {
  it('mails confirmed trainees 3 days and 1 day before the start, not waitlisted or cancelled ones, and not 2 days before', async () => {
    const { plan } = await hostWithPublishedPlan({ year: PLAN_YEAR });
    const session = await sessionOf(plan, {
      title: '开班提醒测试班',
      capacity: 2,
      ...datesFrom('2034-03-10'),
    });
    const people = await trainees(5);
    const emails = people.map((person) => person.email);
    const made: Registration[] = [];
    for (const person of people) made.push(await register(session.id, person.traineeId));
    expect(made.map((registration) => registration.status)).toEqual([
      'confirmed',
      'confirmed',
      'waitlisted',
      'waitlisted',
      'waitlisted',
    ]);
    // t1 cancels (t2 moves up), t4 leaves the waitlist: t0 and t2 hold seats, t3 waits.
    await cancel(made[1] as Registration);
    await cancel(made[4] as Registration);
    const confirmed = [people[0]?.email, people[2]?.email].sort();

    const summary = await run('2034-03-07');
    expect(summary.today).toBe('2034-03-07');
    const threeDays = await mailTo(emails, 'session-starting');
    expect(recipients(threeDays)).toEqual(confirmed);
    for (const mail of threeDays) {
      expect(mail.subject).toContain('开班提醒测试班');
      expect(mail.subject).toContain('3天后');
      expect(mail.text).toContain('2034-03-10');
      expect(mail.text).toMatch(/\/registrations\/reg_/);
    }

    await run('2034-03-08');
    expect(await mailTo(emails, 'session-starting')).toHaveLength(2);

    await run('2034-03-09');
    const all = await mailTo(emails, 'session-starting');
    expect(all).toHaveLength(4);
    const tomorrow = all.filter((mail) => mail.subject.includes('明天'));
    expect(recipients(tomorrow)).toEqual(confirmed);

    await run('2034-03-10');
    // Nothing else to these people: no other kind, no more of this one. (t2's promotion is a
    // notice the notifier mails from the table's stream, which does not run in this file.)
    expect(await mailTo(emails)).toHaveLength(4);
  });
});

describe('waitlist-deadline', () => {
  it('mails the trainees still waiting the day before the deadline, and no one else', async () => {
    const { plan } = await hostWithPublishedPlan({ year: PLAN_YEAR });
    const session = await sessionOf(plan, {
      title: '候补提醒测试班',
      capacity: 1,
      startDate: '2034-04-20',
      endDate: '2034-04-21',
      registrationDeadline: '2034-04-10',
    });
    const people = await trainees(4);
    const emails = people.map((person) => person.email);
    const made: Registration[] = [];
    for (const person of people) made.push(await register(session.id, person.traineeId));
    expect(made.map((registration) => registration.status)).toEqual([
      'confirmed',
      'waitlisted',
      'waitlisted',
      'waitlisted',
    ]);
    await cancel(made[3] as Registration);

    await run('2034-04-08');
    expect(await mailTo(emails)).toEqual([]);

    await run('2034-04-09');
    const mails = await mailTo(emails, 'waitlist-deadline');
    expect(recipients(mails)).toEqual([people[1]?.email, people[2]?.email].sort());
    const second = mails.find((mail) => mail.to === people[2]?.email);
    expect(second?.subject).toContain('候补提醒测试班');
    expect(second?.text).toContain('2034-04-10');
    expect(second?.text).toContain('第2位');

    await run('2034-04-10');
    expect(await mailTo(emails)).toHaveLength(2);
  });

  it('tells a trainee the place counted that day: 第1位 once the one ahead was promoted', async () => {
    const { plan } = await hostWithPublishedPlan({ year: PLAN_YEAR });
    const session = await sessionOf(plan, {
      title: '候补名次测试班',
      capacity: 1,
      startDate: '2034-04-25',
      endDate: '2034-04-26',
      registrationDeadline: '2034-04-15',
    });
    const people = await trainees(3);
    const emails = people.map((person) => person.email);
    const made: Registration[] = [];
    for (const person of people) made.push(await register(session.id, person.traineeId));
    expect(made.map((registration) => registration.waitlistPosition)).toEqual([undefined, 1, 2]);
    // The seated trainee leaves: the first in line takes the seat; the second is now next.
    await cancel(made[0] as Registration);

    await run('2034-04-14');
    const mails = await mailTo(emails, 'waitlist-deadline');
    expect(recipients(mails)).toEqual([people[2]?.email]);
    expect(mails[0]?.text).toContain('候补名单中排第1位');
    expect(mails[0]?.text).not.toContain('第2位');
  });
});

describe('results-overdue', () => {
  it("mails the host's contact 7 days after the end while a confirmed trainee has no result, not once all are recorded", async () => {
    const { host, plan } = await hostWithContact();
    const dates = { startDate: '2034-05-10', endDate: '2034-05-12', registrationDeadline: '2034-05-01' };
    const pending = await sessionOf(plan, { ...dates, title: '结果未录入班' });
    const done = await sessionOf(plan, { ...dates, title: '结果已录入班' });
    const empty = await sessionOf(plan, { ...dates, title: '无人参加班' });
    const people = await trainees(4);

    const [p0, p1] = [
      await register(pending.id, people[0]?.traineeId ?? ''),
      await register(pending.id, people[1]?.traineeId ?? ''),
    ];
    await recordResults(pending, [{ registrationId: (p0 as Registration).id, passed: true }]);
    const d0 = await register(done.id, people[2]?.traineeId ?? '');
    const d1 = await register(done.id, people[3]?.traineeId ?? '');
    await recordResults(done, [
      { registrationId: d0.id, passed: true },
      { registrationId: d1.id, passed: false },
    ]);
    await cancel(await register(empty.id, people[0]?.traineeId ?? ''));
    expect(p1?.status).toBe('confirmed');

    await run('2034-05-18');
    expect(await mailTo([host.contactEmail])).toEqual([]);

    await run('2034-05-19');
    const mails = await mailTo([host.contactEmail]);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.kind).toBe('results-overdue');
    expect(mails[0]?.subject).toContain('结果未录入班');
    expect(mails[0]?.text).toContain(host.name);
    expect(mails[0]?.text).toContain('2034-05-12');
    expect(mails[0]?.text).toContain(`/sessions/${pending.id}`);
    // The trainees are not told.
    expect(
      await mailTo(
        people.map((person) => person.email),
        'results-overdue',
      ),
    ).toEqual([]);

    await run('2034-05-20');
    expect(await mailTo([host.contactEmail])).toHaveLength(1);
  });

  it('mails nothing for a host without a contact address (logged, not thrown)', async () => {
    const { plan } = await hostWithPublishedPlan({ year: PLAN_YEAR });
    const session = await sessionOf(plan, {
      startDate: '2034-05-24',
      endDate: '2034-05-25',
      registrationDeadline: '2034-05-22',
    });
    const [person] = await trainees(1);
    await register(session.id, person?.traineeId ?? '');
    const summary = await run('2034-06-01');
    expect(summary.byKind['results-overdue'] ?? 0).toBe(0);
  });
});

describe('a session moved to new dates (PATCH)', () => {
  it('reminds on the new days and not on the old ones', async () => {
    const { host, plan } = await hostWithContact();
    const session = await sessionOf(plan, { title: '改期测试班', ...datesFrom('2034-06-20') });
    const people = await trainees(1);
    const emails = [...people.map((person) => person.email), host.contactEmail];
    await register(session.id, people[0]?.traineeId ?? '');

    const patched = await sessions(
      httpEvent({
        routeKey: 'PATCH /sessions/{sessionId}',
        pathParameters: { sessionId: session.id },
        claims: hostClaims(host.id),
        body: JSON.stringify({
          startDate: '2034-07-20',
          endDate: '2034-07-22',
          registrationDeadline: '2034-07-10',
        }),
      }),
      lambdaContext('sessions'),
    );
    expect(patched.statusCode).toBe(200);

    // The old days: 3 and 1 days before the old start, 7 days after the old end.
    for (const day of ['2034-06-17', '2034-06-19', '2034-06-29']) await run(day);
    expect(await mailTo(emails)).toEqual([]);

    await run('2034-07-17');
    await run('2034-07-19');
    await run('2034-07-29');
    const mails = await mailTo(emails);
    expect(mails.map((mail) => [mail.to, mail.kind])).toEqual([
      [people[0]?.email, 'session-starting'],
      [people[0]?.email, 'session-starting'],
      [host.contactEmail, 'results-overdue'],
    ]);
    expect(mails[0]?.text).toContain('2034-07-20');
    expect(mails[2]?.text).toContain('2034-07-22');
  });
});

describe('annual reports of bases', () => {
  it('reminds a base that has not filed 30, 7 and 1 days before 10 December and tells it and the office on 11 December; a base that filed hears nothing', async () => {
    const late = await base('未提交');
    const filed = await base('已提交');
    await putNewAnnualReport({
      orgId: filed.id,
      orgName: filed.name,
      year: 2034,
      summary: '2034年度执行情况总结',
      nextYearPlan: '2035年度计划',
      dueDate: '2034-12-10',
      submittedAt: '2034-11-01T02:00:00.000Z',
      submittedBy: `host-user-${filed.id}`,
      lastSubmittedAt: '2034-11-01T02:00:00.000Z',
      lateDays: 0,
      status: 'submitted',
      history: [
        {
          action: 'filed',
          status: 'submitted',
          by: `host-user-${filed.id}`,
          byName: '基地联系人',
          at: '2034-11-01T02:00:00.000Z',
        },
      ],
      version: 1,
    });
    const emails = [late.contactEmail, filed.contactEmail];
    const aboutOurs = async () =>
      (await mailTo([adminEmail])).filter(
        (mail) => mail.text.includes(late.name) || mail.text.includes(filed.name),
      );

    const expected: [string, number][] = [];
    for (const [day, daysLeft] of [
      ['2034-11-09', undefined],
      ['2034-11-10', 30],
      ['2034-11-11', undefined],
      ['2034-12-03', 7],
      ['2034-12-09', 1],
      ['2034-12-10', undefined],
    ] as const) {
      await run(day);
      if (daysLeft !== undefined) expected.push([late.contactEmail, daysLeft]);
      const mails = await mailTo(emails);
      expect(
        mails.map((mail) => [mail.to, Number(/还有(\d+)天/.exec(mail.subject)?.[1])]),
        day,
      ).toEqual(expected);
      expect(mails.every((mail) => mail.kind === 'annual-report-due')).toBe(true);
      expect(await aboutOurs(), day).toEqual([]);
    }
    const [first] = await mailTo(emails);
    expect(first?.text).toContain(late.name);
    expect(first?.text).toContain('2034-12-10');
    expect(first?.text).toContain(`/organizations/${late.id}/annual-reports`);

    await run('2034-12-11');
    const overdue = await mailTo(emails, 'annual-report-overdue');
    expect(recipients(overdue)).toEqual([late.contactEmail]);
    expect(overdue[0]?.subject).toContain(late.name);
    const office = await aboutOurs();
    expect(office).toHaveLength(1);
    expect(office[0]?.kind).toBe('annual-report-overdue');
    expect(office[0]?.text).toContain(late.name);
    expect(office[0]?.text).not.toBe(overdue[0]?.text);

    // Again the same day, and the next day: nothing more.
    await run('2034-12-11', '15:00:00+08:00');
    await run('2034-12-12');
    expect(await mailTo(emails)).toHaveLength(4);
    expect(await aboutOurs()).toHaveLength(1);
  });
});

describe('credit-shortfall', () => {
  let sequence = 0;
  const entry = (traineeId: string, subjectType: LedgerEntry['subjectType'], hours: number): LedgerEntry => {
    sequence += 1;
    return {
      traineeId,
      year: 2035,
      registrationId: `reg_${randomUUID().slice(0, 8)}_${sequence}`,
      sessionId: `ses_reminders_${sequence}`,
      sessionTitle: `学时测试班${sequence}`,
      subjectType,
      hours,
      recordedAt: '2035-06-30T09:00:00.000Z',
    };
  };

  it('mails on 1 November and 1 December those below the yearly requirement, not those who met it, and not on other days', async () => {
    const [none, some, met, notProfessional] = await trainees(4);
    if (!none || !some || !met || !notProfessional) throw new Error('trainees not made');
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          entry(some.traineeId, 'professional', 40),
          entry(met.traineeId, 'professional', 60),
          entry(met.traineeId, 'public-compulsory', 30),
          // 96 hours, but only 48 of them professional (60 required).
          entry(notProfessional.traineeId, 'professional', 48),
          entry(notProfessional.traineeId, 'public-elective', 48),
        ].map(appendLedgerEntry),
      }),
    );
    const emails = [none.email, some.email, met.email, notProfessional.email];

    await run('2035-10-31');
    expect(await mailTo(emails)).toEqual([]);

    await run('2035-11-01');
    const november = await mailTo(emails, 'credit-shortfall');
    expect(recipients(november)).toEqual([none.email, some.email, notProfessional.email].sort());
    const toSome = november.find((mail) => mail.to === some.email);
    expect(toSome?.subject).toContain('2035');
    expect(toSome?.text).toContain('已登记40学时');
    expect(toSome?.text).toContain('90学时');

    await run('2035-11-02');
    expect(await mailTo(emails)).toHaveLength(3);

    await run('2035-12-01');
    expect(recipients(await mailTo(emails, 'credit-shortfall'))).toEqual(
      [none.email, none.email, some.email, some.email, notProfessional.email, notProfessional.email].sort(),
    );
  });
});

describe('sending once', () => {
  it('sends nothing new when the job runs again the same day (also at another hour of that Beijing day)', async () => {
    const { plan } = await hostWithPublishedPlan({ year: PLAN_YEAR });
    const session = await sessionOf(plan, datesFrom('2034-08-10'));
    const people = await trainees(3);
    for (const person of people) await register(session.id, person.traineeId);
    const emails = people.map((person) => person.email);

    // 00:30 in Beijing is still the evening before in UTC: the Beijing date counts.
    const first = await run('2034-08-06', '16:30:00Z');
    expect(first.today).toBe('2034-08-07');
    expect(await mailTo(emails)).toHaveLength(3);

    const again = await run('2034-08-07');
    expect(again.today).toBe('2034-08-07');
    await run('2034-08-07', '21:00:00+08:00');
    expect(await mailTo(emails)).toHaveLength(3);
  });

  it('sends each mail exactly once when two runs go at once', async () => {
    const { plan } = await hostWithPublishedPlan({ year: PLAN_YEAR });
    const session = await sessionOf(plan, { capacity: 4, ...datesFrom('2034-09-10') });
    const people = await trainees(6);
    for (const person of people) await register(session.id, person.traineeId);
    const emails = people.map((person) => person.email);

    await Promise.all([run('2034-09-07'), run('2034-09-07'), run('2034-09-07', '10:00:00+08:00')]);
    const mails = await mailTo(emails);
    expect(recipients(mails)).toEqual(
      people
        .slice(0, 4)
        .map((person) => person.email)
        .sort(),
    );
    expect(mails.every((mail) => mail.kind === 'session-starting')).toBe(true);

    // The waitlist reminder of the same session, also raced.
    await Promise.all([run('2034-08-30'), run('2034-08-30')]);
    expect(recipients(await mailTo(emails, 'waitlist-deadline'))).toEqual(
      people
        .slice(4)
        .map((person) => person.email)
        .sort(),
    );
  });
});
