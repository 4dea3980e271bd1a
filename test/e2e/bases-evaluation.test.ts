/**
 * Bases over a program year, over HTTP as a client calls them: a status change needs its reason,
 * is kept in the status history and mailed to the base; a base exited this year is still
 * evaluated in this year's report, and absent from the year before it existed; the report counts
 * sessions held (a result recorded) apart from those created.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { beijingDate } from '#shared/domain/dates';
import { ApiClient } from '../support/api-client';
import { traineeWithProfile } from '../support/http-scenario';
import { type LocalSystem, startLocalSystem } from '../support/local-system';

let system: LocalSystem;
let anonymous: ApiClient;
let admin: ApiClient;
const today = beijingDate(new Date());
const year = Number(today.slice(0, 4));
const CONTACT = 'office@qinzhou-base.example.cn';

beforeAll(async () => {
  system = await startLocalSystem();
  anonymous = new ApiClient(system.baseUrl);
  admin = await anonymous.as('admin-1', 'admin', 'org_hrss');
});

afterAll(async () => {
  await system?.stop();
});

type Mail = { to: string; kind: string; subject: string; text: string };
type Evaluated = { orgId: string; status: string };

describe('a base through the exit mechanism and the year report', () => {
  let baseId: string;

  it('refuses a status change without a reason, naming statusReason', async () => {
    const created = await admin.post('/organizations', {
      name: '钦州继续教育基地',
      kind: 'base',
      level: 'regional',
      city: '钦州',
      contactEmail: CONTACT,
    });
    expect(created.status).toBe(201);
    baseId = created.body.id;
    expect(created.body.statusHistory).toEqual([
      { status: 'active', reason: null, at: created.body.createdAt, by: 'admin-1' },
    ]);

    const refused = await admin.patch(`/organizations/${baseId}`, { status: 'exited' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('VALIDATION_FAILED');
    expect(refused.body.error.details.map((detail: { field: string }) => detail.field)).toEqual([
      'statusReason',
    ]);
    expect((await admin.get(`/organizations/${baseId}`)).body.status).toBe('active');
  });

  it('keeps the change in the history and mails the base', async () => {
    const exited = await admin.patch(`/organizations/${baseId}`, {
      status: 'exited',
      statusReason: '连续两年培训人数未达最低要求',
    });
    expect(exited.status).toBe(200);
    const read = await admin.get(`/organizations/${baseId}`);
    expect(read.body.status).toBe('exited');
    expect(read.body.statusHistory).toHaveLength(2);
    expect(read.body.statusHistory[1]).toMatchObject({
      status: 'exited',
      reason: '连续两年培训人数未达最低要求',
      by: 'admin-1',
    });

    // The notice leaves through the registrations table's stream: mailed moments after the answer.
    const mails = await vi.waitFor(
      async () => {
        const outbox = await anonymous.get('/local/outbox');
        const told = (outbox.body.items as Mail[]).filter((mail) => mail.kind === 'organization-status');
        expect(told).toHaveLength(1);
        return told;
      },
      { timeout: 15_000, interval: 200 },
    );
    expect(mails[0]?.to).toBe(CONTACT);
    expect(mails[0]?.subject).toContain('退出');
    expect(mails[0]?.text).toContain('连续两年培训人数未达最低要求');
  });

  it('still evaluates the exited base in the year it served, and not in the year before it existed', async () => {
    // The counters follow the registrations by the stream: compiled once it has caught up.
    await admin.get('/local/streams/caught-up');
    const compiled = await admin.post(`/reports/${year}/compile`);
    expect(compiled.status).toBe(200);
    const report = await admin.get(`/reports/${year}`);
    expect(report.status).toBe(200);
    const evaluated = (report.body.bases as Evaluated[]).find((base) => base.orgId === baseId);
    expect(evaluated).toMatchObject({ orgId: baseId, status: 'exited' });

    expect((await admin.post(`/reports/${year - 1}/compile`)).status).toBe(200);
    const before = await admin.get(`/reports/${year - 1}`);
    expect((before.body.bases as Evaluated[]).map((base) => base.orgId)).not.toContain(baseId);
  });
});

describe('sessions held and created in the year report', () => {
  it('counts every session created, and as held only those with a result recorded', async () => {
    const base = await admin.post('/organizations', {
      name: '玉林继续教育基地',
      kind: 'base',
      level: 'regional',
      city: '玉林',
    });
    const host = await anonymous.as('yulin-host', 'host', base.body.id);
    const plan = await host.post('/plans', {
      year,
      project: 'base-training',
      level: 'regional',
      category: 'professional',
      title: '智能制造专业科目',
      plannedSessions: 2,
      plannedTrainees: 40,
      budget: { subsidyCapFen: 100_000, selfFundedFen: 0 },
    });
    const planId = plan.body.id;
    await host.post(`/plans/${planId}/submit`);
    await admin.post(`/plans/${planId}/review`, { decision: 'approve' });
    await admin.post(`/plans/${planId}/publish`);
    // Sessions of one day, today: they have ended (Beijing date), so results may be recorded.
    const sessions = [];
    for (const title of ['工业机器人应用', '数字孪生实务']) {
      const session = await host.post(`/plans/${planId}/sessions`, {
        title,
        startDate: today,
        endDate: today,
        registrationDeadline: today,
        capacity: 10,
        creditHours: 8,
        subjectType: 'professional',
        mode: 'offline',
        city: '玉林',
      });
      expect(session.status).toBe(201);
      sessions.push(session.body.id as string);
    }
    const trainee = await traineeWithProfile(anonymous, 7);
    const registration = await trainee.post(`/sessions/${sessions[0]}/registrations`);
    const recorded = await host.post(`/sessions/${sessions[0]}/results`, {
      results: [{ registrationId: registration.body.id, passed: true }],
    });
    expect(recorded.status).toBe(200);

    // The counters follow the registrations by the stream: compiled once it has caught up.
    await admin.get('/local/streams/caught-up');
    expect((await admin.post(`/reports/${year}/compile`)).status).toBe(200);
    const report = (await admin.get(`/reports/${year}`)).body;
    expect(report.plans.find((entry: { planId: string }) => entry.planId === planId)).toMatchObject({
      plannedSessions: 2,
      sessionsCreated: 2,
      sessionsHeld: 1,
    });
    expect(report.totals).toMatchObject({ sessionsCreated: 2, sessionsHeld: 1 });
    const csv = await admin.request('GET', `/reports/${year}/report.csv`);
    expect(String(csv.body)).toContain('计划班次,已创建班次,已举办班次');
  });
});
