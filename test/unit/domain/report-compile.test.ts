/**
 * The year-end report compiled from counters, on a fixture small enough to add up by hand:
 * three plans (two projects, two categories, hosts in two cities, two departments and one plan
 * without), four bases (national below its minimum, regional above, regional exactly at it, one
 * exited the year before), annual reports on time, late and missing, and last year's report.
 */
import { describe, expect, it } from 'vitest';
import type { AnnualReport } from '#shared/domain/annual-reports/schemas';
import type { Organization } from '#shared/domain/organizations/schemas';
import type { Plan } from '#shared/domain/plans/schemas';
import { cityScope } from '#shared/domain/reports/city-scope';
import {
  compileReport,
  DEFAULT_BASE_MINIMUMS,
  departmentScope,
  NO_DEPARTMENT,
  type ReportInputs,
  type YearCounters,
} from '#shared/domain/reports/compile';
import { type Figures, type Flag, YearReport } from '#shared/domain/reports/schemas';
import { scopeLabel } from '#shared/reports/labels';

const YEAR = 2026;
const GENERATED_AT = new Date('2027-01-01T02:00:00+08:00');
const AT = '2026-01-05T00:00:00.000Z';

function org(id: string, fields: Partial<Organization>): Organization {
  return {
    id,
    name: id,
    kind: 'base',
    city: '南宁市',
    fields: [],
    status: 'active',
    createdAt: AT,
    updatedAt: AT,
    ...fields,
  };
}

const HOST_NN = org('org_host_nn', { name: '广西大学', kind: 'host', city: '南宁市' });
const BASE_NATIONAL = org('org_base_gl', {
  name: '桂林电子科技大学国家级基地',
  level: 'national',
  city: '桂林市',
});
const BASE_REGIONAL = org('org_base_lz', { name: '柳州职业技术学院基地', level: 'regional', city: '柳州市' });
const BASE_AT_MINIMUM = org('org_base_wz', {
  name: '梧州学院基地',
  level: 'regional',
  city: '梧州市',
  status: 'warned',
});
/** Created in 2024, exited in December 2025: it served last year, not this one. */
const BASE_EXITED = org('org_base_bh', {
  name: '北海已退出基地',
  level: 'regional',
  city: '北海市',
  status: 'exited',
  createdAt: '2024-02-01T00:00:00.000Z',
  statusHistory: [
    { status: 'active', reason: null, at: '2024-02-01T00:00:00.000Z', by: 'admin-1' },
    { status: 'exited', reason: '连续两年未达标', at: '2025-12-20T00:00:00.000Z', by: 'admin-1' },
  ],
});

/** Registered and read at compile time; renamed since plan 1 was last edited. */
const DEPARTMENT_EDU = org('org_dept_edu', { name: '自治区教育厅', kind: 'department' });
const DEPT_EDU = DEPARTMENT_EDU.id;
/** Not among the organizations read: the plan's stored name stands in. */
const DEPT_SCI = 'org_dept_sci';

function plan(id: string, fields: Partial<Plan> & { subsidyCapFen: number; spentFen: number }): Plan {
  const { subsidyCapFen, spentFen, ...rest } = fields;
  return {
    id,
    year: YEAR,
    project: 'seminar',
    level: 'regional',
    category: 'advanced',
    title: id,
    hostOrgId: HOST_NN.id,
    hostName: HOST_NN.name,
    plannedSessions: 1,
    plannedTrainees: 1,
    budget: { subsidyCapFen, selfFundedFen: 0 },
    status: 'published',
    spentFen,
    reimbursableFen: Math.min(spentFen, subsidyCapFen),
    shortfallFen: Math.max(0, spentFen - subsidyCapFen),
    history: [],
    createdBy: 'host-1',
    createdAt: AT,
    updatedAt: AT,
    publishedAt: AT,
    version: 4,
    ...rest,
  };
}

