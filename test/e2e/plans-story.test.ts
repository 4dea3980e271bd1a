/**
 * The annual plan story over HTTP, as the clients drive it: a host drafts and submits, admin
 * returns it, the host edits and resubmits, admin approves and publishes, the public notice lists
 * it, the host adds sessions; other hosts see nothing they should not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beijingDate, shiftDate, yearOf } from '#shared/domain/dates';
import { ApiClient } from '../support/api-client';
import { type LocalSystem, startLocalSystem } from '../support/local-system';
import { sessionWindow } from '../support/session-window';

let system: LocalSystem;
let anonymous: ApiClient;
let admin: ApiClient;
let host: ApiClient;
let otherHost: ApiClient;
let trainee: ApiClient;
let hostOrgId: string;

const today = beijingDate(new Date());
/**
 * The plan's two sessions lie ten to fifteen days ahead (in next year's first days when that
 * would straddle the year end); the plan is of the year they are held in.
 */
const sessionDays = sessionWindow({ deadlineIn: 5, startIn: 10, endIn: 15 });
const year = sessionDays.year;

beforeAll(async () => {
  system = await startLocalSystem();
  anonymous = new ApiClient(system.baseUrl);
  admin = await anonymous.as('admin-1', 'admin', 'org_hrss');
  const org = (name: string, city: string) => admin.post('/organizations', { name, kind: 'host', city });
  hostOrgId = (await org('广西师范大学', '桂林')).body.id;
  const otherOrgId = (await org('玉林师范学院', '玉林')).body.id;
  host = await anonymous.as('host-1', 'host', hostOrgId);
  otherHost = await anonymous.as('host-2', 'host', otherOrgId);
  trainee = await anonymous.as('trainee-1', 'trainee');
});

afterAll(async () => {
  await system?.stop();
});

const planBody = {
  year,
  project: 'seminar',
  level: 'regional',
  category: 'advanced',
  title: '人工智能赋能教育高级研修班',
  summary: '面向高校教师的高级研修',
  plannedSessions: 2,
  plannedTrainees: 100,
  budget: { subsidyCapFen: 20_000_000, selfFundedFen: 5_000_000 },
};

describe('the annual plan story', () => {
  let planId: string;

  it('goes from draft to published, with every step in the history', async () => {
    const drafted = await host.post('/plans', planBody, { 'idempotency-key': 'story-plan-1' });
    expect(drafted.status).toBe(201);
    expect(drafted.body).toMatchObject({ status: 'draft', hostOrgId, spentFen: 0, reimbursableFen: 0 });
    planId = drafted.body.id;
    const replay = await host.post('/plans', planBody, { 'idempotency-key': 'story-plan-1' });
    expect(replay.body.id).toBe(planId);

    expect((await otherHost.get(`/plans/${planId}`)).status).toBe(404);
    expect((await trainee.get(`/plans/${planId}`)).status).toBe(404);

    expect((await host.post(`/plans/${planId}/submit`)).body.status).toBe('submitted');
    expect((await host.patch(`/plans/${planId}`, { title: 'x' })).status).toBe(409);

    const returned = await admin.post(`/plans/${planId}/review`, {
      decision: 'return',
      comment: '请补充课程安排',
    });
    expect(returned.body.status).toBe('returned');

    const edited = await host.patch(`/plans/${planId}`, { summary: '已补充课程安排', plannedTrainees: 120 });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ status: 'returned', plannedTrainees: 120 });

    expect((await host.post(`/plans/${planId}/submit`)).body.status).toBe('submitted');
    expect((await host.post(`/plans/${planId}/review`, { decision: 'approve' })).status).toBe(403);
    expect((await admin.post(`/plans/${planId}/review`, { decision: 'approve' })).body.status).toBe(
      'approved',
    );
    const published = await admin.post(`/plans/${planId}/publish`);
    expect(published.body.status).toBe('published');
    expect(published.body.history.map((entry: { to: string }) => entry.to)).toEqual([
      'draft',
      'submitted',
      'returned',
      'submitted',
      'approved',
      'published',
    ]);
    expect(published.body.history[2]).toMatchObject({
      by: 'admin-1',
      from: 'submitted',
      comment: '请补充课程安排',
    });

    const again = await admin.post(`/plans/${planId}/publish`);
    expect(again.status).toBe(409);
    expect(again.body.error.details[0].currentStatus).toBe('published');
    expect((await host.patch(`/plans/${planId}`, { title: '改不了' })).status).toBe(409);
  });

  it('appears on the public notice, for anyone', async () => {
    const listed = await anonymous.get(`/public/plans?year=${year}`);
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((plan: { id: string }) => plan.id)).toContain(planId);
    expect((await trainee.get(`/plans/${planId}`)).status).toBe(200);
  });

  it('takes two sessions from its host, and none from another host', async () => {
    const session = (title: string, offset: number) => ({
      title,
      startDate: shiftDate(sessionDays.startDate, offset),
      endDate: shiftDate(sessionDays.startDate, offset + 2),
      registrationDeadline: shiftDate(sessionDays.registrationDeadline, offset),
      capacity: 50,
      creditHours: 24,
      subjectType: 'professional',
      mode: 'offline',
      city: '桂林',
      location: '广西师范大学雁山校区',
    });
    const first = await host.post(`/plans/${planId}/sessions`, session('第一期', 0));
    const second = await host.post(`/plans/${planId}/sessions`, session('第二期', 3));
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(first.body).toMatchObject({ planId, seatsTaken: 0, waitlistLength: 0, capacity: 50 });

    expect([403, 404]).toContain(
      (await otherHost.post(`/plans/${planId}/sessions`, session('冒名', 0))).status,
    );

    const listed = await trainee.get(`/sessions?planId=${planId}`);
    expect(listed.body.items.map((item: { title: string }) => item.title)).toEqual(['第一期', '第二期']);
    const open = await trainee.get('/sessions?open=true&limit=200');
    expect(open.body.items.map((item: { id: string }) => item.id)).toEqual(
      expect.arrayContaining([first.body.id, second.body.id]),
    );

    const lowered = await host.patch(`/sessions/${first.body.id}`, { capacity: 40 });
    expect(lowered.status).toBe(200);
    expect(lowered.body.capacity).toBe(40);
  });

  it('records spending against the cap and keeps the totals on the plan', async () => {
    const spent = await host.post(`/plans/${planId}/expenses`, {
      amountFen: 25_000_000,
      description: '场地与师资',
      date: today,
    });
    expect(spent.status).toBe(201);
    expect(spent.body.totals).toEqual({
      spentFen: 25_000_000,
      reimbursableFen: 20_000_000,
      shortfallFen: 5_000_000,
    });
    const plan = await host.get(`/plans/${planId}`);
    expect(plan.body).toMatchObject({
      spentFen: 25_000_000,
      reimbursableFen: 20_000_000,
      shortfallFen: 5_000_000,
    });
  });

  it('does not let another host see a draft, even in lists', async () => {
    const draft = await host.post('/plans', { ...planBody, title: '未提交的草稿' });
    const theirs = await otherHost.get(`/plans?year=${year}&limit=200`);
    expect(theirs.body.items.map((plan: { id: string }) => plan.id)).not.toContain(draft.body.id);
    const session = {
      title: '冒名的班次',
      startDate: shiftDate(today, 10),
      endDate: shiftDate(today, 11),
      registrationDeadline: shiftDate(today, 5),
      creditHours: 8,
      subjectType: 'professional',
      mode: 'online',
      city: '玉林',
    };
    expect((await otherHost.post(`/plans/${draft.body.id}/sessions`, session)).status).toBe(404);
  });
});

