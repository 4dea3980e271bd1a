import * as z from 'zod';
import { id, instant, programYearText } from '../common';
import { BASE_LEVELS } from '../organizations/schemas';
import { CATEGORIES, PROJECTS } from '../plans/catalog';

export const ReportYearPath = z.strictObject({ year: programYearText });

/** The figures counted for any cut of the program (a project, a city, a department, the whole). */
export const Figures = z
  .object({
    plans: z.int().describe('Published plans'),
    plannedSessions: z.int(),
    sessionsHeld: z.int(),
    plannedTrainees: z.int(),
    confirmed: z.int().describe('Registrations holding a seat (not cancelled)'),
    completed: z.int().describe('Trainees who passed: the trained'),
    failed: z.int(),
    creditHours: z.number().describe('Credit hours awarded'),
    certificatesIssued: z.int(),
    certificatesRevoked: z.int(),
    subsidyCapFen: z.int(),
    spentFen: z.int(),
    reimbursableFen: z.int(),
  })
  .meta({ id: 'ReportFigures' });
export type Figures = z.infer<typeof Figures>;

const group = <K extends z.ZodType>(key: K) => z.array(z.object({ key, figures: Figures }));

export const BaseEvaluation = z.object({
  orgId: id,
  name: z.string(),
  city: z.string(),
  level: z.enum(BASE_LEVELS),
  status: z.string(),
  trained: z.int().describe('Trainees who completed training at the base this year'),
  minimum: z.int().describe('National 2,000, regional 1,000 (configurable)'),
  meetsMinimum: z.boolean(),
  annualReportFiled: z.boolean(),
  lateDays: z.int().nullable().describe('Days late, 0 on time, null when not filed'),
});
export type BaseEvaluation = z.infer<typeof BaseEvaluation>;

export const PlanEvaluation = z.object({
  planId: id,
  title: z.string(),
  project: z.enum(PROJECTS),
  category: z.enum(CATEGORIES),
  hostOrgId: id,
  departmentId: id.optional(),
  plannedSessions: z.int(),
  sessionsHeld: z.int(),
  plannedTrainees: z.int(),
  trained: z.int(),
  subsidyCapFen: z.int(),
  spentFen: z.int(),
  overCap: z.boolean().describe('Spending beyond the subsidy cap (the host bears the excess)'),
});
export type PlanEvaluation = z.infer<typeof PlanEvaluation>;

export const FLAG_KINDS = [
  'base-below-minimum',
  'annual-report-missing',
  'annual-report-late',
  'plan-over-cap',
  'plan-sessions-short',
] as const;

export const Flag = z.object({
  kind: z.enum(FLAG_KINDS),
  subjectType: z.enum(['base', 'plan']),
  subjectId: id,
  subjectName: z.string(),
  detail: z.string(),
});
export type Flag = z.infer<typeof Flag>;

export const Change = z
  .object({
    previousYear: z.int(),
    completed: z.int().describe('This year minus last year'),
    creditHours: z.number(),
    sessionsHeld: z.int(),
    spentFen: z.int(),
  })
  .meta({ id: 'ReportChange' });

export const YearReport = z
  .object({
    year: z.int(),
    generatedAt: instant,
    /** `all` for the program office; a department's id for a report cut to its scope. */
    scope: z.string(),
    totals: Figures,
    byProject: group(z.enum(PROJECTS)),
    byCategory: group(z.enum(CATEGORIES)),
    byCity: group(z.string()),
    byDepartment: group(z.string()),
    bases: z.array(BaseEvaluation),
    plans: z.array(PlanEvaluation),
    flags: z.array(Flag),
    changeFromLastYear: Change.nullable(),
  })
  .meta({ id: 'YearReport' });
export type YearReport = z.infer<typeof YearReport>;
