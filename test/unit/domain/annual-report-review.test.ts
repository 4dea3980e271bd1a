/**
 * The review of a base's annual report: the base files, its managing department reviews first,
 * then the program office; the base amends while nobody has reviewed it or after a return; every
 * step is in the history; lateness counts from the first filing.
 */
import { describe, expect, it } from 'vitest';
import type { Actor } from '#shared/domain/actor';
import {
  amendAnnualReport,
  mayReadAnnualReport,
  newAnnualReport,
  readableAnnualReport,
} from '#shared/domain/annual-reports/annual-report';
import { withReviewFields } from '#shared/domain/annual-reports/legacy';
import { withBaseManagingDepartment } from '#shared/domain/annual-reports/move';
import { annualReportNotices } from '#shared/domain/annual-reports/notices';
import { reviewAnnualReport } from '#shared/domain/annual-reports/review';
import {
  type AnnualReport,
  ListAnnualReportsQuery,
  ReviewAnnualReportInput,
  type StoredAnnualReport,
} from '#shared/domain/annual-reports/schemas';
import { annualReportListScope } from '#shared/domain/annual-reports/scope';
import { turnOf } from '#shared/domain/annual-reports/workflow';
import { AppError } from '#shared/domain/errors';
import { noticeSubject } from '#shared/domain/notices/notice';
import type { Organization } from '#shared/domain/organizations/schemas';
import { thrown } from '../helpers/thrown';

const DEPT_ID = 'org_dept_edu';
const BASE: Organization = {
  id: 'org_base',
  name: '广西大学继续教育基地',
  kind: 'base',
  level: 'national',
  city: '南宁',
  fields: [],
  managingDepartmentId: DEPT_ID,
  managingDepartmentName: '自治区教育厅',
  status: 'active',
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
};
const { managingDepartmentId: _id, managingDepartmentName: _name, ...UNMANAGED_BASE } = BASE;

const HOST: Actor = { userId: 'host-1', roles: ['host'], orgId: BASE.id, name: '基地联系人' };
const DEPARTMENT: Actor = { userId: 'dept-1', roles: ['department'], orgId: DEPT_ID, name: '教育厅审核员' };
const OTHER_DEPARTMENT: Actor = { userId: 'dept-2', roles: ['department'], orgId: 'org_dept_sci' };
const ADMIN: Actor = { userId: 'admin-1', roles: ['admin'], name: '项目办' };

const CONTENT = { summary: '全年培训 2,100 人次', nextYearPlan: '2027 年计划' };
const at = (instant: string) => new Date(instant);

const file = (org: Organization = BASE, now = '2026-12-12T02:00:00.000Z') =>
  newAnnualReport({ orgId: BASE.id, org, input: { year: 2026, ...CONTENT }, actor: HOST, now: at(now) });

const amend = (report: AnnualReport, now: string, org: Organization = BASE, actor: Actor = HOST) =>
  amendAnnualReport({
    orgId: BASE.id,
    year: 2026,
    org,
    report,
    input: { summary: '修改后的总结', nextYearPlan: '修改后的计划' },
    actor,
    now: at(now),
  });

const review = (
  report: AnnualReport | undefined,
  actor: Actor,
  decision: 'approve' | 'return',
  now = '2026-12-20T02:00:00.000Z',
  comment?: string,
) =>
  reviewAnnualReport({
    orgId: BASE.id,
    year: 2026,
    report,
    input: { decision, ...(comment ? { comment } : {}) },
    actor,
    now: at(now),
  });

const refusal = (action: () => unknown) => {
  const error = thrown(action);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
};

describe('whose turn it is', () => {
  it.each([
    ['submitted', true, 'department'],
    ['submitted', false, 'admin'],
    ['department-approved', true, 'admin'],
    ['returned', true, 'base'],
    ['returned', false, 'base'],
    ['accepted', true, 'nobody'],
  ] as const)('%s with a managing department %s: %s', (status, managed, turn) => {
    expect(turnOf(status, managed)).toBe(turn);
  });
});

describe('filing', () => {
  it("takes the base's managing department as its first reviewer", () => {
    expect(file()).toMatchObject({
      status: 'submitted',
      managingDepartmentId: DEPT_ID,
      managingDepartmentName: '自治区教育厅',
      history: [{ action: 'filed', status: 'submitted', by: 'host-1', byName: '基地联系人' }],
      version: 1,
    });
  });

  it('leaves a base without a managing department to the program office', () => {
    const report = file(UNMANAGED_BASE);
    expect(report).not.toHaveProperty('managingDepartmentId');
    expect(report).not.toHaveProperty('managingDepartmentName');
  });
});