/** Seminar, advanced, Nanning, education department: all sessions held, under its cap. */
const PLAN_1 = plan('plan_1', {
  title: '人工智能高级研修班',
  departmentId: DEPT_EDU,
  departmentName: '教育厅（旧名）',
  plannedSessions: 2,
  plannedTrainees: 100,
  subsidyCapFen: 5_000_000,
  spentFen: 4_000_000,
});
/** Base training, professional, hosted by the Guilin base, science department: over its cap. */
const PLAN_2 = plan('plan_2', {
  title: '集成电路专业科目培训',
  project: 'base-training',
  category: 'professional',
  hostOrgId: BASE_NATIONAL.id,
  hostName: '桂林电子科技大学基地（旧名）',
  departmentId: DEPT_SCI,
  departmentName: '自治区科学技术厅',
  plannedSessions: 3,
  plannedTrainees: 1_800,
  subsidyCapFen: 2_000_000,
  spentFen: 2_500_000,
});
/** Seminar, advanced, Nanning, no department: spent exactly its cap (not over), 1 of 4 sessions. */
const PLAN_3 = plan('plan_3', {
  title: '乡村振兴岗位研修',
  plannedSessions: 4,
  plannedTrainees: 200,
  subsidyCapFen: 1_000_000,
  spentFen: 1_000_000,
});

function counters(fields: Partial<YearCounters>): YearCounters {
  return {
    sessions: 0,
    held: 0,
    confirmed: 0,
    completed: 0,
    failed: 0,
    hours: 0,
    certificates: 0,
    revoked: 0,
    ...fields,
  };
}

const PLAN_COUNTERS = new Map<string, YearCounters>([
  [
    PLAN_1.id,
    counters({
      sessions: 2,
      held: 2,
      confirmed: 95,
      completed: 90,
      failed: 3,
      hours: 2160.1,
      certificates: 90,
      revoked: 1,
    }),
  ],
  [
    PLAN_2.id,
    counters({
      // One of its sessions has no result yet: created, not held.
      sessions: 4,
      held: 3,
      confirmed: 1_520,
      completed: 1_500,
      failed: 10,
      hours: 18_750,
      certificates: 1_500,
      revoked: 2,
    }),
  ],
  [
    PLAN_3.id,
    counters({
      sessions: 2,
      held: 1,
      confirmed: 40,
      completed: 38,
      failed: 1,
      hours: 285.2,
      certificates: 37,
    }),
  ],
]);

const BASE_COUNTERS = new Map<string, YearCounters>([
  [BASE_NATIONAL.id, counters({ completed: 1_500 })],
  [BASE_REGIONAL.id, counters({ completed: 1_200 })],
  [BASE_AT_MINIMUM.id, counters({ completed: 1_000 })],
  [BASE_EXITED.id, counters({ completed: 50 })],
]);

function annualReport(orgId: string, lateDays: number, status: AnnualReport['status']): AnnualReport {
  const submittedAt = lateDays === 0 ? '2026-12-01T02:00:00.000Z' : '2026-12-15T02:00:00.000Z';
  return {
    orgId,
    orgName: '基地',
    year: YEAR,
    summary: '年度执行情况总结',
    nextYearPlan: '下一年度计划',
    dueDate: '2026-12-10',
    submittedAt,
    submittedBy: 'host-1',
    lastSubmittedAt: submittedAt,
    lateDays,
    status,
    history: [{ action: 'filed', status: 'submitted', by: 'host-1', byName: '基地联系人', at: submittedAt }],
    version: 1,
  };
}

/** The Guilin base filed none; Liuzhou 5 days late (returned); Wuzhou on time (accepted). */
const ANNUAL_REPORTS = new Map<string, AnnualReport>([
  [BASE_REGIONAL.id, annualReport(BASE_REGIONAL.id, 5, 'returned')],
  [BASE_AT_MINIMUM.id, annualReport(BASE_AT_MINIMUM.id, 0, 'accepted')],
]);

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

