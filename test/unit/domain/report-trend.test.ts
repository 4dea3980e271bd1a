/**
 * The evaluation across years, assembled from stored yearly reports: each year's figures as its
 * report states them, zeros marked `compiled: false` for a year nobody compiled, the 研修培训项目
 * summed from seminar plans against the target, a department's cut as GET /reports/{year} cuts it,
 * and the range checked before anything is read.
 */
import { describe, expect, it } from 'vitest';
import { AppError } from '#shared/domain/errors';
import type { BaseEvaluation, Figures, PlanEvaluation, YearReport } from '#shared/domain/reports/schemas';
import { DEFAULT_SEMINAR_TARGETS } from '#shared/domain/reports/seminar-targets';
import {
  assembleTrend,
  MAX_TREND_YEARS,
  NOTICE_PERIOD,
  seminarFigures,
  trendRangeIssues,
  yearsOf,
} from '#shared/domain/reports/trend';
import { Trend, TrendQuery } from '#shared/domain/reports/trend-schemas';
import { validate } from '#shared/http/validation';
import { thrown } from '../helpers/thrown';

function figures(fields: Partial<Figures> = {}): Figures {
  return {
    plans: 0,
    plannedSessions: 0,
    sessionsHeld: 0,
    sessionsCreated: 0,
    plannedTrainees: 0,
    confirmed: 0,
    completed: 0,
    failed: 0,
    creditHours: 0,
    certificatesIssued: 0,
    certificatesRevoked: 0,
    subsidyCapFen: 0,
    spentFen: 0,
    reimbursableFen: 0,
    ...fields,
  };
}

function plan(planId: string, fields: Partial<PlanEvaluation>): PlanEvaluation {
  return {
    planId,
    title: planId,
    project: 'seminar',
    category: 'advanced',
    hostOrgId: 'org_host',
    hostName: '广西大学',
    plannedSessions: 2,
    sessionsHeld: 0,
    sessionsCreated: 0,
    plannedTrainees: 100,
    trained: 0,
    subsidyCapFen: 0,
    spentFen: 0,
    overCap: false,
    ...fields,
  };
}

function base(orgId: string, trained: number, minimum: number): BaseEvaluation {
  return {
    orgId,
    name: orgId,
    city: '南宁市',
    level: 'regional',
    status: 'active',
    trained,
    minimum,
    meetsMinimum: trained >= minimum,
    annualReportFiled: true,
    lateDays: 0,
  };
}

const DEPT = 'org_dept_edu';

/** 2026: two seminar plans (one the department's), a capability plan, three bases of which two meet. */
const PLANS_2026 = [
  plan('plan_seminar_a', { departmentId: DEPT, sessionsHeld: 7, trained: 310 }),
  plan('plan_seminar_b', { sessionsHeld: 5, trained: 240 }),
  plan('plan_capability', { project: 'capability', category: 'shortage', sessionsHeld: 9, trained: 500 }),
];
const TOTALS_2026 = figures({
  plans: 3,
  sessionsHeld: 21,
  completed: 1050,
  creditHours: 18_420.5,
  certificatesIssued: 1040,
});
const DEPT_FIGURES_2026 = figures({
  plans: 1,
  sessionsHeld: 7,
  completed: 310,
  creditHours: 4960,
  certificatesIssued: 305,
});

function report(year: number, fields: Partial<YearReport> = {}): YearReport {
  return {
    year,
    generatedAt: `${year}-12-31T16:00:00.000Z`,
    scope: 'all',
    totals: figures(),
    byProject: [],
    byCategory: [],
    byCity: [],
    byDepartment: [],
    bases: [],
    plans: [],
    flags: [],
    changeFromLastYear: null,
    ...fields,
  };
}

const REPORT_2026 = report(2026, {
  totals: TOTALS_2026,
  byDepartment: [
    { key: 'none', name: '无主管部门', figures: figures({ plans: 2, sessionsHeld: 14, completed: 740 }) },
    { key: DEPT, name: '自治区教育厅', figures: DEPT_FIGURES_2026 },
  ],
  bases: [base('org_base_1', 2400, 2000), base('org_base_2', 1000, 1000), base('org_base_3', 300, 1000)],
  plans: PLANS_2026,
});
/** 2025: one small seminar plan, nothing else. */
const REPORT_2025 = report(2025, {
  totals: figures({ plans: 1, sessionsHeld: 3, completed: 90, creditHours: 720, certificatesIssued: 90 }),
  plans: [plan('plan_2025', { sessionsHeld: 3, trained: 90 })],
});

const STORED = new Map<number, YearReport | undefined>([
  [2025, REPORT_2025],
  [2026, REPORT_2026],
  [2027, undefined],
]);

