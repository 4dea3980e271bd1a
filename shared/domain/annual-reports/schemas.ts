import * as z from 'zod';
import { calendarDate, id, instant, programYear, programYearText, shortText } from '../common';

export const FileAnnualReportInput = z
  .strictObject({
    year: programYear.describe('The year the summary covers'),
    summary: shortText(5000).describe("The year's execution summary (年度执行情况总结)"),
    nextYearPlan: shortText(5000).describe("Next year's plan (下一年度计划)"),
  })
  .meta({ id: 'FileAnnualReportInput' });
export type FileAnnualReportInput = z.infer<typeof FileAnnualReportInput>;

export const AnnualReportOrgPath = z.strictObject({ orgId: id });
export const AnnualReportPath = z.strictObject({ orgId: id, year: programYearText });

export const AnnualReport = z
  .object({
    orgId: id,
    year: z.int(),
    summary: z.string(),
    nextYearPlan: z.string(),
    dueDate: calendarDate.describe('10 December of the year'),
    submittedAt: instant,
    submittedBy: z.string(),
    lateDays: z.int().min(0).describe('Beijing days after the due date; 0 when on time'),
  })
  .meta({ id: 'AnnualReport' });
export type AnnualReport = z.infer<typeof AnnualReport>;