describe('the whole review', () => {
  it('runs filed → returned → amended → approved → accepted, each step in the history', () => {
    const filed = file(BASE, '2026-12-12T02:00:00.000Z');
    const returned = review(filed, DEPARTMENT, 'return', '2026-12-15T02:00:00.000Z', '请补充培训人数明细');
    expect(returned).toMatchObject({ status: 'returned', version: 2 });
    const amended = amend(returned, '2026-12-20T02:00:00.000Z');
    expect(amended).toMatchObject({
      status: 'submitted',
      summary: '修改后的总结',
      nextYearPlan: '修改后的计划',
      version: 3,
    });
    const approved = review(amended, DEPARTMENT, 'approve', '2026-12-22T02:00:00.000Z', '同意');
    expect(approved.status).toBe('department-approved');
    const accepted = review(approved, ADMIN, 'approve', '2026-12-28T02:00:00.000Z');
    expect(accepted.status).toBe('accepted');
    expect(accepted.version).toBe(5);
    expect(accepted.history).toEqual([
      {
        action: 'filed',
        status: 'submitted',
        by: 'host-1',
        byName: '基地联系人',
        at: '2026-12-12T02:00:00.000Z',
      },
      {
        action: 'returned',
        status: 'returned',
        by: 'dept-1',
        byName: '教育厅审核员',
        at: '2026-12-15T02:00:00.000Z',
        comment: '请补充培训人数明细',
      },
      {
        action: 'amended',
        status: 'submitted',
        by: 'host-1',
        byName: '基地联系人',
        at: '2026-12-20T02:00:00.000Z',
      },
      {
        action: 'approved',
        status: 'department-approved',
        by: 'dept-1',
        byName: '教育厅审核员',
        at: '2026-12-22T02:00:00.000Z',
        comment: '同意',
      },
      {
        action: 'accepted',
        status: 'accepted',
        by: 'admin-1',
        byName: '项目办',
        at: '2026-12-28T02:00:00.000Z',
      },
    ]);
  });

  it('keeps the lateness of the first filing: refiling after a return is not later', () => {
    const filed = file(BASE, '2026-12-12T02:00:00.000Z');
    expect(filed.lateDays).toBe(2);
    const returned = review(filed, DEPARTMENT, 'return', '2026-12-15T02:00:00.000Z', '请修改');
    const amended = amend(returned, '2027-01-20T02:00:00.000Z');
    expect(amended).toMatchObject({
      lateDays: 2,
      submittedAt: '2026-12-12T02:00:00.000Z',
      submittedBy: 'host-1',
      lastSubmittedAt: '2027-01-20T02:00:00.000Z',
    });
  });

  it('sends the report of a base without a managing department straight to the program office', () => {
    const filed = file(UNMANAGED_BASE);
    const accepted = review(filed, ADMIN, 'approve');
    expect(accepted.status).toBe('accepted');
    expect(accepted.history.map((entry) => entry.action)).toEqual(['filed', 'accepted']);
  });

  it('lets the program office return a report the department approved', () => {
    const approved = review(file(), DEPARTMENT, 'approve');
    const returned = review(approved, ADMIN, 'return', '2026-12-21T02:00:00.000Z', '数据有误');
    expect(returned).toMatchObject({ status: 'returned' });
    expect(returned.history.at(-1)).toMatchObject({ action: 'returned', by: 'admin-1', comment: '数据有误' });
    // Back with the base, amended, it goes to the department again.
    expect(amend(returned, '2026-12-22T02:00:00.000Z').status).toBe('submitted');
  });
});