describe('bad input is a 400 naming the field', () => {
  it.each([
    [{ project: 'picnic' }, 'project'],
    [{ plannedSessions: 'two' }, 'plannedSessions'],
    [{ budget: { subsidyCapFen: -100, selfFundedFen: 0 } }, 'budget.subsidyCapFen'],
    [{ year: 2040 }, 'year'],
    [{ title: '长'.repeat(201) }, 'title'],
    [{ summary: 's'.repeat(5001) }, 'summary'],
    [{ category: 'digital' }, 'category'],
  ])('%j', async (change, field) => {
    const response = await host.post('/plans', { ...planBody, ...change });
    expect(response.status).toBe(400);
    expect(response.body.error.details.map((detail: { field: string }) => detail.field)).toContain(field);
  });

  it('inconsistent session dates name the date that is wrong', async () => {
    const plans = await host.get(`/plans?year=${year}&status=published`);
    const planId = plans.body.items[0].id;
    const response = await host.post(`/plans/${planId}/sessions`, {
      title: '日期错误',
      startDate: sessionDays.startDate,
      endDate: shiftDate(sessionDays.startDate, -2),
      registrationDeadline: shiftDate(sessionDays.startDate, 1),
      capacity: null,
      creditHours: 6,
      subjectType: 'public-elective',
      mode: 'online',
      city: '桂林',
    });
    expect(response.status).toBe(400);
    expect(response.body.error.details.map((detail: { field: string }) => detail.field).sort()).toEqual([
      'endDate',
      'registrationDeadline',
    ]);
  });
});

describe("a base's annual report", () => {
  it('is filed once a year by the base and read by admin', async () => {
    const base = await admin.post('/organizations', {
      name: '广西科技大学基地',
      kind: 'base',
      level: 'regional',
      city: '柳州',
    });
    const baseHost = await anonymous.as('base-host', 'host', base.body.id);
    const lastYear = yearOf(today) - 1;
    const report = { year: lastYear, summary: '全年培训1200人', nextYearPlan: '计划培训1500人' };
    const filed = await baseHost.post(`/organizations/${base.body.id}/annual-reports`, report);
    expect(filed.status).toBe(201);
    expect(filed.body).toMatchObject({ orgId: base.body.id, year: lastYear, dueDate: `${lastYear}-12-10` });
    expect(filed.body.lateDays).toBeGreaterThan(0);
    expect((await baseHost.post(`/organizations/${base.body.id}/annual-reports`, report)).status).toBe(409);
    expect((await admin.get(`/organizations/${base.body.id}/annual-reports/${lastYear}`)).body.summary).toBe(
      '全年培训1200人',
    );
    expect((await host.post(`/organizations/${hostOrgId}/annual-reports`, report)).status).toBe(422);
  });

  it('lets admin warn and then exit a base', async () => {
    const base = await admin.post('/organizations', {
      name: '某基地',
      kind: 'base',
      level: 'regional',
      city: '贺州',
    });
    expect(
      (
        await admin.patch(`/organizations/${base.body.id}`, {
          status: 'warned',
          statusReason: '年度培训人数未达标',
        })
      ).body.status,
    ).toBe('warned');
    expect(
      (
        await admin.patch(`/organizations/${base.body.id}`, {
          status: 'exited',
          statusReason: '连续两年考核不合格',
        })
      ).body.status,
    ).toBe('exited');
  });
});
