/**
 * The report page shows the 研修培训项目 against the notice's yearly target: the year's seminar
 * sessions and trainees beside 20 期 and 1,000 名 (or the configured target), with the share, in
 * Chinese; a department's page says the target is the region's.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig, useConfig } from '#shared/config/env';
import type { Figures, PlanEvaluation, YearReport } from '#shared/domain/reports/schemas';
import { DEFAULT_SEMINAR_TARGETS } from '#shared/domain/reports/seminar-targets';
import { reportHtml } from '#shared/reports/html';

const zero: Figures = {
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
};

const plan = (planId: string, fields: Partial<PlanEvaluation>): PlanEvaluation => ({
  planId,
  title: planId,
  project: 'seminar',
  category: 'advanced',
  hostOrgId: 'org_host',
  hostName: '广西大学',
  departmentId: 'org_dept',
  departmentName: '自治区科技厅',
  plannedSessions: 10,
  sessionsHeld: 0,
  sessionsCreated: 0,
  plannedTrainees: 500,
  trained: 0,
  subsidyCapFen: 0,
  spentFen: 0,
  overCap: false,
  ...fields,
});

const REPORT: YearReport = {
  year: 2026,
  generatedAt: '2026-12-01T02:00:00.000Z',
  scope: 'all',
  totals: zero,
  byProject: [],
  byCategory: [],
  byCity: [],
  byDepartment: [{ key: 'org_dept', name: '自治区科技厅', figures: zero }],
  bases: [],
  plans: [
    plan('plan_a', { sessionsHeld: 2, trained: 130 }),
    plan('plan_b', { sessionsHeld: 1, trained: 20 }),
    plan('plan_c', { project: 'capability', category: 'shortage', sessionsHeld: 9, trained: 900 }),
  ],
  flags: [],
  changeFromLastYear: null,
};

/** The section's text, tags dropped. */
function seminarSection(html: string): string {
  const section = /<section id="seminars">(.*?)<\/section>/s.exec(html)?.[1];
  if (section === undefined) throw new Error('The page has no seminars section');
  return section.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
}

afterEach(() => useConfig(loadConfig({})));

describe('the seminars section of the report page', () => {
  it("sets the year's seminar sessions and trainees against 20 期 and 1,000 名, with the share", () => {
    const text = seminarSection(reportHtml(REPORT, DEFAULT_SEMINAR_TARGETS));
    expect(text).toContain('研修培训项目年度目标');
    expect(text).toContain('举办期数 3 期 20 期左右 15%');
    expect(text).toContain('培养培训人数 150 名 1,000 名左右 15%');
    expect(text).toContain('年度目标：每年举办研修培训项目 20 期左右，培养培训 1,000 名左右。');
    expect(text).not.toContain('此为全区目标');
  });

  it('follows the configured target when none is handed over', () => {
    useConfig(loadConfig({ SEMINAR_TARGET_SESSIONS: '30', SEMINAR_TARGET_TRAINEES: '1500' }));
    const text = seminarSection(reportHtml(REPORT));
    expect(text).toContain('举办期数 3 期 30 期左右 10%');
    expect(text).toContain('培养培训人数 150 名 1,500 名左右 10%');
  });

  it('marks a row short of its target in the warning colour, and not one that reached it', () => {
    const html = reportHtml(REPORT, { sessions: 3, trainees: 1000 });
    const rows = /<section id="seminars">(.*?)<\/section>/s.exec(html)?.[1]?.match(/<tr[^>]*>/g) ?? [];
    // The head row, then sessions (3 of 3: reached) and trainees (150 of 1,000: short).
    expect(rows).toEqual(['<tr>', '<tr>', '<tr class="warn">']);
  });

  it("tells a department's reader the target is the region's", () => {
    const text = seminarSection(reportHtml({ ...REPORT, scope: 'org_dept' }, DEFAULT_SEMINAR_TARGETS));
    expect(text).toContain('此为全区目标，本表只计本主管部门的计划。');
  });
});
