import * as z from 'zod/mini';
import { ANNUAL_REPORT_STATUSES } from '../annual-reports/statuses';
import { id, instant, programYearText } from '../common';
import { BASE_LEVELS } from '../organizations/kinds';
import { CATEGORIES, PROJECTS } from '../plans/catalog';
import { FLAG_KINDS } from './flag-kinds';

export const ReportYearPath = /* @__PURE__ */ z.lazy(() => z.strictObject({ year: programYearText }));

/**
 * All sessions, held or not, dated within the plan's year. Reports compiled before this figure
 * existed are read with 0 (their `sessionsHeld` counted every session then).
 */
const sessionsCreated = () =>
  z._default(z.int(), 0).check(z.describe('Sessions created in the plans, whether held or not'));

/** The figures counted for any cut of the program (a project, a city, a department, the whole). */
export const Figures = /* @__PURE__ */ z.lazy(() =>
  z
    .object({
      plans: z.int().check(z.describe('Published plans')),
      plannedSessions: z.int(),
      sessionsHeld: z.int().check(z.describe('Sessions with at least one result recorded')),
      sessionsCreated: /* @__PURE__ */ sessionsCreated(),
      plannedTrainees: z.int(),
      confirmed: z.int().check(z.describe('Registrations holding a seat (not cancelled)')),
      completed: z.int().check(z.describe('Trainees who passed: the trained')),
      failed: z.int(),
      creditHours: z.number().check(z.describe('Credit hours awarded')),
      certificatesIssued: z.int(),
      certificatesRevoked: z.int(),
      subsidyCapFen: z.int(),
      spentFen: z.int(),
      reimbursableFen: z.int(),
    })
    .register(z.globalRegistry, { id: 'ReportFigures' }),
);
export type Figures = z.infer<typeof Figures>;

const group = <K extends z.ZodMiniType>(key: K) => z.array(z.object({ key, figures: Figures }));

/**
 * Optional only for reports compiled before names were shown: every compilation since writes it
 * (compiling the year again brings an old report's names in).
 */
const nameOf = (what: string) => z.optional(z.string()).check(z.describe(what));

/** The plans by co-organizing department: `key` the department's id (`none` without one). */
const departmentGroups = () =>
  z.array(
    z.object({
      key: z.string().check(z.describe("The department's organization id; `none` for plans without one")),
      name: nameOf("The department's name; 无主管部门 for the plans without one"),
      figures: Figures,
    }),
  );

export const BaseEvaluation = /* @__PURE__ */ z.lazy(() =>
  z.object({
    orgId: id,
    name: z.string(),
    city: z.string(),
    level: z.enum(BASE_LEVELS),
    status: z.string(),
    trained: z.int().check(z.describe('Trainees who completed training at the base this year')),
    minimum: z.int().check(z.describe('National 2,000, regional 1,000 (configurable)')),
    meetsMinimum: z.boolean(),
    annualReportFiled: z.boolean(),
    lateDays: z.nullable(z.int()).check(z.describe('Days late, 0 on time, null when not filed')),
    annualReportStatus: z.optional(
      z
        .nullable(z.enum(ANNUAL_REPORT_STATUSES))
        .check(
          z.describe(
            'Where the annual report is in its review; null when not filed (absent from reports compiled before)',
          ),
        ),
    ),
  }),
);
export type BaseEvaluation = z.infer<typeof BaseEvaluation>;

