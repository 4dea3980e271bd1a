/**
 * A trainee's whole path over HTTP against the local system: profile, registration, the
 * waitlist, a cancellation that promotes the next in line (mailed by the notifier from the stream), attendance, results,
 * credit hours, the host's roster export, and the ledger behind the credits, a revocation included.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { beijingDate } from '#shared/domain/dates';
import { ApiClient } from '../support/api-client';
import { idNumberFor } from '../support/fixtures';
import { type LocalSystem, startLocalSystem } from '../support/local-system';

let system: LocalSystem;
let anonymous: ApiClient;
let admin: ApiClient;
let host: ApiClient;
let sessionId: string;
const today = beijingDate(new Date());
const year = Number(today.slice(0, 4));
const people: ApiClient[] = [];

const profile = (n: number) => ({
  name: `学员${n}`,
  idNumber: idNumberFor(n),
  employer: '柳州市人民医院',
  city: '柳州',
  email: `trainee${n}@example.cn`,
});

beforeAll(async () => {
  system = await startLocalSystem();
  anonymous = new ApiClient(system.baseUrl);
  admin = await anonymous.as('admin-1', 'admin', 'org_hrss');
  const org = await admin.post('/organizations', {
    name: '柳州市卫生健康委员会培训中心',
    kind: 'host',
    city: '柳州',
  });
  host = await anonymous.as('host-1', 'host', org.body.id);
  const plan = await host.post('/plans', {
    year,
    project: 'capability',
    level: 'regional',
    category: 'professional',
    title: '医疗卫生专业科目培训',
    plannedSessions: 1,
    plannedTrainees: 2,
    budget: { subsidyCapFen: 0, selfFundedFen: 100_000 },
  });
  await host.post(`/plans/${plan.body.id}/submit`);
  await admin.post(`/plans/${plan.body.id}/review`, { decision: 'approve' });
  await admin.post(`/plans/${plan.body.id}/publish`);
  const session = await host.post(`/plans/${plan.body.id}/sessions`, {
    title: '急诊医学新进展',
    // A one-day session today: registration is open through today, results are due tonight.
    startDate: today,
    endDate: today,
    registrationDeadline: today,
    capacity: 2,
    creditHours: 16,
    subjectType: 'professional',
    mode: 'offline',
    city: '柳州',
  });
  sessionId = session.body.id;
  for (let n = 0; n < 3; n++) people.push(await anonymous.as(`trainee-${n}`, 'trainee'));
});

afterAll(async () => {
  await system?.stop();
});

describe("a trainee's path", () => {
  const registrations: string[] = [];

  it('keeps a profile whose ID number only its owner sees in full', async () => {
    expect(
      (
        await people[0]?.request('PUT', '/trainees/me', {
          body: { ...profile(0), idNumber: '450103199001011230' },
        })
      )?.status,
    ).toBe(400);
    for (const [n, person] of people.entries()) {
      expect((await person.request('PUT', '/trainees/me', { body: profile(n) })).status).toBe(200);
    }
    expect((await people[0]?.get('/trainees/me'))?.body.idNumber).toBe(idNumberFor(0));
  });

  it('seats two, waitlists the third, and refuses a second registration', async () => {
    for (const person of people) {
      const answer = await person.post(`/sessions/${sessionId}/registrations`);
      expect(answer.status).toBe(201);
      registrations.push(answer.body.id);
    }
    const [first, second, third] = await Promise.all(
      people.map((person, n) => person.get(`/registrations/${registrations[n]}`)),
    );
    expect([first?.body.status, second?.body.status]).toEqual(['confirmed', 'confirmed']);
    expect(third?.body).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
    expect(first?.body.idNumberMasked).toBe(
      `${idNumberFor(0).slice(0, 4)}**********${idNumberFor(0).slice(-4)}`,
    );
    const again = await people[0]?.post(`/sessions/${sessionId}/registrations`);
    expect(again?.status).toBe(409);
    expect(again?.body.error.code).toBe('ALREADY_REGISTERED');
    expect((await people[1]?.get(`/registrations/${registrations[0]}`))?.status).toBe(404);
    expect((await anonymous.get(`/sessions/${sessionId}`)).status).toBe(401);
    expect((await people[2]?.get(`/sessions/${sessionId}`))?.body).toMatchObject({
      seatsTaken: 2,
      waitlistLength: 1,
    });
  });

  it('promotes the waitlisted trainee when a seat is given up, and tells them by mail', async () => {
    // On the day itself a trainee asks the host, who cancels for them.
    const tooLate = await people[1]?.post(`/registrations/${registrations[1]}/cancel`);
    expect(tooLate?.status).toBe(422);
    expect(tooLate?.body.error.code).toBe('CANCELLATION_CLOSED');
    const cancelled = await host.post(`/registrations/${registrations[1]}/cancel`);
    expect(cancelled.body.status).toBe('cancelled');
    expect((await host.post(`/registrations/${registrations[1]}/cancel`)).status).toBe(409);
    expect((await people[2]?.get(`/registrations/${registrations[2]}`))?.body.status).toBe('confirmed');
    // The promotion's notice leaves through the registrations table's stream: the notifier mails
    // it moments after the cancellation answered.
    const mails = await vi.waitFor(
      async () => {
        const outbox = await anonymous.get('/local/outbox');
        const promoted = outbox.body.items.filter(
          (mail: { kind: string }) => mail.kind === 'waitlist-promoted',
        );
        expect(promoted).toHaveLength(1);
        return promoted;
      },
      { timeout: 10_000, interval: 100 },
    );
    expect(mails[0]).toMatchObject({ to: 'trainee2@example.cn' });
    expect(mails[0].subject).toContain('急诊医学新进展');
  });

  it('takes attendance and results from the host, and credits the hours once', async () => {
    const [confirmedA, , confirmedB] = registrations as [string, string, string];
    const attendance = await host.post(`/sessions/${sessionId}/attendance`, {
      date: today,
      present: [confirmedA, confirmedB],
    });
    expect(attendance.status).toBe(200);
    const results = {
      results: [
        { registrationId: confirmedA, passed: true, score: 92 },
        { registrationId: confirmedB, passed: false },
      ],
    };
    expect((await people[0]?.post(`/sessions/${sessionId}/results`, results))?.status).toBe(403);
    const recorded = await host.post(`/sessions/${sessionId}/results`, results);
    expect(recorded.body.items.map((item: { status: string }) => item.status)).toEqual([
      'completed',
      'failed',
    ]);
    expect((await host.post(`/sessions/${sessionId}/results`, results)).status).toBe(200);

    const credits = await people[0]?.get(`/trainees/me/credits?year=${year}`);
    expect(credits?.body).toMatchObject({ professional: 16, total: 16, requiredTotal: 90, met: false });
    const mine = await people[0]?.get('/registrations?mine=true');
    expect(mine?.body.items.map((item: { id: string }) => item.id)).toEqual([confirmedA]);
  });

  it('gives the host the roster, as JSON and as files for the national platform', async () => {
    const roster = await host.get(`/sessions/${sessionId}/registrations`);
    expect(roster.body.items).toHaveLength(3);
    expect(JSON.stringify(roster.body)).not.toContain(idNumberFor(0));
    expect((await fetch(`${system.baseUrl}/sessions/${sessionId}/roster.csv`)).status).toBe(401);
    expect((await people[0]?.request('GET', `/sessions/${sessionId}/roster.csv`))?.status).toBe(403);
    const file = await host.request('GET', `/sessions/${sessionId}/roster.csv`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toContain('text/csv');
    expect(String(file.body)).toContain('学员0');
    expect(String(file.body)).not.toContain(idNumberFor(0));
    const xlsx = await host.request('GET', `/sessions/${sessionId}/roster.xlsx`);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
  });

  it('lists the ledger behind the credits, which still add up when a certificate is revoked', async () => {
    const [passed, , failed] = people as [ApiClient, ApiClient, ApiClient];
    const sumOf = (items: { hours: number }[]) => items.reduce((total, item) => total + item.hours, 0);
    const creditsTotal = async () => (await passed.get(`/trainees/me/credits?year=${year}`)).body.total;
    const certificates = await passed.get('/certificates?mine=true');
    const number: string = certificates.body.items[0].number;

    const ledger = await passed.get(`/trainees/me/ledger?year=${year}`);
    expect(ledger.status).toBe(200);
    expect(ledger.body).toEqual({
      items: [
        {
          date: today,
          sessionId,
          title: '急诊医学新进展',
          hostName: '柳州市卫生健康委员会培训中心',
          subjectType: 'professional',
          hours: 16,
          certificateNumber: number,
          reversed: false,
        },
      ],
      nextCursor: null,
    });
    expect(sumOf(ledger.body.items)).toBe(await creditsTotal());
    // Without a year, the current Beijing year's.
    expect((await passed.get('/trainees/me/ledger')).body).toEqual(ledger.body);
    expect((await failed.get(`/trainees/me/ledger?year=${year}`)).body).toEqual({
      items: [],
      nextCursor: null,
    });
    expect((await host.get(`/trainees/me/ledger?year=${year}`)).status).toBe(403);

    expect((await admin.post(`/certificates/${number}/revoke`, { reason: '考核材料造假' })).status).toBe(200);
    const after = await passed.get(`/trainees/me/ledger?year=${year}`);
    expect(
      after.body.items.map(({ hours, certificateNumber, reversed }: Record<string, unknown>) => ({
        hours,
        certificateNumber,
        reversed,
      })),
    ).toEqual([
      { hours: 16, certificateNumber: number, reversed: true },
      { hours: -16, certificateNumber: number, reversed: true },
    ]);
    expect(sumOf(after.body.items)).toBe(await creditsTotal());
    expect(await creditsTotal()).toBe(0);
  });
});