// Each plan's figures, by hand.
const FIGURES_1 = figures({
  plans: 1,
  plannedSessions: 2,
  sessionsHeld: 2,
  sessionsCreated: 2,
  plannedTrainees: 100,
  confirmed: 95,
  completed: 90,
  failed: 3,
  creditHours: 2160.1,
  certificatesIssued: 90,
  certificatesRevoked: 1,
  subsidyCapFen: 5_000_000,
  spentFen: 4_000_000,
  reimbursableFen: 4_000_000,
});
const FIGURES_2 = figures({
  plans: 1,
  plannedSessions: 3,
  sessionsHeld: 3,
  sessionsCreated: 4,
  plannedTrainees: 1_800,
  confirmed: 1_520,
  completed: 1_500,
  failed: 10,
  creditHours: 18_750,
  certificatesIssued: 1_500,
  certificatesRevoked: 2,
  subsidyCapFen: 2_000_000,
  spentFen: 2_500_000,
  reimbursableFen: 2_000_000,
});
const FIGURES_3 = figures({
  plans: 1,
  plannedSessions: 4,
  sessionsHeld: 1,
  sessionsCreated: 2,
  plannedTrainees: 200,
  confirmed: 40,
  completed: 38,
  failed: 1,
  creditHours: 285.2,
  certificatesIssued: 37,
  certificatesRevoked: 0,
  subsidyCapFen: 1_000_000,
  spentFen: 1_000_000,
  reimbursableFen: 1_000_000,
});
/** Plans 1 and 3 (seminar, advanced, Nanning): 2160.1 + 285.2 is 2445.2999999999997 in floats. */
const FIGURES_1_AND_3 = figures({
  plans: 2,
  plannedSessions: 6,
  sessionsHeld: 3,
  sessionsCreated: 4,
  plannedTrainees: 300,
  confirmed: 135,
  completed: 128,
  failed: 4,
  creditHours: 2445.3,
  certificatesIssued: 127,
  certificatesRevoked: 1,
  subsidyCapFen: 6_000_000,
  spentFen: 5_000_000,
  reimbursableFen: 5_000_000,
});
const TOTALS = figures({
  plans: 3,
  plannedSessions: 9,
  sessionsHeld: 6,
  sessionsCreated: 8,
  plannedTrainees: 2_100,
  confirmed: 1_655,
  completed: 1_628,
  failed: 14,
  creditHours: 21_195.3,
  certificatesIssued: 1_627,
  certificatesRevoked: 3,
  subsidyCapFen: 8_000_000,
  spentFen: 7_500_000,
  reimbursableFen: 7_000_000,
});

const LAST_YEAR: YearReport = {
  year: YEAR - 1,
  generatedAt: '2026-01-01T02:00:00.000Z',
  scope: 'all',
  totals: figures({
    plans: 2,
    completed: 1_000,
    creditHours: 20_000.5,
    sessionsHeld: 4,
    spentFen: 8_000_000,
  }),
  byProject: [],
  byCategory: [],
  byCity: [],
  byDepartment: [],
  bases: [],
  plans: [],
  flags: [],
  changeFromLastYear: null,
};

function inputs(overrides: Partial<ReportInputs> = {}): ReportInputs {
  const organizations = new Map(
    [HOST_NN, BASE_NATIONAL, BASE_REGIONAL, BASE_AT_MINIMUM, BASE_EXITED, DEPARTMENT_EDU].map((o) => [
      o.id,
      o,
    ]),
  );
  return {
    year: YEAR,
    generatedAt: GENERATED_AT,
    plans: [PLAN_1, PLAN_2, PLAN_3],
    planCounters: PLAN_COUNTERS,
    organizations,
    bases: [BASE_NATIONAL, BASE_REGIONAL, BASE_AT_MINIMUM, BASE_EXITED],
    baseCounters: BASE_COUNTERS,
    annualReports: ANNUAL_REPORTS,
    minimums: DEFAULT_BASE_MINIMUMS,
    lastYear: LAST_YEAR,
    ...overrides,
  };
}

/** Groups as a plain object, so a comparison does not hang on the order (checked on its own). */
const byKey = (groups: readonly { key: string; figures: Figures }[]) =>
  Object.fromEntries(groups.map((group) => [group.key, group.figures]));
const keysOf = (groups: readonly { key: string }[]) => groups.map((group) => group.key);
const sortedKeys = (keys: readonly string[]) => [...keys].sort((a, b) => a.localeCompare(b));

