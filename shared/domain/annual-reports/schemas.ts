import * as z from 'zod/mini';
import { built, calendarDate, id, instant, programYear, programYearText, shortText } from '../common';

export const FileAnnualReportInput = /* @__PURE__ */ z.lazy(() =>
  z
    .strictObject({
      year: programYear.check(z.describe('The year the summary covers')),
      summary: shortText(5000).check(z.describe("The year's execution summary (年度执行情况总结)")),
      nextYearPlan: shortText(5000).check(z.describe("Next year's plan (下一年度计划)")),
    })
    .register(z.globalRegistry, { id: 'FileAnnualReportInput' }),
);
export type FileAnnualReportInput = z.infer<typeof FileAnnualReportInput>;

export const AnnualReportOrgPath = /* @__PURE__ */ z.lazy(() => z.strictObject({ orgId: id }));
export const AnnualReportPath = /* @__PURE__ */ z.lazy(() =>
  z.strictObject({ orgId: id, year: programYearText }),
);

export const AnnualReport = /* @__PURE__ */ z.lazy(() =>
  z
    .object({
      orgId: id,
      orgName: z.string().check(z.describe("The base's name when it filed the report")),
      year: z.int(),
      summary: z.string(),
      nextYearPlan: z.string(),
      dueDate: calendarDate.check(z.describe('10 December of the year')),
      submittedAt: instant,
      submittedBy: z.string(),
      lateDays: z.int().check(z.gte(0), z.describe('Beijing days after the due date; 0 when on time')),
    })
    .register(z.globalRegistry, { id: 'AnnualReport' }),
);
export type AnnualReport = z.infer<typeof AnnualReport>;

/** A report as stored: those filed before names were kept beside ids lack `orgName` (./names). */
export const StoredAnnualReport = /* @__PURE__ */ z.lazy(() =>
  z.extend(built(AnnualReport), { orgName: z.optional(z.string()) }),
);
export type StoredAnnualReport = z.infer<typeof StoredAnnualReport>;
