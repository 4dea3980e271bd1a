/**
 * The year-end evaluation over HTTP: trained people, a base below its minimum, a plan over its
 * cap; compiled on demand, read as JSON and as files, cut to a department's scope. Reading never
 * compiles: a year is read only once compiled, and compiled only once it has begun.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beijingDate } from '#shared/domain/dates';
import { ApiClient } from '../support/api-client';
import { traineeWithProfile } from '../support/http-scenario';
import { type LocalSystem, startLocalSystem } from '../support/local-system';

let system: LocalSystem;
let anonymous: ApiClient;
let admin: ApiClient;
const today = beijingDate(new Date());
const year = Number(today.slice(0, 4));

beforeAll(async () => {
  system = await startLocalSystem();
  anonymous = new ApiClient(system.baseUrl);
  admin = await anonymous.as('admin-1', 'admin', 'org_hrss');
});

afterAll(async () => {
  await system?.stop();
});

describe('reading before compiling', () => {
  // A year that has begun and that no test of this file compiles.
  const neverCompiled = 2024;
  const paths = (of: number) => [
    `/reports/${of}`,
    `/reports/${of}/report.csv`,
    `/reports/${of}/report.xlsx`,
    `/reports/${of}/report.html`,
  ];

  it('is 404 REPORT_NOT_COMPILED for the JSON and every file, and stores nothing', async () => {
    const department = await anonymous.as('dept-before', 'department', 'org_dept_before');
    for (const reader of [admin, department]) {
      for (const path of paths(neverCompiled)) {
        const answer = await reader.get(path);
        expect(answer.status, path).toBe(404);
        expect(answer.body.error, path).toMatchObject({ code: 'REPORT_NOT_COMPILED' });
      }
    }
    expect(existsSync(join(system.dataDir, 'reports', String(neverCompiled)))).toBe(false);
    // Reading did not compile it either: still not there.
    const later = await admin.get(`/reports/${neverCompiled}`);
    expect(later.status).toBe(404);
    expect(later.body.error.code).toBe('REPORT_NOT_COMPILED');
  });

  it('refuses to compile a year not yet begun (Beijing) with 422 YEAR_NOT_STARTED', async () => {
    const nextYear = Number(today.slice(0, 4)) + 1;
    const early = await admin.post(`/reports/${nextYear}/compile`);
    expect(early.status).toBe(422);
    expect(early.body.error).toMatchObject({ code: 'YEAR_NOT_STARTED' });
    expect(existsSync(join(system.dataDir, 'reports', String(nextYear)))).toBe(false);
    expect((await admin.get(`/reports/${nextYear}`)).body.error.code).toBe('REPORT_NOT_COMPILED');
  });
});

describe('the year-end report', () => {
  let departmentId: string;
  let baseId: string;
  let planId: string;

  it('is compiled from what happened in the year', async () => {
    const department = await admin.post('/organizations', {
      name: '自治区科技厅',
      kind: 'department',
      city: '南宁',
    });
    departmentId = department.body.id;
    const base = await admin.post('/organizations', {
      name: '桂林电子科技大学基地',
      kind: 'base',
      level: 'regional',
      city: '桂林',
    });
    baseId = base.body.id;
    const host = await anonymous.as('base-host', 'host', baseId);
    const plan = await host.post('/plans', {
      year,
      project: 'base-training',
      level: 'regional',
      category: 'professional',
      title: '集成电路设计专业科目',
      departmentId,
      plannedSessions: 2,
      plannedTrainees: 40,
      budget: { subsidyCapFen: 100_000, selfFundedFen: 0 },
    });
    planId = plan.body.id;
    await host.post(`/plans/${planId}/submit`);
    await admin.post(`/plans/${planId}/review`, { decision: 'approve' });
    await admin.post(`/plans/${planId}/publish`);
    await host.post(`/plans/${planId}/expenses`, { amountFen: 150_000, description: '师资', date: today });
    const session = await host.post(`/plans/${planId}/sessions`, {
      title: '芯片设计实务',
      // Held today, so its results are recorded now.
      startDate: today,
      endDate: today,
      registrationDeadline: today,
      capacity: 10,
      creditHours: 20,
      subjectType: 'professional',
      mode: 'offline',
      city: '桂林',
    });
    const registrations = [];
    for (let n = 0; n < 3; n++) {
      const trainee = await traineeWithProfile(anonymous, n);
      registrations.push((await trainee.post(`/sessions/${session.body.id}/registrations`)).body.id);
    }
    await host.post(`/sessions/${session.body.id}/results`, {
      results: [
        { registrationId: registrations[0], passed: true },
        { registrationId: registrations[1], passed: true },
        { registrationId: registrations[2], passed: false },
      ],
    });

    // The counters follow the registrations by the stream: compiled once it has caught up.
    await admin.get('/local/streams/caught-up');
    const compiled = await admin.post(`/reports/${year}/compile`);
    expect(compiled.status).toBe(200);
    const report = compiled.body;
    expect(report).toMatchObject({ year, scope: 'all' });
    expect(report.totals).toMatchObject({
      plans: 1,
      sessionsHeld: 1,
      confirmed: 3,
      completed: 2,
      failed: 1,
      creditHours: 40,
      certificatesIssued: 2,
      spentFen: 150_000,
      reimbursableFen: 100_000,
    });
    expect(report.byProject).toEqual([{ key: 'base-training', figures: report.totals }]);
    expect(report.byCity.map((group: { key: string }) => group.key)).toEqual(['桂林']);
    const evaluated = report.bases.find((entry: { orgId: string }) => entry.orgId === baseId);
    expect(evaluated).toMatchObject({
      trained: 2,
      minimum: 1000,
      meetsMinimum: false,
      annualReportFiled: false,
    });
    expect(report.plans[0]).toMatchObject({ planId, overCap: true, sessionsHeld: 1, plannedSessions: 2 });
    const kinds = report.flags.map(
      (flag: { kind: string; subjectId: string }) => `${flag.kind} ${flag.subjectId}`,
    );
    expect(kinds).toEqual(
      expect.arrayContaining([
        `base-below-minimum ${baseId}`,
        `annual-report-missing ${baseId}`,
        `plan-over-cap ${planId}`,
        `plan-sessions-short ${planId}`,
      ]),
    );

    const again = await admin.post(`/reports/${year}/compile`);
    expect({ ...again.body, generatedAt: null }).toEqual({ ...report, generatedAt: null });
  });

  it('is read as JSON, CSV, XLSX and an HTML page with charts, all of the last compilation', async () => {
    const json = await admin.get(`/reports/${year}`);
    expect(json.body.totals.completed).toBe(2);
    const csv = await admin.request('GET', `/reports/${year}/report.csv`);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(String(csv.body)).toContain('集成电路设计专业科目');
    // The CSV states when it was generated, to the minute in Beijing time: the JSON's time.
    const shifted = new Date(Date.parse(json.body.generatedAt) + 8 * 3_600_000).toISOString();
    expect(String(csv.body)).toContain(`${shifted.slice(0, 10)} ${shifted.slice(11, 16)}（北京时间）`);
    const xlsx = await admin.request('GET', `/reports/${year}/report.xlsx`);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
    const html = await admin.request('GET', `/reports/${year}/report.html`);
    expect(html.headers.get('content-type')).toContain('text/html');
    expect((String(html.body).match(/<svg/g) ?? []).length).toBeGreaterThanOrEqual(3);
  });

  it('is cut to a department, closed to others, and zeros for a year with no data', async () => {
    const department = await anonymous.as('dept-user', 'department', departmentId);
    const scoped = await department.get(`/reports/${year}`);
    expect(scoped.body).toMatchObject({ scope: departmentId, bases: [] });
    expect(scoped.body.plans.map((plan: { planId: string }) => plan.planId)).toEqual([planId]);
    const other = await anonymous.as('dept-2', 'department', 'org_other_dept');
    expect((await other.get(`/reports/${year}`)).body.plans).toEqual([]);
    const trainee = await anonymous.as('t-x', 'trainee');
    expect((await trainee.get(`/reports/${year}`)).status).toBe(403);
    expect((await admin.post('/reports/2036/compile')).status).toBe(400);
    const empty = await admin.post('/reports/2022/compile');
    expect(empty.status).toBe(200);
    expect(empty.body.totals.completed).toBe(0);
  });
});