describe('turn order', () => {
  it('refuses the program office before the managing department has approved: 409 NOT_YOUR_TURN', () => {
    const error = refusal(() => review(file(), ADMIN, 'approve'));
    expect(error).toMatchObject({ status: 409, code: 'NOT_YOUR_TURN' });
    expect(error.toBody().error.message).toBe(
      '该年度报告当前状态为“已提交”，正等待基地管理部门审核，您现在不能审核',
    );
    expect(error.toBody('en').error.message).toBe(
      "The report is submitted and awaits review by the base's managing department, not by you",
    );
    expect(error.toBody().error.details).toEqual([
      { field: 'status', message: '状态：当前状态为“已提交”', currentStatus: 'submitted' },
    ]);
  });

  it('refuses the department a second decision once it approved: 409 NOT_YOUR_TURN', () => {
    const approved = review(file(), DEPARTMENT, 'approve');
    const error = refusal(() => review(approved, DEPARTMENT, 'return', undefined, '再想想'));
    expect(error).toMatchObject({ status: 409, code: 'NOT_YOUR_TURN' });
    expect(error.toBody().error.message).toContain('正等待项目办公室审核');
  });

  it.each([
    ['returned', (report: AnnualReport) => review(report, DEPARTMENT, 'return', undefined, '请修改')],
    ['accepted', (report: AnnualReport) => review(review(report, DEPARTMENT, 'approve'), ADMIN, 'approve')],
  ] as const)('refuses any review of a %s report: 409 ANNUAL_REPORT_NOT_AWAITING_REVIEW', (status, move) => {
    const moved = move(file());
    expect(moved.status).toBe(status);
    for (const reviewer of [DEPARTMENT, ADMIN]) {
      const error = refusal(() => review(moved, reviewer, 'approve'));
      expect(error).toMatchObject({ status: 409, code: 'ANNUAL_REPORT_NOT_AWAITING_REVIEW' });
    }
  });

  it.each([
    ['another department', OTHER_DEPARTMENT],
    ['a department with no organization', { userId: 'd', roles: ['department'] } as Actor],
    ['the base itself', HOST],
  ])('answers %s 404, as if there were no report', (_, actor) => {
    const error = refusal(() => review(file(), actor, 'approve'));
    expect(error).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    expect(error.toBody().error.message).toBe(`未找到单位 ${BASE.id} 的 2026 年度报告`);
  });

  it('answers 404 for a report not filed', () => {
    expect(refusal(() => review(undefined, ADMIN, 'approve')).status).toBe(404);
  });

  it("refuses a department once the base's report has no managing department", () => {
    const error = refusal(() => review(file(UNMANAGED_BASE), DEPARTMENT, 'approve'));
    expect(error.status).toBe(404);
  });
});

describe('amending', () => {
  it.each([
    ['department-approved', (report: AnnualReport) => review(report, DEPARTMENT, 'approve')],
    ['accepted', (report: AnnualReport) => review(review(report, DEPARTMENT, 'approve'), ADMIN, 'approve')],
  ] as const)('refuses a %s report: 409 ANNUAL_REPORT_NOT_AMENDABLE', (status, move) => {
    const error = refusal(() => amend(move(file()), '2026-12-25T02:00:00.000Z'));
    expect(error).toMatchObject({ status: 409, code: 'ANNUAL_REPORT_NOT_AMENDABLE' });
    expect(error.toBody().error.details).toEqual([
      { field: 'status', message: '状态：仅当状态为“已提交”或“已退回修改”时可以修改', currentStatus: status },
    ]);
  });

  it('lets the base amend a report nobody has reviewed yet', () => {
    const amended = amend(file(), '2026-12-13T02:00:00.000Z');
    expect(amended.history.map((entry) => entry.action)).toEqual(['filed', 'amended']);
  });

  it('refuses anyone but the base (403) and a missing report (404)', () => {
    expect(refusal(() => amend(file(), '2026-12-13T02:00:00.000Z', BASE, ADMIN)).status).toBe(403);
    expect(
      refusal(() =>
        amendAnnualReport({
          orgId: BASE.id,
          year: 2026,
          org: BASE,
          report: undefined,
          input: CONTENT,
          actor: HOST,
          now: at('2026-12-13T02:00:00.000Z'),
        }),
      ).status,
    ).toBe(404);
  });

  it("takes the base's managing department as of the amendment", () => {
    const returned = review(file(UNMANAGED_BASE), ADMIN, 'return', undefined, '请修改');
    const amended = amend(returned, '2026-12-25T02:00:00.000Z', BASE);
    expect(amended.managingDepartmentId).toBe(DEPT_ID);
    expect(turnOf(amended.status, true)).toBe('department');
  });
});

