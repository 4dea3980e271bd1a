/**
 * Names beside ids beyond plans, over HTTP as a client sees them: a session carries its host's
 * name, a registration its session's host, a certificate its issuer's, an annual report its
 * base's, in every answer that carries the organization's id; the name is the one written with
 * the item, so renaming the host later does not change them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beijingDate } from '#shared/domain/dates';
import { ApiClient } from '../support/api-client';
import { addDays } from '../support/fixtures';
import { publishedSession, traineeWithProfile } from '../support/http-scenario';
import { type LocalSystem, startLocalSystem } from '../support/local-system';

let system: LocalSystem;
let anonymous: ApiClient;
let admin: ApiClient;
const year = Number(beijingDate(new Date()).slice(0, 4));
const HOST_NAME = '梧州职业学院继续教育中心';

/** A client whose token carries a `name` claim, as a Cognito sign-in does. */
async function named(sub: string, role: string, orgId: string, name: string): Promise<ApiClient> {
  const minted = await anonymous.post<{ token: string }>('/local/tokens', { sub, role, orgId, name });
  if (minted.status !== 201) throw new Error(`Could not mint a token: ${JSON.stringify(minted.body)}`);
  return anonymous.withToken(minted.body.token);
}

beforeAll(async () => {
  system = await startLocalSystem();
  anonymous = new ApiClient(system.baseUrl);
  // The admin's token carries no name: plan history names them by their user id.
  admin = await anonymous.as('admin-names', 'admin', 'org_hrss');
});

afterAll(async () => {
  await system?.stop();
});