const BELOW_NATIONAL: Flag = {
  kind: 'base-below-minimum',
  subjectType: 'base',
  subjectId: BASE_NATIONAL.id,
  subjectName: BASE_NATIONAL.name,
  detail: '培训 1,500 人，低于最低要求 2,000 人',
  measures: { trained: 1_500, minimum: 2_000 },
};
const MISSING_NATIONAL: Flag = {
  kind: 'annual-report-missing',
  subjectType: 'base',
  subjectId: BASE_NATIONAL.id,
  subjectName: BASE_NATIONAL.name,
  detail: '未提交年度总结',
  measures: {},
};
const LATE_REGIONAL: Flag = {
  kind: 'annual-report-late',
  subjectType: 'base',
  subjectId: BASE_REGIONAL.id,
  subjectName: BASE_REGIONAL.name,
  detail: '年度总结逾期 5 天提交',
  measures: { lateDays: 5 },
};
const OVER_CAP_2: Flag = {
  kind: 'plan-over-cap',
  subjectType: 'plan',
  subjectId: PLAN_2.id,
  subjectName: PLAN_2.title,
  detail: '支出 25,000.00 元，超出限额 20,000.00 元',
  measures: { spentFen: 2_500_000, subsidyCapFen: 2_000_000 },
};
const SHORT_3: Flag = {
  kind: 'plan-sessions-short',
  subjectType: 'plan',
  subjectId: PLAN_3.id,
  subjectName: PLAN_3.title,
  detail: '计划 4 个班次，已举办 1 个',
  measures: { sessionsHeld: 1, plannedSessions: 4 },
};

