/**
 * Ownership over HTTP: a caller with the right role but the wrong owner is refused. Host B on
 * host A's plans, session and roster; trainee B on trainee A's registration, credits and
 * certificate. What a caller may not see is answered as unknown (404); what it sees but does
 * not own (a session, a roster) is forbidden (403); nothing is ever changed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beijingDate } from '#shared/domain/dates';
import { ApiClient } from '../support/api-client';
import { publishedSession, traineeWithProfile } from '../support/http-scenario';
import { type LocalSystem, startLocalSystem } from '../support/local-system';

let system: LocalSystem;
let anonymous: ApiClient;
let admin: ApiClient;
let hostA: ApiClient;
let hostB: ApiClient;
let traineeA: ApiClient;
let traineeB: ApiClient;
let publishedPlanA: string;
let draftPlanA: string;
let draftPlanB: string;
let sessionA: string;
let registrationA: string;
let certificateA: string;
let creditYear: number;
const CREDIT_HOURS = 12;
const today = beijingDate(new Date());

const draftPlan = (title: string) => ({
  year: Number(today.slice(0, 4)),
  project: 'capability',
  level: 'regional',
  category: 'professional',
  title,
  plannedSessions: 1,
  plannedTrainees: 30,
  budget: { subsidyCapFen: 0, selfFundedFen: 0 },
});

beforeAll(async () => {
  system = await startLocalSystem();
  anonymous = new ApiClient(system.baseUrl);
  admin = await anonymous.as('admin-ownership', 'admin', 'org_hrss');

  const a = await publishedSession(anonymous, admin, {
    hostName: '甲承办单位',
    sessionTitle: '甲单位专业科目班次',
    creditHours: CREDIT_HOURS,
    heldToday: true,
  });
  hostA = a.host;
  publishedPlanA = a.planId;
  sessionA = a.sessionId;
  const draftA = await hostA.post('/plans', draftPlan('甲单位草稿计划'));
  expect(draftA.status).toBe(201);
  draftPlanA = draftA.body.id;

  const orgB = await admin.post('/organizations', { name: '乙承办单位', kind: 'host', city: '桂林' });
  expect(orgB.status).toBe(201);
  hostB = await anonymous.as('host-b', 'host', orgB.body.id);
  const draftB = await hostB.post('/plans', draftPlan('乙单位草稿计划'));
  expect(draftB.status).toBe(201);
  draftPlanB = draftB.body.id;

  traineeA = await traineeWithProfile(anonymous, 101, '王甲');
  traineeB = await traineeWithProfile(anonymous, 102, '李乙');
  const registration = await traineeA.post(`/sessions/${sessionA}/registrations`);
  expect(registration.status).toBe(201);
  registrationA = registration.body.id;
  const results = await hostA.post(`/sessions/${sessionA}/results`, {
    results: [{ registrationId: registrationA, passed: true, score: 90 }],
  });
  expect(results.status).toBe(200);
  const certificates = await traineeA.get('/certificates?mine=true');
  expect(certificates.body.items).toHaveLength(1);
  certificateA = certificates.body.items[0].number;
  const session = await hostA.get(`/sessions/${sessionA}`);
  creditYear = Number(String(session.body.endDate).slice(0, 4));
});

afterAll(async () => {
  await system?.stop();
});

describe("host B on host A's things", () => {
  it("does not see host A's draft plan, and cannot change or submit it: 404", async () => {
    const read = await hostB.get(`/plans/${draftPlanA}`);
    expect(read.status).toBe(404);
    expect(read.body.error.code).toBe('NOT_FOUND');
    expect((await hostB.patch(`/plans/${draftPlanA}`, { title: '乙改甲的计划' })).status).toBe(404);
    expect((await hostB.post(`/plans/${draftPlanA}/submit`)).status).toBe(404);
    expect((await hostB.post(`/plans/${draftPlanA}/expenses`, expense())).status).toBe(404);
    const listed = await hostB.get('/plans');
    expect(listed.status).toBe(200);
    const listedIds = listed.body.items.map((plan: { id: string }) => plan.id);
    expect(listedIds).toContain(draftPlanB);
    expect(listedIds).not.toContain(draftPlanA);
    expect(listedIds).not.toContain(publishedPlanA);

    const untouched = await hostA.get(`/plans/${draftPlanA}`);
    expect(untouched.body).toMatchObject({ status: 'draft', title: '甲单位草稿计划' });
  });

  it('and host A is refused host B’s draft the same way', async () => {
    expect((await hostA.get(`/plans/${draftPlanB}`)).status).toBe(404);
    expect((await hostA.patch(`/plans/${draftPlanB}`, { title: '甲改乙的计划' })).status).toBe(404);
    expect((await hostA.post(`/plans/${draftPlanB}/submit`)).status).toBe(404);
  });

  it("never gets host A's answer by replaying host A's Idempotency-Key", async () => {
    const key = 'ownership-same-key';
    const body = draftPlan('同一幂等键的计划');
    const first = await hostA.post('/plans', body, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    const second = await hostB.post('/plans', body, { 'idempotency-key': key });
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotent-replayed')).toBeNull();
    expect(second.body.id).not.toBe(first.body.id);
    expect(second.body.hostOrgId).not.toBe(first.body.hostOrgId);
    expect((await hostB.get(`/plans/${first.body.id}`)).status).toBe(404);
  });

  it("sees host A's published plan but may not run it: 403", async () => {
    expect((await hostB.get(`/plans/${publishedPlanA}`)).status).toBe(200);
    const session = await hostB.post(`/plans/${publishedPlanA}/sessions`, {
      title: '乙单位冒名班次',
      startDate: '2035-01-10',
      endDate: '2035-01-11',
      registrationDeadline: '2035-01-05',
      capacity: 10,
      creditHours: 8,
      subjectType: 'professional',
      mode: 'online',
      city: '桂林',
    });
    expect(session.status).toBe(403);
    expect(session.body.error.code).toBe('FORBIDDEN');
    expect((await hostB.post(`/plans/${publishedPlanA}/expenses`, expense())).status).toBe(403);
    expect((await hostA.get(`/sessions?planId=${publishedPlanA}`)).body.items).toHaveLength(1);
  });

  it("sees host A's session but may not change it: 403", async () => {
    expect((await hostB.get(`/sessions/${sessionA}`)).status).toBe(200);
    const changed = await hostB.patch(`/sessions/${sessionA}`, { title: '乙改甲的班次', capacity: 1 });
    expect(changed.status).toBe(403);
    expect(changed.body.error.code).toBe('FORBIDDEN');
    expect((await hostA.get(`/sessions/${sessionA}`)).body).toMatchObject({
      title: '甲单位专业科目班次',
      capacity: 50,
    });
  });

  it("does not get host A's roster, in any form, nor record attendance or results: 403", async () => {
    for (const path of ['registrations', 'roster.csv', 'roster.xlsx', 'certificates']) {
      const answer = await hostB.get(`/sessions/${sessionA}/${path}`);
      expect(answer.status, path).toBe(403);
      expect(answer.body.error.code, path).toBe('FORBIDDEN');
      expect(JSON.stringify(answer.body), path).not.toContain('王甲');
    }
    const session = await hostA.get(`/sessions/${sessionA}`);
    const attendance = await hostB.post(`/sessions/${sessionA}/attendance`, {
      date: session.body.startDate,
      present: [registrationA],
    });
    expect(attendance.status).toBe(403);
    const results = await hostB.post(`/sessions/${sessionA}/results`, {
      results: [{ registrationId: registrationA, passed: false }],
    });
    expect(results.status).toBe(403);
    expect((await hostA.get(`/sessions/${sessionA}/registrations`)).status).toBe(200);
  });

  it("does not see or cancel a registration for host A's session, nor its certificate: 404", async () => {
    expect((await hostB.get(`/registrations/${registrationA}`)).status).toBe(404);
    expect((await hostB.post(`/registrations/${registrationA}/cancel`)).status).toBe(404);
    expect((await hostB.get(`/certificates/${certificateA}`)).status).toBe(404);
    expect((await hostA.get(`/registrations/${registrationA}`)).body.status).toBe('completed');
    expect((await hostA.get(`/certificates/${certificateA}`)).status).toBe(200);
  });
});

describe("trainee B on trainee A's things", () => {
  it("does not see or cancel trainee A's registration: 404", async () => {
    const read = await traineeB.get(`/registrations/${registrationA}`);
    expect(read.status).toBe(404);
    expect(read.body.error.code).toBe('NOT_FOUND');
    const cancel = await traineeB.post(`/registrations/${registrationA}/cancel`);
    expect(cancel.status).toBe(404);
    expect(cancel.body.error.code).toBe('NOT_FOUND');
    expect((await traineeB.get('/registrations?mine=true')).body.items).toEqual([]);
    expect((await traineeA.get(`/registrations/${registrationA}`)).body.status).toBe('completed');
  });

  it("has only its own credit hours (none), while trainee A has the session's", async () => {
    const mine = await traineeB.get(`/trainees/me/credits?year=${creditYear}`);
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ year: creditYear, professional: 0, total: 0, met: false });
    const theirs = await traineeA.get(`/trainees/me/credits?year=${creditYear}`);
    expect(theirs.body).toMatchObject({ professional: CREDIT_HOURS, total: CREDIT_HOURS });
  });

  it("does not read trainee A's certificate, nor find it among its own", async () => {
    const read = await traineeB.get(`/certificates/${certificateA}`);
    expect(read.status).toBe(404);
    expect(read.body.error.code).toBe('NOT_FOUND');
    expect(JSON.stringify(read.body)).not.toContain('王甲');
    const mine = await traineeB.get('/certificates?mine=true');
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((item: { number: string }) => item.number)).not.toContain(certificateA);
    expect(mine.body.items).toEqual([]);
    expect((await traineeA.get(`/certificates/${certificateA}`)).status).toBe(200);
  });
});

function expense() {
  return { amountFen: 10_000, description: '场地费', date: today };
}