describe('a session, its registrations and certificates name their organizations', () => {
  let orgId: string;
  let planId: string;
  let sessionId: string;
  let host: ApiClient;
  let trainee: ApiClient;
  let registrationId: string;
  let number: string;

  it('a session carries its host named, as created, listed, read and edited', async () => {
    ({ orgId, planId, sessionId, host } = await publishedSession(anonymous, admin, {
      hostName: HOST_NAME,
      sessionTitle: '数字经济专题研修班',
      heldToday: true,
    }));
    const named = { id: sessionId, hostOrgId: orgId, hostName: HOST_NAME };
    expect((await host.get(`/sessions/${sessionId}`)).body).toMatchObject(named);
    // Every signed-in caller reads sessions: a trainee browsing them sees the host by name.
    const reader = await anonymous.as('trainee-reader-names2', 'trainee');
    const listed = await reader.get(`/sessions?planId=${planId}`);
    expect(listed.body.items).toEqual([expect.objectContaining(named)]);
    const today = beijingDate(new Date());
    const another = await host.post(`/plans/${planId}/sessions`, {
      title: '数字经济专题研修班（第二期）',
      startDate: addDays(today, 10),
      endDate: addDays(today, 11),
      registrationDeadline: addDays(today, 5),
      creditHours: 8,
      subjectType: 'professional',
      mode: 'offline',
      city: '梧州',
    });
    expect(another.status).toBe(201);
    expect(another.body).toMatchObject({ hostOrgId: orgId, hostName: HOST_NAME });
    const edited = await host.patch(`/sessions/${sessionId}`, { city: '梧州' });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ ...named, city: '梧州' });
  });

  it('a registration carries the host named: made, read, in the trainee’s list and the roster', async () => {
    trainee = await traineeWithProfile(anonymous, 31, '黄小梅');
    const made = await trainee.post(`/sessions/${sessionId}/registrations`);
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ hostOrgId: orgId, hostName: HOST_NAME });
    registrationId = made.body.id;
    const named = { id: registrationId, hostOrgId: orgId, hostName: HOST_NAME };
    expect((await trainee.get(`/registrations/${registrationId}`)).body).toMatchObject(named);
    expect((await trainee.get('/registrations?mine=true')).body.items).toEqual([
      expect.objectContaining(named),
    ]);
    expect((await host.get(`/sessions/${sessionId}/registrations`)).body.items).toEqual([
      expect.objectContaining(named),
    ]);
  });

  it('results answer with the registrations named', async () => {
    const recorded = await host.post(`/sessions/${sessionId}/results`, {
      results: [{ registrationId, passed: true, score: 90 }],
    });
    expect(recorded.status).toBe(200);
    expect(recorded.body.items).toEqual([
      expect.objectContaining({ id: registrationId, status: 'completed', hostName: HOST_NAME }),
    ]);
  });

  it('a certificate carries its issuer named beside issuerOrgId, in each of its answers', async () => {
    const named = { issuerOrgId: orgId, issuer: HOST_NAME, issuerName: HOST_NAME };
    const mine = await trainee.get('/certificates?mine=true');
    expect(mine.body.items).toEqual([expect.objectContaining(named)]);
    number = mine.body.items[0].number;
    const read = await trainee.get(`/certificates/${number}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ number, ...named });
    const ofSession = await host.get(`/sessions/${sessionId}/certificates`);
    expect(ofSession.body.items).toEqual([expect.objectContaining({ number, ...named })]);
    // The public record shows the issuer as before, and nothing internal.
    const shown = await anonymous.get(`/public/certificates/${number}`);
    expect(shown.body).toMatchObject({ number, issuer: HOST_NAME });
    expect(shown.body).not.toHaveProperty('issuerOrgId');
    expect(shown.body).not.toHaveProperty('issuerName');
  });

  it('keeps the names written with them when the host is renamed', async () => {
    expect((await admin.patch(`/organizations/${orgId}`, { name: '梧州职业技术大学' })).status).toBe(200);
    expect((await host.get(`/sessions/${sessionId}`)).body.hostName).toBe(HOST_NAME);
    expect((await trainee.get('/registrations?mine=true')).body.items[0].hostName).toBe(HOST_NAME);
    expect((await trainee.get(`/certificates/${number}`)).body.issuerName).toBe(HOST_NAME);
  });
});

describe('an annual report names its base', () => {
  it('as filed and as read', async () => {
    const base = await admin.post('/organizations', {
      name: '贺州继续教育基地',
      kind: 'base',
      level: 'regional',
      city: '贺州',
    });
    const baseHost = await anonymous.as(`host-of-${base.body.id}`, 'host', base.body.id);
    const filed = await baseHost.post(`/organizations/${base.body.id}/annual-reports`, {
      year,
      summary: '年度执行情况总结',
      nextYearPlan: '下一年度计划',
    });
    expect(filed.status).toBe(201);
    expect(filed.body).toMatchObject({ orgId: base.body.id, orgName: '贺州继续教育基地' });
    const read = await admin.get(`/organizations/${base.body.id}/annual-reports/${year}`);
    expect(read.body).toMatchObject({ orgId: base.body.id, orgName: '贺州继续教育基地' });
  });
});

describe('a plan names its organizations and who moved it', () => {
  let hostId: string;
  let departmentId: string;
  let host: ApiClient;
  let planId: string;

  it('is drafted with its host and department named beside their ids', async () => {
    hostId = (await admin.post('/organizations', { name: '广西职业技术学院', kind: 'host', city: '南宁' }))
      .body.id;
    departmentId = (
      await admin.post('/organizations', { name: '自治区工业和信息化厅', kind: 'department', city: '南宁' })
    ).body.id;
    host = await named('host-names', 'host', hostId, '陈科长');
    const created = await host.post('/plans', {
      year,
      project: 'seminar',
      level: 'regional',
      category: 'shortage',
      title: '工业互联网急需紧缺人才研修',
      departmentId,
      plannedSessions: 1,
      plannedTrainees: 60,
      budget: { subsidyCapFen: 200_000, selfFundedFen: 0 },
    });
    expect(created.status).toBe(201);
    planId = created.body.id;
    expect(created.body).toMatchObject({
      hostOrgId: hostId,
      hostName: '广西职业技术学院',
      departmentId,
      departmentName: '自治区工业和信息化厅',
    });
    expect(created.body.history).toEqual([expect.objectContaining({ by: 'host-names', byName: '陈科长' })]);
  });

  it('keeps the name it was written with when the host is renamed, and takes the new one on edit', async () => {
    const renamed = await admin.patch(`/organizations/${hostId}`, { name: '广西职业技术大学' });
    expect(renamed.status).toBe(200);
    expect((await host.get(`/plans/${planId}`)).body.hostName).toBe('广西职业技术学院');
    const edited = await host.patch(`/plans/${planId}`, { plannedTrainees: 80 });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({
      hostName: '广西职业技术大学',
      departmentName: '自治区工业和信息化厅',
    });
  });

  it('names everyone in its history: by the sign-in name, by the user id without one', async () => {
    expect((await host.post(`/plans/${planId}/submit`)).status).toBe(200);
    expect((await admin.post(`/plans/${planId}/review`, { decision: 'approve' })).status).toBe(200);
    const published = await admin.post(`/plans/${planId}/publish`);
    expect(published.status).toBe(200);
    expect(published.body.history.map((entry: { byName: string }) => entry.byName)).toEqual([
      '陈科长',
      '陈科长',
      'admin-names',
      'admin-names',
    ]);
  });

  it('carries the names in every view: lists, the public notice, a trainee reading it', async () => {
    const expected = { id: planId, hostName: '广西职业技术大学', departmentName: '自治区工业和信息化厅' };
    const own = await host.get(`/plans?year=${year}`);
    expect(own.body.items).toEqual([expect.objectContaining(expected)]);
    const department = await anonymous.as('dept-names', 'department', departmentId);
    expect((await department.get(`/plans?year=${year}`)).body.items).toEqual([
      expect.objectContaining(expected),
    ]);
    const publicPlans = await anonymous.get(`/public/plans?year=${year}`);
    expect(publicPlans.body.items).toEqual(expect.arrayContaining([expect.objectContaining(expected)]));
    const trainee = await anonymous.as('trainee-names', 'trainee');
    const seen = await trainee.get(`/plans/${planId}`);
    expect(seen.body).toMatchObject(expected);
    expect(seen.body).not.toHaveProperty('history');
  });
});