describe('compileReport', () => {
  const report = compileReport(inputs());

  it('heads the report with its year, the time of compiling and the whole scope, in the schema', () => {
    expect(report.year).toBe(YEAR);
    expect(report.generatedAt).toBe('2026-12-31T18:00:00.000Z');
    expect(report.scope).toBe('all');
    expect(() => YearReport.parse(report)).not.toThrow();
  });

  it('says how fresh its counters are: the newest registration change they hold, or none yet', () => {
    expect(report.countsAppliedThrough).toBeNull();
    const fresh = compileReport({ ...inputs(), countsAppliedThrough: new Date('2026-12-31T17:59:00Z') });
    expect(fresh.countsAppliedThrough).toBe('2026-12-31T17:59:00.000Z');
    expect(() => YearReport.parse(fresh)).not.toThrow();
  });

  it('adds up the totals of every published plan (hours without float noise)', () => {
    expect(report.totals).toEqual(TOTALS);
  });

  it('groups by project, category, city of the host and department (none for a plan without)', () => {
    expect(byKey(report.byProject)).toEqual({ seminar: FIGURES_1_AND_3, 'base-training': FIGURES_2 });
    expect(byKey(report.byCategory)).toEqual({ advanced: FIGURES_1_AND_3, professional: FIGURES_2 });
    expect(byKey(report.byCity)).toEqual({ 南宁市: FIGURES_1_AND_3, 桂林市: FIGURES_2 });
    expect(byKey(report.byDepartment)).toEqual({
      [DEPT_EDU]: FIGURES_1,
      [DEPT_SCI]: FIGURES_2,
      [NO_DEPARTMENT]: FIGURES_3,
    });
  });

  it('lists each group once, sorted by key', () => {
    for (const groups of [report.byProject, report.byCategory, report.byCity, report.byDepartment]) {
      expect(keysOf(groups)).toEqual(sortedKeys(keysOf(groups)));
    }
    expect(keysOf(report.byDepartment)).toEqual([NO_DEPARTMENT, DEPT_EDU, DEPT_SCI]);
  });

  it('names each department row: as called today, else as the plan stored it, 无主管部门 for none', () => {
    expect(report.byDepartment.map(({ key, name }) => [key, name])).toEqual([
      [NO_DEPARTMENT, '无主管部门'],
      [DEPT_EDU, '自治区教育厅'],
      [DEPT_SCI, '自治区科学技术厅'],
    ]);
  });

  it('evaluates every base but the exited one against its minimum, with its annual report and its review', () => {
    expect(report.bases).toEqual([
      {
        orgId: BASE_NATIONAL.id,
        name: BASE_NATIONAL.name,
        city: '桂林市',
        level: 'national',
        status: 'active',
        trained: 1_500,
        minimum: 2_000,
        meetsMinimum: false,
        annualReportFiled: false,
        lateDays: null,
        annualReportStatus: null,
      },
      {
        orgId: BASE_REGIONAL.id,
        name: BASE_REGIONAL.name,
        city: '柳州市',
        level: 'regional',
        status: 'active',
        trained: 1_200,
        minimum: 1_000,
        meetsMinimum: true,
        annualReportFiled: true,
        lateDays: 5,
        annualReportStatus: 'returned',
      },
      {
        orgId: BASE_AT_MINIMUM.id,
        name: BASE_AT_MINIMUM.name,
        city: '梧州市',
        level: 'regional',
        status: 'warned',
        trained: 1_000,
        minimum: 1_000,
        meetsMinimum: true,
        annualReportFiled: true,
        lateDays: 0,
        annualReportStatus: 'accepted',
      },
    ]);
  });

  it('evaluates every plan: planned against held, spending against the cap (at the cap is not over)', () => {
    expect(report.plans).toEqual([
      {
        planId: PLAN_1.id,
        title: PLAN_1.title,
        project: 'seminar',
        category: 'advanced',
        hostOrgId: HOST_NN.id,
        hostName: '广西大学',
        hostCity: '南宁市',
        departmentId: DEPT_EDU,
        departmentName: '自治区教育厅',
        plannedSessions: 2,
        sessionsHeld: 2,
        sessionsCreated: 2,
        plannedTrainees: 100,
        trained: 90,
        subsidyCapFen: 5_000_000,
        spentFen: 4_000_000,
        overCap: false,
      },
      {
        planId: PLAN_2.id,
        title: PLAN_2.title,
        project: 'base-training',
        category: 'professional',
        hostOrgId: BASE_NATIONAL.id,
        hostName: BASE_NATIONAL.name,
        hostCity: '桂林市',
        departmentId: DEPT_SCI,
        departmentName: '自治区科学技术厅',
        plannedSessions: 3,
        sessionsHeld: 3,
        sessionsCreated: 4,
        plannedTrainees: 1_800,
        trained: 1_500,
        subsidyCapFen: 2_000_000,
        spentFen: 2_500_000,
        overCap: true,
      },
      {
        planId: PLAN_3.id,
        title: PLAN_3.title,
        project: 'seminar',
        category: 'advanced',
        hostOrgId: HOST_NN.id,
        hostName: '广西大学',
        hostCity: '南宁市',
        plannedSessions: 4,
        sessionsHeld: 1,
        sessionsCreated: 2,
        plannedTrainees: 200,
        trained: 38,
        subsidyCapFen: 1_000_000,
        spentFen: 1_000_000,
        overCap: false,
      },
    ]);
    expect(report.plans[2]).not.toHaveProperty('departmentId');
    expect(report.plans[2]).not.toHaveProperty('departmentName');
  });

  it('flags exactly: the base below its minimum, the missing and the late report, the plan over cap, the short plan', () => {
    expect(report.flags).toEqual([BELOW_NATIONAL, MISSING_NATIONAL, LATE_REGIONAL, OVER_CAP_2, SHORT_3]);
  });

  it('compares with last year: this year minus last year', () => {
    expect(report.changeFromLastYear).toEqual({
      previousYear: 2025,
      completed: 628,
      creditHours: 1_194.8,
      sessionsHeld: 2,
      spentFen: -500_000,
    });
  });

  it('counts sessions held (a result recorded) apart from sessions created, and flags a plan on those held', () => {
    const planned = plan('plan_unheld', { plannedSessions: 3, subsidyCapFen: 0, spentFen: 0 });
    const compiled = compileReport(
      inputs({
        plans: [planned],
        planCounters: new Map([[planned.id, counters({ sessions: 3, held: 0 })]]),
        lastYear: undefined,
      }),
    );
    expect(compiled.totals).toMatchObject({ plannedSessions: 3, sessionsCreated: 3, sessionsHeld: 0 });
    expect(compiled.plans[0]).toMatchObject({ sessionsCreated: 3, sessionsHeld: 0 });
    expect(compiled.flags.filter((flag) => flag.subjectType === 'plan')).toEqual([
      expect.objectContaining({ kind: 'plan-sessions-short', detail: '计划 3 个班次，已举办 0 个' }),
    ]);
  });

  it('reads a report stored before sessionsCreated existed with zeros for it', () => {
    const stored = JSON.parse(JSON.stringify(report)) as Record<string, unknown> & { totals: Figures };
    const { sessionsCreated: _dropped, ...oldTotals } = stored.totals;
    const parsed = YearReport.parse({ ...stored, totals: oldTotals });
    expect(parsed.totals.sessionsCreated).toBe(0);
    expect(parsed.totals.sessionsHeld).toBe(report.totals.sessionsHeld);
  });

  it('has no comparison without last year', () => {
    expect(compileReport(inputs({ lastYear: undefined })).changeFromLastYear).toBeNull();
  });

  it('gives the same report when compiled twice from the same counters', () => {
    expect(compileReport(inputs())).toEqual(report);
  });

  it('takes configured minimums', () => {
    const custom = compileReport(inputs({ minimums: { national: 1_000, regional: 1_500 } }));
    expect(custom.bases.map((base) => [base.orgId, base.minimum, base.meetsMinimum])).toEqual([
      [BASE_NATIONAL.id, 1_000, true],
      [BASE_REGIONAL.id, 1_500, false],
      [BASE_AT_MINIMUM.id, 1_500, false],
    ]);
    expect(custom.flags.filter((flag) => flag.kind === 'base-below-minimum')).toEqual([
      {
        kind: 'base-below-minimum',
        subjectType: 'base',
        subjectId: BASE_REGIONAL.id,
        subjectName: BASE_REGIONAL.name,
        detail: '培训 1,200 人，低于最低要求 1,500 人',
        measures: { trained: 1_200, minimum: 1_500 },
      },
      {
        kind: 'base-below-minimum',
        subjectType: 'base',
        subjectId: BASE_AT_MINIMUM.id,
        subjectName: BASE_AT_MINIMUM.name,
        detail: '培训 1,000 人，低于最低要求 1,500 人',
        measures: { trained: 1_000, minimum: 1_500 },
      },
    ]);
  });

  it('counts a plan without counters as zeros (nothing held: short), and a host it cannot find as city unknown', () => {
    const fresh = plan('plan_fresh', {
      hostOrgId: 'org_gone',
      plannedSessions: 2,
      subsidyCapFen: 100,
      spentFen: 0,
    });
    const compiled = compileReport(inputs({ plans: [fresh], lastYear: undefined }));
    expect(compiled.totals).toEqual(
      figures({ plans: 1, plannedSessions: 2, plannedTrainees: 1, subsidyCapFen: 100 }),
    );
    expect(keysOf(compiled.byCity)).toEqual(['unknown']);
    expect(compiled.plans[0]).toMatchObject({ sessionsHeld: 0, trained: 0, overCap: false });
    // Named as the plan stored its host, the organization being gone.
    expect(compiled.plans[0]?.hostName).toBe(fresh.hostName);
    expect(compiled.flags.filter((flag) => flag.subjectType === 'plan')).toEqual([
      {
        kind: 'plan-sessions-short',
        subjectType: 'plan',
        subjectId: 'plan_fresh',
        subjectName: 'plan_fresh',
        detail: '计划 2 个班次，已举办 0 个',
        measures: { sessionsHeld: 0, plannedSessions: 2 },
      },
    ]);
  });
});