describe('assembleTrend for the program office', () => {
  const trend = assembleTrend({ from: 2025, to: 2027 }, STORED, 'all', DEFAULT_SEMINAR_TARGETS);

  it('answers every year of the range, in order, in the shape of the route', () => {
    expect(trend.years.map((year) => year.year)).toEqual([2025, 2026, 2027]);
    expect(trend).toMatchObject({ from: 2025, to: 2027, scope: 'all' });
    expect(() => Trend.parse(trend)).not.toThrow();
  });

  it("states a compiled year's figures as its report does", () => {
    expect(trend.years[1]).toEqual({
      year: 2026,
      compiled: true,
      generatedAt: '2026-12-31T16:00:00.000Z',
      plansPublished: 3,
      sessionsHeld: 21,
      traineesCompleted: 1050,
      creditHours: 18_420.5,
      certificatesIssued: 1040,
      basesEvaluated: 3,
      basesMeetingMinimum: 2,
      // Seminar plans only: 7 + 5 sessions, 310 + 240 trainees; the capability plan is not counted.
      seminars: { sessions: 12, trainees: 550, targetSessions: 20, targetTrainees: 1000 },
    });
    expect(trend.years[0]).toMatchObject({
      plansPublished: 1,
      traineesCompleted: 90,
      seminars: { sessions: 3, trainees: 90, targetSessions: 20, targetTrainees: 1000 },
    });
  });

  it('shows a year nobody compiled as zeros, marked not compiled, with the target still set', () => {
    expect(trend.years[2]).toEqual({
      year: 2027,
      compiled: false,
      generatedAt: null,
      plansPublished: 0,
      sessionsHeld: 0,
      traineesCompleted: 0,
      creditHours: 0,
      certificatesIssued: 0,
      basesEvaluated: 0,
      basesMeetingMinimum: 0,
      seminars: { sessions: 0, trainees: 0, targetSessions: 20, targetTrainees: 1000 },
    });
  });

  it('holds the seminars to the configured target', () => {
    const configured = assembleTrend({ from: 2026, to: 2026 }, STORED, 'all', {
      sessions: 24,
      trainees: 1200,
    });
    expect(configured.years[0]?.seminars).toEqual({
      sessions: 12,
      trainees: 550,
      targetSessions: 24,
      targetTrainees: 1200,
    });
  });
});

describe("assembleTrend for a department: its cut of each year's report", () => {
  const trend = assembleTrend({ from: 2025, to: 2027 }, STORED, DEPT, DEFAULT_SEMINAR_TARGETS);

  it('counts its own plans only, and no bases, as GET /reports/{year} does', () => {
    expect(trend.scope).toBe(DEPT);
    expect(trend.years[1]).toMatchObject({
      compiled: true,
      plansPublished: 1,
      sessionsHeld: 7,
      traineesCompleted: 310,
      creditHours: 4960,
      certificatesIssued: 305,
      basesEvaluated: 0,
      basesMeetingMinimum: 0,
      seminars: { sessions: 7, trainees: 310, targetSessions: 20, targetTrainees: 1000 },
    });
  });

  it('shows zeros for a compiled year without its plans, still marked compiled', () => {
    expect(trend.years[0]).toMatchObject({
      compiled: true,
      plansPublished: 0,
      traineesCompleted: 0,
      seminars: { sessions: 0, trainees: 0 },
    });
    expect(trend.years[2]?.compiled).toBe(false);
  });
});

describe('seminarFigures', () => {
  it('adds up the sessions held and the trained of seminar plans alone', () => {
    expect(seminarFigures({ plans: PLANS_2026 })).toEqual({ sessions: 12, trainees: 550 });
    expect(seminarFigures({ plans: [] })).toEqual({ sessions: 0, trainees: 0 });
  });
});

describe('the range', () => {
  it('runs from `from` to `to` inclusive', () => {
    expect(yearsOf({ from: 2025, to: 2030 })).toEqual([2025, 2026, 2027, 2028, 2029, 2030]);
    expect(yearsOf({ from: 2026, to: 2026 })).toEqual([2026]);
  });

  it(`accepts up to ${MAX_TREND_YEARS} years, refuses a reversed or longer range naming \`to\``, () => {
    expect(trendRangeIssues({ from: 2021, to: 2030 })).toEqual([]);
    expect(trendRangeIssues({ from: 2021, to: 2031 })).toEqual([
      { path: ['to'], message: { 'zh-CN': '一次最多查看 10 个年度', en: 'At most 10 years at a time' } },
    ]);
    expect(trendRangeIssues({ from: 2027, to: 2026 })).toEqual([
      {
        path: ['to'],
        message: {
          'zh-CN': '不能早于起始年度 2027',
          en: 'Must not be before 2027, the first year asked for',
        },
      },
    ]);
  });

  it("defaults to the notice's period, 2025 to 2030", () => {
    expect(NOTICE_PERIOD).toEqual({ from: 2025, to: 2030 });
    expect(validate(TrendQuery, {}, 'query')).toEqual({ from: 2025, to: 2030 });
    expect(validate(TrendQuery, { from: '2026' }, 'query')).toEqual({ from: 2026, to: 2030 });
    expect(validate(TrendQuery, { from: '2025', to: '2027' }, 'query')).toEqual({ from: 2025, to: 2027 });
  });

  it('is a 400 in Chinese (English on request) for a reversed range, naming the end (截止)', () => {
    const error = thrown(() => validate(TrendQuery, { from: '2027', to: '2025' }, 'query'));
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(400);
    expect((error as AppError).toBody().error.details).toEqual([
      { field: 'query.to', message: '截止：不能早于起始年度 2027' },
    ]);
    expect((error as AppError).toBody('en').error.details).toEqual([
      { field: 'query.to', message: 'Must not be before 2027, the first year asked for' },
    ]);
  });

  it('is a 400 for more than ten years, and for a year outside the program', () => {
    const long = thrown(() => validate(TrendQuery, { from: '2021', to: '2035' }, 'query')) as AppError;
    expect(long.toBody().error.details).toEqual([
      { field: 'query.to', message: '截止：一次最多查看 10 个年度' },
    ]);
    const outside = thrown(() => validate(TrendQuery, { from: '2019', to: '2025' }, 'query')) as AppError;
    expect(outside.status).toBe(400);
    expect(outside.toBody().error.details?.[0]?.field).toBe('query.from');
  });
});
