/**
 * Names beside ids on plans, over HTTP as a client sees them: every plan answer carries the host's
 * and department's names beside their ids, the history who acted by name; a renamed organization
 * reaches a plan at its next edit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beijingDate } from '#shared/domain/dates';
import { ApiClient } from '../support/api-client';
import { type LocalSystem, startLocalSystem } from '../support/local-system';

let system: LocalSystem;
let anonymous: ApiClient;
let admin: ApiClient;
const year = Number(beijingDate(new Date()).slice(0, 4));

/** A client whose token carries a `name` claim, as a Cognito sign-in does. */
async function named(sub: string, role: string, orgId: string, name: string): Promise<ApiClient> {
  const minted = await anonymous.post<{ token: string }>('/local/tokens', { sub, role, orgId, name });
  if (minted.status !== 201) throw new Error(`Could not mint a token: ${JSON.stringify(minted.body)}`);
  return anonymous.withToken(minted.body.token);
}

beforeAll(async () => {
  system = await startLocalSystem();
  anonymous = new ApiClient(system.baseUrl);
  // The reviewer's token carries no name: the history names them by their user id.
  admin = await anonymous.as('admin-names', 'admin', 'org_hrss');
});

afterAll(async () => {
  await system?.stop();
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