describe('compileReport on a year with no data', () => {
  const empty = compileReport({
    year: YEAR + 1,
    generatedAt: GENERATED_AT,
    plans: [],
    planCounters: new Map(),
    organizations: new Map(),
    bases: [BASE_REGIONAL],
    baseCounters: new Map(),
    annualReports: new Map(),
    minimums: DEFAULT_BASE_MINIMUMS,
  });

  it('gives zeros, empty groups and no plan flags, not an error', () => {
    expect(empty.totals).toEqual(figures());
    expect(empty.byProject).toEqual([]);
    expect(empty.byCategory).toEqual([]);
    expect(empty.byCity).toEqual([]);
    expect(empty.byDepartment).toEqual([]);
    expect(empty.plans).toEqual([]);
    expect(empty.flags.filter((flag) => flag.subjectType === 'plan')).toEqual([]);
    expect(empty.changeFromLastYear).toBeNull();
    expect(() => YearReport.parse(empty)).not.toThrow();
  });

  it('still evaluates the bases: none trained, no report filed', () => {
    expect(empty.bases).toEqual([
      expect.objectContaining({ orgId: BASE_REGIONAL.id, trained: 0, meetsMinimum: false, lateDays: null }),
    ]);
    expect(empty.flags.map((flag) => flag.kind)).toEqual(['base-below-minimum', 'annual-report-missing']);
  });

  it('gives zeros without any base either', () => {
    const nothing = compileReport({ ...inputs(), plans: [], bases: [], lastYear: undefined });
    expect(nothing.totals).toEqual(figures());
    expect(nothing.bases).toEqual([]);
    expect(nothing.flags).toEqual([]);
  });
});

