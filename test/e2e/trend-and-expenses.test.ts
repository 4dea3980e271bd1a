/**
 * The evaluation across years and spending in the open, over HTTP as a client sees them:
 * GET /reports/trend sets each year's compiled figures side by side (zeros, marked, for a year
 * nobody compiled), the 研修培训项目 against the notice's yearly target of 20 sessions and 1,000
 * trainees, cut to a department's own plans; GET /plans/{planId}/expenses lists a plan's
 * spending, newest first, to its host, its co-organizing department and admin, and to no one else.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beijingDate } from '#shared/domain/dates';
import { ApiClient } from '../support/api-client';
import { traineeWithProfile } from '../support/http-scenario';
import { type LocalSystem, startLocalSystem } from '../support/local-system';

const today = beijingDate(new Date());
const year = Number(today.slice(0, 4));
/** The year of the seminar; the year before, compiled empty; two before, never compiled; next. */
const [neverCompiled, emptyYear, nextYear] = [year - 2, year - 1, year + 1];
const CREDIT_HOURS = 24;

let system: LocalSystem;
let anonymous: ApiClient;
let admin: ApiClient;
let host: ApiClient;
let department: ApiClient;
let departmentId: string;
let planId: string;
let draftId: string;

beforeAll(async () => {
  // A base meets its minimum with two trainees here, so the trend has a base that meets it.
  system = await startLocalSystem({ env: { BASE_MINIMUM_REGIONAL: '2' } });
  anonymous = new ApiClient(system.baseUrl);
  admin = await anonymous.as('admin-trend', 'admin', 'org_hrss');
  departmentId = (
    await admin.post('/organizations', { name: '自治区科学技术厅', kind: 'department', city: '南宁市' })
  ).body.id;
  const baseId = (
    await admin.post('/organizations', {
      name: '广西大学继续教育基地',
      kind: 'base',
      level: 'regional',
      city: '南宁市',
    })
  ).body.id;
  host = await anonymous.as('host-trend', 'host', baseId);
  department = await anonymous.as('dept-trend', 'department', departmentId);

  const plan = await host.post('/plans', {
    year,
    project: 'seminar',
    level: 'regional',
    category: 'advanced',
    title: '人工智能赋能先进制造高级研修班',
    departmentId,
    plannedSessions: 1,
    plannedTrainees: 60,
    budget: { subsidyCapFen: 5_000_000, selfFundedFen: 0 },
  });
  if (plan.status !== 201) throw new Error(`Could not draft the plan: ${JSON.stringify(plan.body)}`);
  planId = plan.body.id;
  await host.post(`/plans/${planId}/submit`);
  await admin.post(`/plans/${planId}/review`, { decision: 'approve' });
  await admin.post(`/plans/${planId}/publish`);
  draftId = (
    await host.post('/plans', {
      year,
      project: 'seminar',
      level: 'regional',
      category: 'shortage',
      title: '尚未提交的研修班',
      plannedSessions: 1,
      plannedTrainees: 30,
      budget: { subsidyCapFen: 0, selfFundedFen: 0 },
    })
  ).body.id;

  // Held today, so its results are recorded now: two pass, one fails.
  const session = await host.post(`/plans/${planId}/sessions`, {
    title: '智能制造前沿专题',
    startDate: today,
    endDate: today,
    registrationDeadline: today,
    capacity: 10,
    creditHours: CREDIT_HOURS,
    subjectType: 'professional',
    mode: 'offline',
    city: '南宁市',
  });
  if (session.status !== 201) throw new Error(`Could not add the session: ${JSON.stringify(session.body)}`);
  const registrations: string[] = [];
  for (let n = 0; n < 3; n++) {
    const trainee = await traineeWithProfile(anonymous, 40 + n);
    registrations.push((await trainee.post(`/sessions/${session.body.id}/registrations`)).body.id);
  }
  const results = await host.post(`/sessions/${session.body.id}/results`, {
    results: registrations.map((registrationId, index) => ({ registrationId, passed: index < 2 })),
  });
  if (results.status !== 200) throw new Error(`Could not record results: ${JSON.stringify(results.body)}`);

  for (const compiled of [emptyYear, year]) {
    // The counters follow the registrations by the stream: compiled once it has caught up.
    await admin.get('/local/streams/caught-up');
    const answer = await admin.post(`/reports/${compiled}/compile`);
    if (answer.status !== 200)
      throw new Error(`Could not compile ${compiled}: ${JSON.stringify(answer.body)}`);
  }
});

