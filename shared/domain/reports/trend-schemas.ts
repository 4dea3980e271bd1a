/** The shapes of `GET /reports/trend`: its query and its answer (./trend.ts builds it). */
import * as z from 'zod/mini';
import { instant, issuesBy, programYearText } from '../common';
import { NOTICE_PERIOD, trendRangeIssues } from './trend';

export const TrendQuery = /* @__PURE__ */ z.lazy(() =>
  z
    .strictObject({
      from: z
        ._default(programYearText, NOTICE_PERIOD.from)
        .check(z.describe(`First year, ${NOTICE_PERIOD.from} unless given`)),
      to: z
        ._default(programYearText, NOTICE_PERIOD.to)
        .check(
          z.describe(
            `Last year (inclusive), ${NOTICE_PERIOD.to} unless given; at most 10 years from \`from\``,
          ),
        ),
    })
    .check(issuesBy(trendRangeIssues))
    .register(z.globalRegistry, { id: 'TrendQuery' }),
);
export type TrendQuery = z.infer<typeof TrendQuery>;

const count = (what: string) => z.int().check(z.describe(what));

export const SeminarProgress = /* @__PURE__ */ z.lazy(() =>
  z
    .object({
      sessions: count('Sessions of 研修培训项目 (seminar) plans held in the year'),
      trainees: count('Trainees who completed them'),
      targetSessions: count('The yearly target of sessions: about 20 (configurable)'),
      targetTrainees: count('The yearly target of trainees: about 1,000 (configurable)'),
    })
    .register(z.globalRegistry, { id: 'SeminarProgress' }),
);

export const TrendYear = /* @__PURE__ */ z.lazy(() =>
  z
    .object({
      year: z.int(),
      compiled: z
        .boolean()
        .check(
          z.describe("False while the year's report was never compiled (or the year has not begun): zeros"),
        ),
      generatedAt: z
        .nullable(instant)
        .check(z.describe("When the year's report was compiled: the figures are as of then; null when not")),
      plansPublished: count('Published plans of the year'),
      sessionsHeld: count('Sessions with at least one result recorded'),
      traineesCompleted: count('Trainees who passed'),
      creditHours: z.number().check(z.describe('Credit hours awarded')),
      certificatesIssued: z.int(),
      basesEvaluated: count("Bases that served in the year (none in a department's scope)"),
      basesMeetingMinimum: count('Of them, those that trained their yearly minimum'),
      seminars: SeminarProgress,
    })
    .register(z.globalRegistry, { id: 'TrendYear' }),
);

export const Trend = /* @__PURE__ */ z.lazy(() =>
  z
    .object({
      from: z.int(),
      to: z.int(),
      scope: z.string().check(z.describe("`all` for admin; a department's id for its own plans")),
      years: z.array(TrendYear).check(z.describe('One entry per year from `from` to `to`, in order')),
    })
    .register(z.globalRegistry, { id: 'ReportTrend' }),
);
