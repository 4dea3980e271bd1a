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
const HOST_NAME = '梧州职业学院继续教育中心';

beforeAll(async () => {
  system = await startLocalSystem();
  anonymous = new ApiClient(system.baseUrl);
  admin = await anonymous.as('admin-names2', 'admin', 'org_hrss');
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
    const year = Number(beijingDate(new Date()).slice(0, 4));
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