afterAll(async () => {
  await system?.stop();
});

const TARGET = { targetSessions: 20, targetTrainees: 1000 };
const zeros = {
  plansPublished: 0,
  sessionsHeld: 0,
  traineesCompleted: 0,
  creditHours: 0,
  certificatesIssued: 0,
  basesEvaluated: 0,
  basesMeetingMinimum: 0,
  seminars: { sessions: 0, trainees: 0, ...TARGET },
};

describe('GET /reports/trend', () => {
  const range = `?from=${neverCompiled}&to=${nextYear}`;

  it('answers each year in order from its compiled report, seminars against 20 期 and 1,000 名', async () => {
    const trend = await admin.get(`/reports/trend${range}`);
    expect(trend.status).toBe(200);
    expect(trend.body).toMatchObject({ from: neverCompiled, to: nextYear, scope: 'all' });
    const years = trend.body.years;
    expect(years.map((entry: { year: number }) => entry.year)).toEqual([
      neverCompiled,
      emptyYear,
      year,
      nextYear,
    ]);
    const report = (await admin.get(`/reports/${year}`)).body;
    expect(years[2]).toEqual({
      year,
      compiled: true,
      generatedAt: report.generatedAt,
      plansPublished: 1,
      sessionsHeld: 1,
      traineesCompleted: 2,
      creditHours: 2 * CREDIT_HOURS,
      certificatesIssued: 2,
      basesEvaluated: 1,
      basesMeetingMinimum: 1,
      seminars: { sessions: 1, trainees: 2, ...TARGET },
    });
    expect(years[1]).toEqual({ year: emptyYear, compiled: true, generatedAt: expect.any(String), ...zeros });
  });

  it('shows a year nobody compiled, and one not yet begun, as zeros marked not compiled; compiles nothing', async () => {
    const years = (await admin.get(`/reports/trend${range}`)).body.years;
    for (const [index, of] of [
      [0, neverCompiled],
      [3, nextYear],
    ] as const) {
      expect(years[index]).toEqual({ year: of, compiled: false, generatedAt: null, ...zeros });
    }
    const still = await admin.get(`/reports/${neverCompiled}`);
    expect(still.status).toBe(404);
    expect(still.body.error.code).toBe('REPORT_NOT_COMPILED');
  });

  it("covers the notice's period, 2025 to 2030, when no range is given", async () => {
    const trend = await admin.get('/reports/trend');
    expect(trend.status).toBe(200);
    expect(trend.body.years.map((entry: { year: number }) => entry.year)).toEqual([
      2025, 2026, 2027, 2028, 2029, 2030,
    ]);
  });

  it("cuts the trend to a department's own plans, as its GET /reports/{year} is cut", async () => {
    const own = (await department.get(`/reports/trend?from=${year}&to=${year}`)).body;
    expect(own.scope).toBe(departmentId);
    expect(own.years).toEqual([
      expect.objectContaining({
        year,
        compiled: true,
        plansPublished: 1,
        traineesCompleted: 2,
        basesEvaluated: 0,
        seminars: { sessions: 1, trainees: 2, ...TARGET },
      }),
    ]);
    const other = await anonymous.as('dept-other-trend', 'department', 'org_dept_other');
    const theirs = (await other.get(`/reports/trend?from=${year}&to=${year}`)).body.years[0];
    expect(theirs).toMatchObject({
      compiled: true,
      plansPublished: 0,
      seminars: { sessions: 0, trainees: 0 },
    });
  });

  it('refuses a reversed or too long range with 400, in Chinese and on request in English', async () => {
    const reversed = await admin.get(`/reports/trend?from=${year}&to=${emptyYear}`);
    expect(reversed.status).toBe(400);
    expect(reversed.body.error.details).toEqual([
      { field: 'query.to', message: `截止：不能早于起始年度 ${year}` },
    ]);
    const english = await admin.request('GET', `/reports/trend?from=${year}&to=${emptyYear}`, {
      headers: { 'accept-language': 'en' },
    });
    expect(english.body.error.details[0].message).toBe(
      `Must not be before ${year}, the first year asked for`,
    );
    const long = await admin.get('/reports/trend?from=2021&to=2031');
    expect(long.status).toBe(400);
    expect(long.body.error.details).toEqual([{ field: 'query.to', message: '截止：一次最多查看 10 个年度' }]);
    expect((await admin.get('/reports/trend?from=2020')).status).toBe(400);
  });

  it('is closed to hosts and trainees (403)', async () => {
    expect((await host.get('/reports/trend')).status).toBe(403);
    const trainee = await anonymous.as('trainee-trend', 'trainee');
    expect((await trainee.get('/reports/trend')).status).toBe(403);
  });
});