describe('reading', () => {
  it.each<[string, Actor, boolean]>([
    ['the managing department', DEPARTMENT, true],
    ['another department', OTHER_DEPARTMENT, false],
    ['admin', ADMIN, true],
    ['the base', HOST, true],
  ])('%s may read: %s', (_, actor, allowed) => {
    const report = file();
    expect(mayReadAnnualReport(actor, BASE.id, report.managingDepartmentId)).toBe(allowed);
    if (allowed) expect(readableAnnualReport(actor, BASE.id, 2026, report)).toBe(report);
    else expect(refusal(() => readableAnnualReport(actor, BASE.id, 2026, report)).status).toBe(404);
  });

  it('lists all reports for admin, the managed ones for a department, nothing for others', () => {
    expect(annualReportListScope(ADMIN)).toEqual({ kind: 'all' });
    expect(annualReportListScope(DEPARTMENT)).toEqual({ kind: 'department', orgId: DEPT_ID });
    expect(refusal(() => annualReportListScope({ userId: 'd', roles: ['department'] })).status).toBe(403);
    expect(refusal(() => annualReportListScope(HOST)).status).toBe(403);
  });

  it('reads a report stored before the review as submitted, with its filing as its one step', () => {
    const old: StoredAnnualReport = {
      orgId: BASE.id,
      orgName: BASE.name,
      year: 2025,
      summary: '总结',
      nextYearPlan: '计划',
      dueDate: '2025-12-10',
      submittedAt: '2025-12-01T02:00:00.000Z',
      submittedBy: 'host-0',
      lateDays: 0,
    };
    expect(withReviewFields(old)).toEqual({
      ...old,
      lastSubmittedAt: '2025-12-01T02:00:00.000Z',
      status: 'submitted',
      history: [
        {
          action: 'filed',
          status: 'submitted',
          by: 'host-0',
          byName: 'host-0',
          at: '2025-12-01T02:00:00.000Z',
        },
      ],
      version: 0,
    });
    // With no managing department on it, the program office reviews it.
    const legacy = { ...withReviewFields(old), orgName: BASE.name };
    expect(review(legacy, ADMIN, 'approve').version).toBe(1);
  });
});

describe('a base changing managing department', () => {
  it('takes its reports along, a version further', () => {
    const report = file(UNMANAGED_BASE);
    const moved = withBaseManagingDepartment(report, BASE);
    expect(moved).toMatchObject({
      managingDepartmentId: DEPT_ID,
      managingDepartmentName: '自治区教育厅',
      version: 2,
    });
    const unmanaged = withBaseManagingDepartment(moved, UNMANAGED_BASE);
    expect(unmanaged).not.toHaveProperty('managingDepartmentId');
    expect(unmanaged).not.toHaveProperty('managingDepartmentName');
  });
});

describe('notices of each step', () => {
  const kinds = (report: AnnualReport) =>
    annualReportNotices(report, at('2026-12-30T00:00:00Z')).map((n) => n.kind);

  it('tell the base of every step and the reviewer whose turn it now is', () => {
    const filed = file();
    expect(kinds(filed)).toEqual(['annual-report-reviewed', 'annual-report-awaiting-review']);
    const approved = review(filed, DEPARTMENT, 'approve');
    expect(kinds(approved)).toEqual(['annual-report-reviewed', 'annual-report-awaiting-review']);
    expect(kinds(review(approved, ADMIN, 'approve'))).toEqual(['annual-report-reviewed']);
    expect(kinds(review(filed, DEPARTMENT, 'return', undefined, '请修改'))).toEqual([
      'annual-report-reviewed',
    ]);
  });

  it('name the step by the history entry, so each step is its own notice', () => {
    const filed = file();
    const approved = review(filed, DEPARTMENT, 'approve');
    const [first] = annualReportNotices(filed, at('2026-12-30T00:00:00Z'));
    const [second] = annualReportNotices(approved, at('2026-12-30T00:00:00Z'));
    expect(first).toMatchObject({ orgId: BASE.id, year: 2026, historyIndex: 0 });
    expect(noticeSubject(first as never)).toBe(`${BASE.id}#2026#0`);
    expect(noticeSubject(second as never)).toBe(`${BASE.id}#2026#1`);
  });
});

describe('review and list input', () => {
  it('needs a comment to return, not to approve', () => {
    expect(ReviewAnnualReportInput.safeParse({ decision: 'approve' }).success).toBe(true);
    expect(ReviewAnnualReportInput.safeParse({ decision: 'return' }).success).toBe(false);
    expect(ReviewAnnualReportInput.safeParse({ decision: 'return', comment: '   ' }).success).toBe(false);
    expect(ReviewAnnualReportInput.safeParse({ decision: 'return', comment: '请补充' }).success).toBe(true);
  });

  it('bounds the comment and refuses other decisions', () => {
    expect(
      ReviewAnnualReportInput.safeParse({ decision: 'approve', comment: '意'.repeat(2001) }).success,
    ).toBe(false);
    expect(ReviewAnnualReportInput.safeParse({ decision: 'reject', comment: '不行' }).success).toBe(false);
  });

  it('reads a year and a status from the query', () => {
    expect(ListAnnualReportsQuery.parse({ year: '2026', status: 'department-approved' })).toEqual({
      year: 2026,
      status: 'department-approved',
      limit: 50,
    });
    expect(ListAnnualReportsQuery.safeParse({ status: 'draft' }).success).toBe(false);
  });
});
