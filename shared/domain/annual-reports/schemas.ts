import * as z from 'zod/mini';
import {
  built,
  calendarDate,
  id,
  instant,
  issuesBy,
  longText,
  page,
  pagination,
  programYear,
  programYearText,
  shortText,
} from '../common';
import { ANNUAL_REPORT_ACTIONS, ANNUAL_REPORT_DECISIONS, ANNUAL_REPORT_STATUSES } from './statuses';
import { reviewCommentIssues } from './workflow';

const reportContent = {
  summary: /* @__PURE__ */ z.lazy(() =>
    shortText(5000).check(z.describe("The year's execution summary (年度执行情况总结)")),
  ),
  nextYearPlan: /* @__PURE__ */ z.lazy(() =>
    shortText(5000).check(z.describe("Next year's plan (下一年度计划)")),
  ),
};

export const FileAnnualReportInput = /* @__PURE__ */ z.lazy(() =>
  z
    .strictObject({
      year: programYear.check(z.describe('The year the summary covers')),
      ...reportContent,
    })
    .register(z.globalRegistry, { id: 'FileAnnualReportInput' }),
);
export type FileAnnualReportInput = z.infer<typeof FileAnnualReportInput>;

/** An amendment replaces the content; the year is the path's. */
export const AmendAnnualReportInput = /* @__PURE__ */ z.lazy(() =>
  z.strictObject(reportContent).register(z.globalRegistry, { id: 'AmendAnnualReportInput' }),
);
export type AmendAnnualReportInput = z.infer<typeof AmendAnnualReportInput>;

const status = /* @__PURE__ */ z.lazy(() =>
  z
    .enum(ANNUAL_REPORT_STATUSES)
    .check(
      z.describe(
        'submitted → department-approved (by the managing department) → accepted (by the program office); either reviewer may return it',
      ),
    ),
);

export const ReviewAnnualReportInput = /* @__PURE__ */ z.lazy(() =>
  z
    .strictObject({
      decision: z.enum(ANNUAL_REPORT_DECISIONS),
      comment: z.optional(longText(2000).check(z.describe('Required with `return`: what to change'))),
    })
    .check(issuesBy(reviewCommentIssues))
    .register(z.globalRegistry, { id: 'ReviewAnnualReportInput' }),
);
export type ReviewAnnualReportInput = z.infer<typeof ReviewAnnualReportInput>;

export const AnnualReportOrgPath = /* @__PURE__ */ z.lazy(() => z.strictObject({ orgId: id }));
export const AnnualReportPath = /* @__PURE__ */ z.lazy(() =>
  z.strictObject({ orgId: id, year: programYearText }),
);

export const ListAnnualReportsQuery = /* @__PURE__ */ z.lazy(() =>
  z
    .strictObject({ year: z.optional(programYearText), status: z.optional(status), ...pagination })
    .register(z.globalRegistry, { id: 'ListAnnualReportsQuery' }),
);
export type ListAnnualReportsQuery = z.infer<typeof ListAnnualReportsQuery>;

export const AnnualReportHistoryEntry = /* @__PURE__ */ z.lazy(() =>
  z
    .object({
      action: z.enum(ANNUAL_REPORT_ACTIONS),
      status: z.enum(ANNUAL_REPORT_STATUSES).check(z.describe('The status the step led to')),
      by: z.string().check(z.describe('User id of who took the step')),
      byName: z
        .string()
        .check(z.describe("Their sign-in's `name` claim; their user id when it carries none")),
      at: instant,
      comment: z.optional(z.string()),
    })
    .register(z.globalRegistry, { id: 'AnnualReportHistoryEntry' }),
);
export type AnnualReportHistoryEntry = z.infer<typeof AnnualReportHistoryEntry>;

export const AnnualReport = /* @__PURE__ */ z.lazy(() =>
  z
    .object({
      orgId: id,
      orgName: z.string().check(z.describe("The base's name when it filed the report")),
      year: z.int(),
      summary: z.string(),
      nextYearPlan: z.string(),
      dueDate: calendarDate.check(z.describe('10 December of the year')),
      submittedAt: instant.check(z.describe('The first filing; lateness counts from it')),
      submittedBy: z.string(),
      lastSubmittedAt: instant.check(z.describe('The latest filing or amendment')),
      lateDays: z
        .int()
        .check(z.gte(0), z.describe('Beijing days after the due date at the first filing; 0 when on time')),
      status,
      managingDepartmentId: z.optional(
        id.check(z.describe("The base's managing department, its first reviewer")),
      ),
      managingDepartmentName: z.optional(z.string()),
      history: z.array(AnnualReportHistoryEntry).check(z.describe('Every step, oldest first')),
      version: z.int().check(z.describe('Bumped by every write, for optimistic locking')),
    })
    .register(z.globalRegistry, { id: 'AnnualReport' }),
);
export type AnnualReport = z.infer<typeof AnnualReport>;

export const AnnualReportPage = /* @__PURE__ */ z.lazy(() => page(AnnualReport, 'AnnualReportPage'));

/**
 * A report as stored: those filed before names were kept beside ids lack `orgName` (./names), and
 * those filed before the review lack its fields (./legacy).
 */
export const StoredAnnualReport = /* @__PURE__ */ z.lazy(() =>
  z.extend(built(AnnualReport), {
    orgName: z.optional(z.string()),
    lastSubmittedAt: z.optional(instant),
    status: z.optional(status),
    history: z.optional(z.array(AnnualReportHistoryEntry)),
    version: z.optional(z.int()),
  }),
);
export type StoredAnnualReport = z.infer<typeof StoredAnnualReport>;
