/**
 * Over HTTP, as the clients drive it: nobody reviews a plan they drafted or submitted, and a
 * published plan shows its budget, spending and history only to its parties; a trainee or an
 * assessor reads the public notice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beijingDate } from '#shared/domain/dates';
import { ApiClient } from '../support/api-client';
import { type LocalSystem, startLocalSystem } from '../support/local-system';

let system: LocalSystem;
let anonymous: ApiClient;
let admin: ApiClient;
let otherAdmin: ApiClient;
let host: ApiClient;
let hostOrgId: string;
let departmentOrgId: string;

const year = Number(beijingDate(new Date()).slice(0, 4));

const planBody = (title: string) => ({
  year,
  project: 'seminar',
  level: 'regional',
  category: 'shortage',
  title,
  plannedSessions: 1,
  plannedTrainees: 60,
  budget: { subsidyCapFen: 8_000_000, selfFundedFen: 1_000_000 },
  departmentId: departmentOrgId,
});

beforeAll(async () => {
  system = await startLocalSystem();
  anonymous = new ApiClient(system.baseUrl);
  admin = await anonymous.as('admin-1', 'admin', 'org_hrss');
  otherAdmin = await anonymous.as('admin-2', 'admin', 'org_hrss');
  hostOrgId = (
    await admin.post('/organizations', { name: '广西大学继续教育学院', kind: 'host', city: '南宁' })
  ).body.id;
  departmentOrgId = (
    await admin.post('/organizations', { name: '自治区卫生健康委员会', kind: 'department', city: '南宁' })
  ).body.id;
  host = await anonymous.as('host-1', 'host', hostOrgId);
});

afterAll(async () => {
  await system?.stop();
});

describe('separation of duties', () => {
  it('refuses the admin who drafted a plan its review, and lets another admin review it', async () => {
    const drafted = await admin.post('/plans', { ...planBody('代为申报的研修班'), hostOrgId });
    expect(drafted.status).toBe(201);
    const planId = drafted.body.id;
    expect((await host.post(`/plans/${planId}/submit`)).status).toBe(200);

    const own = await admin.post(`/plans/${planId}/review`, { decision: 'approve' });
    expect(own.status).toBe(403);
    expect(own.body.error.code).toBe('SELF_REVIEW');
    expect((await host.get(`/plans/${planId}`)).body.status).toBe('submitted');

    const other = await otherAdmin.post(`/plans/${planId}/review`, { decision: 'approve' });
    expect(other.status).toBe(200);
    expect(other.body.status).toBe('approved');
  });

  it('refuses the admin who submitted a plan its review, whatever the decision', async () => {
    // An admin signed in for the host organization owns its plans, so it may submit one.
    const adminOfHost = await anonymous.as('admin-3', 'admin', hostOrgId);
    const planId = (await host.post('/plans', planBody('主办方起草的研修班'))).body.id;
    expect((await adminOfHost.post(`/plans/${planId}/submit`)).status).toBe(200);

    for (const body of [{ decision: 'approve' }, { decision: 'return', comment: '请补充课程安排' }]) {
      const answer = await adminOfHost.post(`/plans/${planId}/review`, body);
      expect(answer.status).toBe(403);
      expect(answer.body.error.code).toBe('SELF_REVIEW');
    }
    expect((await admin.post(`/plans/${planId}/review`, { decision: 'approve' })).status).toBe(200);
  });

  it('refuses a second review of an approved plan in a grammatical sentence', async () => {
    const planId = (await host.post('/plans', planBody('重复审核的研修班'))).body.id;
    await host.post(`/plans/${planId}/submit`);
    expect((await admin.post(`/plans/${planId}/review`, { decision: 'approve' })).status).toBe(200);
    const again = await admin.post(`/plans/${planId}/review`, { decision: 'approve' });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({
      code: 'INVALID_TRANSITION',
      message: '该计划当前状态为“已批准”，不能批准',
    });
  });
});

describe('what each reader sees of a published plan', () => {
  let planId: string;

  beforeAll(async () => {
    planId = (await host.post('/plans', planBody('公示可见的研修班'))).body.id;
    await host.post(`/plans/${planId}/submit`);
    await admin.post(`/plans/${planId}/review`, { decision: 'approve' });
    await host.post(`/plans/${planId}/expenses`, {
      amountFen: 250_000,
      description: '教材印制',
      date: beijingDate(new Date()),
    });
    expect((await admin.post(`/plans/${planId}/publish`)).status).toBe(200);
  });

  it('shows a trainee and an assessor exactly what the public notice lists', async () => {
    const listed = await anonymous.get(`/public/plans?year=${year}&limit=100`);
    const notice = listed.body.items.find((item: { id: string }) => item.id === planId);
    expect(notice).toMatchObject({ id: planId, title: '公示可见的研修班', hostOrgId });

    const readers = [
      await anonymous.as('trainee-1', 'trainee'),
      await anonymous.as('assessor-1', 'assessor', hostOrgId),
    ];
    for (const reader of readers) {
      const read = await reader.get(`/plans/${planId}`);
      expect(read.status).toBe(200);
      expect(read.body).toEqual(notice);
      for (const hidden of ['budget', 'spentFen', 'reimbursableFen', 'history', 'createdBy']) {
        expect(read.body).not.toHaveProperty(hidden);
      }
    }
  });

  it('lists published plans to a trainee as the public notice does, nothing more', async () => {
    const trainee = await anonymous.as('trainee-2', 'trainee');
    const listed = await trainee.get(`/plans?year=${year}&limit=200`);
    expect(listed.status).toBe(200);
    const item = listed.body.items.find((plan: { id: string }) => plan.id === planId);
    const notice = (await anonymous.get(`/public/plans?year=${year}&limit=200`)).body.items.find(
      (plan: { id: string }) => plan.id === planId,
    );
    expect(item).toEqual(notice);
    for (const plan of listed.body.items) {
      for (const hidden of ['budget', 'spentFen', 'reimbursableFen', 'history', 'createdBy']) {
        expect(plan).not.toHaveProperty(hidden);
      }
    }
    const ownList = await host.get(`/plans?year=${year}&limit=200`);
    expect(ownList.body.items.find((plan: { id: string }) => plan.id === planId)).toHaveProperty('budget');
  });

  it('shows its host, its co-organizing department and admin the whole plan', async () => {
    const department = await anonymous.as('dept-1', 'department', departmentOrgId);
    for (const party of [host, department, admin]) {
      const read = await party.get(`/plans/${planId}`);
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({
        id: planId,
        budget: { subsidyCapFen: 8_000_000, selfFundedFen: 1_000_000 },
        spentFen: 250_000,
        reimbursableFen: 250_000,
        createdBy: 'host-1',
      });
      expect(read.body.history.map((entry: { to: string }) => entry.to)).toEqual([
        'draft',
        'submitted',
        'approved',
        'published',
      ]);
    }
  });

  it('describes both shapes in the OpenAPI document', async () => {
    const document = (await anonymous.get('/openapi.json')).body;
    const schema = document.paths['/plans/{planId}'].get.responses['200'].content['application/json'].schema;
    const view = document.components.schemas[schema.$ref.split('/').pop()];
    expect(view.anyOf).toEqual([
      { $ref: '#/components/schemas/Plan' },
      { $ref: '#/components/schemas/PublicPlan' },
    ]);
  });
});