describe('the bases a year evaluates', () => {
  /** A base exited in April of the year: it served, so it is evaluated, showing its status today. */
  const exitedThisYear = org('org_base_qz', {
    name: '钦州年内退出基地',
    level: 'regional',
    status: 'exited',
    createdAt: '2023-05-01T00:00:00.000Z',
    statusHistory: [
      { status: 'active', reason: null, at: '2023-05-01T00:00:00.000Z', by: 'admin-1' },
      { status: 'exited', reason: '主动申请退出', at: '2026-04-15T00:00:00.000Z', by: 'admin-1' },
    ],
  });
  /** Created after the year ended. */
  const createdLater = org('org_base_fc', {
    name: '防城港新设基地',
    level: 'regional',
    createdAt: '2027-02-01T00:00:00.000Z',
    statusHistory: [{ status: 'active', reason: null, at: '2027-02-01T00:00:00.000Z', by: 'admin-1' }],
  });
  /** From before histories were kept: counted from its createdAt. */
  const oldRecord = org('org_base_yl', {
    name: '玉林基地',
    level: 'regional',
    createdAt: '2022-01-01T00:00:00.000Z',
  });
  const evaluated = (year: number) =>
    compileReport({
      ...inputs(),
      year,
      bases: [BASE_EXITED, exitedThisYear, createdLater, oldRecord],
      lastYear: undefined,
    }).bases.map((base) => `${base.orgId} ${base.status}`);

  it('lists a base exited during the year, with its status today, and not one exited before it', () => {
    expect(evaluated(YEAR)).toEqual([`${exitedThisYear.id} exited`, `${oldRecord.id} active`]);
  });

  it('lists each base in the years it served: the exited one last year, the new one only later', () => {
    expect(evaluated(YEAR - 1)).toEqual([
      `${BASE_EXITED.id} exited`,
      `${exitedThisYear.id} exited`,
      `${oldRecord.id} active`,
    ]);
    expect(evaluated(YEAR + 1)).toEqual([`${createdLater.id} active`, `${oldRecord.id} active`]);
    expect(evaluated(2021)).toEqual([]);
  });
});