export const PlanEvaluation = /* @__PURE__ */ z.lazy(() =>
  z.object({
    planId: id,
    title: z.string(),
    project: z.enum(PROJECTS),
    category: z.enum(CATEGORIES),
    hostOrgId: id,
    hostName: nameOf("The host organization's name when the report was compiled"),
    hostCity: z
      .optional(z.string())
      .check(
        z.describe(
          "The host organization's city when the report was compiled (its `byCity` group); absent when the host is unknown and in reports compiled before",
        ),
      ),
    departmentId: z.optional(id),
    departmentName: nameOf("The co-organizing department's name when the report was compiled"),
    plannedSessions: z.int(),
    sessionsHeld: z.int().check(z.describe('Sessions with at least one result recorded')),
    sessionsCreated: /* @__PURE__ */ sessionsCreated(),
    plannedTrainees: z.int(),
    trained: z.int(),
    subsidyCapFen: z.int(),
    spentFen: z.int(),
    overCap: z.boolean().check(z.describe('Spending beyond the subsidy cap (the host bears the excess)')),
  }),
);
export type PlanEvaluation = z.infer<typeof PlanEvaluation>;

/** The figures behind each kind of flag, for machines; `detail` says them in Chinese. */
export interface FlagMeasuresByKind {
  'base-below-minimum': { trained: number; minimum: number };
  'annual-report-missing': Record<string, never>;
  'annual-report-late': { lateDays: number };
  'plan-over-cap': { spentFen: number; subsidyCapFen: number };
  'plan-sessions-short': { sessionsHeld: number; plannedSessions: number };
}

const FlagMeasures = /* @__PURE__ */ z.lazy(() =>
  z
    .object({
      trained: z.optional(z.int()),
      minimum: z.optional(z.int()),
      lateDays: z.optional(z.int()),
      spentFen: z.optional(z.int()),
      subsidyCapFen: z.optional(z.int()),
      sessionsHeld: z.optional(z.int()),
      plannedSessions: z.optional(z.int()),
    })
    .check(
      z.describe(
        'The figures behind the flag, by kind: base-below-minimum trained, minimum; annual-report-late lateDays; plan-over-cap spentFen, subsidyCapFen; plan-sessions-short sessionsHeld, plannedSessions',
      ),
    )
    .register(z.globalRegistry, { id: 'ReportFlagMeasures' }),
);

export const Flag = /* @__PURE__ */ z.lazy(() =>
  z.object({
    kind: z.enum(FLAG_KINDS),
    subjectType: z.enum(['base', 'plan']),
    subjectId: id,
    subjectName: z.string(),
    detail: z.string().check(z.describe('What the flag means, in Chinese, with its figures')),
    measures: z.optional(FlagMeasures).check(z.describe('Absent in reports compiled before measures')),
  }),
);
export type Flag = z.infer<typeof Flag>;

export const Change = /* @__PURE__ */ z.lazy(() =>
  z
    .object({
      previousYear: z.int(),
      completed: z.int().check(z.describe('This year minus last year')),
      creditHours: z.number(),
      sessionsHeld: z.int(),
      spentFen: z.int(),
    })
    .register(z.globalRegistry, { id: 'ReportChange' }),
);

export const YearReport = /* @__PURE__ */ z.lazy(() =>
  z
    .object({
      year: z.int(),
      generatedAt: instant,
      countsAppliedThrough: z
        .optional(z.nullable(instant))
        .check(
          z.describe(
            'How fresh the counters are: the write time of the newest change of a registration they hold (the counters follow the registrations by a stream); null when none was counted yet; absent from reports compiled before',
          ),
        ),
      /** `all` for the program office; a department's id, or `city:<city>` for a city bureau's cut. */
      scope: z
        .string()
        .check(z.describe("`all`; a department's id for its cut; `city:<city>` for a city bureau's cut")),
      totals: Figures,
      byProject: group(z.enum(PROJECTS)),
      byCategory: group(z.enum(CATEGORIES)),
      byCity: group(z.string()),
      byDepartment: departmentGroups(),
      bases: z.array(BaseEvaluation),
      plans: z.array(PlanEvaluation),
      flags: z.array(Flag),
      changeFromLastYear: z.nullable(Change),
    })
    .register(z.globalRegistry, { id: 'YearReport' }),
);
export type YearReport = z.infer<typeof YearReport>;
