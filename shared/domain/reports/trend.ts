/**
 * The evaluation across years (the notice's mid-term check and its final evaluation in 2030):
 * each year's figures as its stored report states them, side by side, with the 研修培训项目
 * (project `seminar`) against the yearly target. Built from the years' compiled reports alone,
 * never from registrations, so a trend costs one report read per year.
 */
import * as MESSAGES from '#shared/i18n/messages';
import type { Text } from '#shared/i18n/text';
import { departmentScope } from './compile';
import type { YearReport } from './schemas';
import type { SeminarTargets } from './seminar-targets';

/**
 * The years a trend covers when the caller names none: the notice's period, from 2025 to the
 * full evaluation of 2030.
 */
export const NOTICE_PERIOD = { from: 2025, to: 2030 } as const;

/** The most years one trend reads: each is one stored report to fetch. */
export const MAX_TREND_YEARS = 10;

export interface TrendRange {
  from: number;
  to: number;
}

/** The range must run forward and span at most MAX_TREND_YEARS years; problems name `to`. */
export function trendRangeIssues(range: TrendRange): { path: string[]; message: Text }[] {
  if (range.to < range.from)
    return [{ path: ['to'], message: MESSAGES.evaluation.trendReversed(range.from) }];
  if (range.to - range.from + 1 > MAX_TREND_YEARS) {
    return [{ path: ['to'], message: MESSAGES.evaluation.trendTooLong(MAX_TREND_YEARS) }];
  }
  return [];
}

/** Every year of the range, in order. */
export const yearsOf = (range: TrendRange): number[] =>
  Array.from({ length: range.to - range.from + 1 }, (_, index) => range.from + index);

export interface SeminarProgress {
  /** Sessions of seminar plans held in the year (with a result recorded). */
  sessions: number;
  /** Trainees who completed a session of a seminar plan. */
  trainees: number;
  targetSessions: number;
  targetTrainees: number;
}

/**
 * The year's seminars as the report counts them, from its plans: a department's cut of a report
 * keeps its plans but not the groups by project, so the plans serve every scope alike.
 */
export function seminarFigures(report: Pick<YearReport, 'plans'>): { sessions: number; trainees: number } {
  const seminars = report.plans.filter((plan) => plan.project === 'seminar');
  return {
    sessions: seminars.reduce((sum, plan) => sum + plan.sessionsHeld, 0),
    trainees: seminars.reduce((sum, plan) => sum + plan.trained, 0),
  };
}

export const seminarProgress = (
  report: Pick<YearReport, 'plans'>,
  targets: SeminarTargets,
): SeminarProgress => ({
  ...seminarFigures(report),
  targetSessions: targets.sessions,
  targetTrainees: targets.trainees,
});

export interface TrendYear {
  year: number;
  /** False for a year nobody compiled yet (or not yet begun): its figures are zeros. */
  compiled: boolean;
  /** When the year's report was compiled: its figures are as of then. Null when not compiled. */
  generatedAt: string | null;
  plansPublished: number;
  sessionsHeld: number;
  traineesCompleted: number;
  creditHours: number;
  certificatesIssued: number;
  /** Bases evaluated in the year (every base that served in it): what the next figure is out of. */
  basesEvaluated: number;
  basesMeetingMinimum: number;
  seminars: SeminarProgress;
}

export interface Trend {
  from: number;
  to: number;
  /** `all` for the program office; a department's id for its own plans. */
  scope: string;
  years: TrendYear[];
}

function trendYear(year: number, report: YearReport | undefined, targets: SeminarTargets): TrendYear {
  if (!report) {
    return {
      year,
      compiled: false,
      generatedAt: null,
      plansPublished: 0,
      sessionsHeld: 0,
      traineesCompleted: 0,
      creditHours: 0,
      certificatesIssued: 0,
      basesEvaluated: 0,
      basesMeetingMinimum: 0,
      seminars: seminarProgress({ plans: [] }, targets),
    };
  }
  return {
    year,
    compiled: true,
    generatedAt: report.generatedAt,
    plansPublished: report.totals.plans,
    sessionsHeld: report.totals.sessionsHeld,
    traineesCompleted: report.totals.completed,
    creditHours: report.totals.creditHours,
    certificatesIssued: report.totals.certificatesIssued,
    basesEvaluated: report.bases.length,
    basesMeetingMinimum: report.bases.filter((base) => base.meetsMinimum).length,
    seminars: seminarProgress(report, targets),
  };
}

/**
 * The trend over `range` from each year's stored report (undefined for a year not compiled), cut
 * to `scope` as `GET /reports/{year}` cuts a year: a department sees its own plans and no bases.
 */
export function assembleTrend(
  range: TrendRange,
  reports: ReadonlyMap<number, YearReport | undefined>,
  scope: 'all' | string,
  targets: SeminarTargets,
): Trend {
  const years = yearsOf(range).map((year) => {
    const report = reports.get(year);
    const scoped = report && scope !== 'all' ? departmentScope(report, scope) : report;
    return trendYear(year, scoped, targets);
  });
  return { from: range.from, to: range.to, scope, years };
}