describe('GET /plans/{planId}/expenses', () => {
  const EXPENSES = [
    { amountFen: 1_200_000, description: '师资费', date: `${year}-01-02` },
    { amountFen: 350_000, description: '场地租赁费', date: today },
    { amountFen: 80_000, description: '教材资料费', date: `${year}-01-02` },
  ];
  /** Newest first: the later date first; on one date, the one recorded last first. */
  const NEWEST_FIRST = [...EXPENSES.entries()]
    .sort(([a, first], [b, second]) => second.date.localeCompare(first.date) || b - a)
    .map(([, expense]) => expense.description);

  beforeAll(async () => {
    for (const expense of EXPENSES) {
      const recorded = await host.post(`/plans/${planId}/expenses`, expense);
      if (recorded.status !== 201) throw new Error(`Could not record: ${JSON.stringify(recorded.body)}`);
    }
  });

  it('lists the expenses newest first, page by page, to the host', async () => {
    const first = await host.get(`/plans/${planId}/expenses?limit=2`);
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    const rest = await host.get(`/plans/${planId}/expenses?limit=2&cursor=${first.body.nextCursor}`);
    expect(rest.body.nextCursor).toBeNull();
    const items = [...first.body.items, ...rest.body.items];
    expect(items.map((item: { description: string }) => item.description)).toEqual(NEWEST_FIRST);
    expect(items[0]).toMatchObject({ planId, recordedBy: 'host-trend', id: expect.stringMatching(/^exp_/) });
    const plan = (await host.get(`/plans/${planId}`)).body;
    expect(items.reduce((sum: number, item: { amountFen: number }) => sum + item.amountFen, 0)).toBe(
      plan.spentFen,
    );
  });

  it('lists the same to the co-organizing department and admin', async () => {
    const byHost = (await host.get(`/plans/${planId}/expenses`)).body;
    for (const reader of [department, admin]) {
      const answer = await reader.get(`/plans/${planId}/expenses`);
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual(byHost);
    }
  });

  it('refuses another host (403 for a published plan, 404 for one it may not see) and a trainee', async () => {
    const otherHostId = (
      await admin.post('/organizations', { name: '桂林理工大学', kind: 'host', city: '桂林市' })
    ).body.id;
    const otherHost = await anonymous.as('host-other-trend', 'host', otherHostId);
    const published = await otherHost.get(`/plans/${planId}/expenses`);
    expect(published.status).toBe(403);
    expect(published.body.error).toMatchObject({
      code: 'FORBIDDEN',
      message: '仅计划的承办单位、主管部门和项目管理办公室可以查看支出明细',
    });
    expect((await otherHost.get(`/plans/${draftId}/expenses`)).status).toBe(404);
    const trainee = await anonymous.as('trainee-expenses', 'trainee');
    expect((await trainee.get(`/plans/${planId}/expenses`)).status).toBe(403);
    const otherDepartment = await anonymous.as('dept-other-expenses', 'department', 'org_dept_elsewhere');
    expect((await otherDepartment.get(`/plans/${planId}/expenses`)).status).toBe(403);
  });
});