describe('departmentScope', () => {
  const report = compileReport(inputs());

  it("keeps only the department's plans, their flags and their totals", () => {
    const science = departmentScope(report, DEPT_SCI);
    expect(science.scope).toBe(DEPT_SCI);
    expect(science.year).toBe(YEAR);
    expect(science.totals).toEqual(FIGURES_2);
    expect(science.plans.map((p) => p.planId)).toEqual([PLAN_2.id]);
    expect(science.flags).toEqual([OVER_CAP_2]);
    expect(science.byDepartment).toEqual([{ key: DEPT_SCI, name: '自治区科学技术厅', figures: FIGURES_2 }]);
    expect(science.bases).toEqual([]);
    expect(science.byProject).toEqual([]);
    expect(science.byCategory).toEqual([]);
    expect(science.byCity).toEqual([]);
    expect(science.changeFromLastYear).toBeNull();
    expect(() => YearReport.parse(science)).not.toThrow();
  });

  it('gives a department without flagged plans no flags, and one without plans zeros', () => {
    const education = departmentScope(report, DEPT_EDU);
    expect(education.totals).toEqual(FIGURES_1);
    expect(education.plans.map((p) => p.planId)).toEqual([PLAN_1.id]);
    expect(education.flags).toEqual([]);

    const stranger = departmentScope(report, 'org_dept_other');
    expect(stranger.totals).toEqual(figures());
    expect(stranger.plans).toEqual([]);
    expect(stranger.flags).toEqual([]);
    expect(stranger.byDepartment).toEqual([]);
  });

  it('does not change the whole report it cuts', () => {
    const before = structuredClone(report);
    departmentScope(report, DEPT_SCI);
    expect(report).toEqual(before);
  });
});

describe('cityScope', () => {
  const report = compileReport(inputs());
  const noOrganizations = new Set<string>();

  it("keeps the plans hosted in the city, the city's bases, their flags and the city's totals", () => {
    const guilin = cityScope(report, '桂林市', noOrganizations);
    expect(guilin.scope).toBe('city:桂林市');
    expect(scopeLabel(guilin)).toBe('城市 桂林市');
    expect(guilin.totals).toEqual(FIGURES_2);
    expect(guilin.byCity).toEqual([{ key: '桂林市', figures: FIGURES_2 }]);
    expect(guilin.plans.map((p) => p.planId)).toEqual([PLAN_2.id]);
    expect(guilin.bases.map((b) => b.orgId)).toEqual([BASE_NATIONAL.id]);
    expect(guilin.flags).toEqual([BELOW_NATIONAL, MISSING_NATIONAL, OVER_CAP_2]);
    expect(guilin.byProject).toEqual([]);
    expect(guilin.byCategory).toEqual([]);
    expect(guilin.byDepartment).toEqual([]);
    expect(guilin.changeFromLastYear).toBeNull();
    expect(() => YearReport.parse(guilin)).not.toThrow();
  });

  it('sums a city with two plans and no base, and gives a city with nothing zeros', () => {
    const nanning = cityScope(report, '南宁市', noOrganizations);
    expect(nanning.totals).toEqual(FIGURES_1_AND_3);
    expect(nanning.plans.map((p) => p.planId)).toEqual([PLAN_1.id, PLAN_3.id]);
    expect(nanning.bases).toEqual([]);
    expect(nanning.flags).toEqual([SHORT_3]);

    const empty = cityScope(report, '防城港市', noOrganizations);
    expect(empty.totals).toEqual(figures());
    expect(empty.plans).toEqual([]);
    expect(empty.flags).toEqual([]);
    expect(empty.byCity).toEqual([]);
  });

  it('goes by the city at compilation, and by the organizations of the city now for reports without it', () => {
    // The Nanning host has since moved to Liuzhou: the compiled report still counts it for Nanning.
    expect(cityScope(report, '柳州市', new Set([HOST_NN.id])).plans).toEqual([]);
    const before = {
      ...report,
      plans: report.plans.map(({ hostCity: _hostCity, ...plan }) => plan),
    };
    expect(cityScope(before, '柳州市', new Set([HOST_NN.id])).plans.map((p) => p.planId)).toEqual([
      PLAN_1.id,
      PLAN_3.id,
    ]);
    expect(cityScope(before, '南宁市', new Set()).plans).toEqual([]);
  });

  it('does not change the whole report it cuts', () => {
    const before = structuredClone(report);
    cityScope(report, '桂林市', noOrganizations);
    expect(report).toEqual(before);
  });
});
