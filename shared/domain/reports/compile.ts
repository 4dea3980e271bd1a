/**
 * Compiling the year-end evaluation from what was counted at write time: the year's published
 * plans with their counters, the bases with theirs, and the bases' annual reports. Its cost
 * follows the number of plans and bases, never the number of trainees.
 */
import { FLAG_DETAILS } from '#shared/i18n/flag-details';
import { NO_DEPARTMENT_LABEL } from '#shared/i18n/labels';
import type { AnnualReport } from '../annual-reports/schemas';
import type { Organization } from '../organizations/schemas';
import { servedDuring } from '../organizations/status-history';
import type { Plan } from '../plans/schemas';
import type { FlagKind } from './flag-kinds';
import type {
  BaseEvaluation,
  Figures,
  Flag,
  FlagMeasuresByKind,
  PlanEvaluation,
  YearReport,
} from './schemas';

/** The counters kept per plan and per organization for a year. */
export interface YearCounters {
  /** Sessions created. */
  sessions: number;
  /** Sessions with at least one result recorded. */
  held: number;
  confirmed: number;
  completed: number;
  failed: number;
  hours: number;
  certificates: number;
  revoked: number;
}

export interface BaseMinimums {
  national: number;
  regional: number;
}

export const DEFAULT_BASE_MINIMUMS: BaseMinimums = { national: 2000, regional: 1000 };

export interface ReportInputs {
  year: number;
  generatedAt: Date;
  /**
   * The write time of the newest change of a registration the counters hold: they follow the
   * registrations by a stream (functions/counters), so a report says how fresh they are.
   */
  countsAppliedThrough?: Date | undefined;
  plans: readonly Plan[];
  planCounters: ReadonlyMap<string, YearCounters>;
  /**
   * Every organization a plan refers to (host, department), by id: the report names them as they
   * are called when it is compiled; a plan's own stored names stand in for any missing here.
   */
  organizations: ReadonlyMap<string, Organization>;
  /** Every base, whatever its status: those that served in the year are evaluated. */
  bases: readonly Organization[];
  baseCounters: ReadonlyMap<string, YearCounters>;
  annualReports: ReadonlyMap<string, AnnualReport>;
  minimums: BaseMinimums;
  lastYear?: YearReport | undefined;
}

export const NO_DEPARTMENT = 'none';

export const zeroFigures = (): Figures => ({
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
});

function planFigures(plan: Plan, counters: YearCounters | undefined): Figures {
  return {
    plans: 1,
    plannedSessions: plan.plannedSessions,
    sessionsHeld: counters?.held ?? 0,
    sessionsCreated: counters?.sessions ?? 0,
    plannedTrainees: plan.plannedTrainees,
    confirmed: counters?.confirmed ?? 0,
    completed: counters?.completed ?? 0,
    failed: counters?.failed ?? 0,
    creditHours: counters?.hours ?? 0,
    certificatesIssued: counters?.certificates ?? 0,
    certificatesRevoked: counters?.revoked ?? 0,
    subsidyCapFen: plan.budget.subsidyCapFen,
    spentFen: plan.spentFen,
    reimbursableFen: plan.reimbursableFen,
  };
}

function add(into: Figures, figures: Figures): void {
  for (const key of Object.keys(into) as (keyof Figures)[]) into[key] += figures[key];
  // Half hours add up without float noise.
  into.creditHours = Math.round(into.creditHours * 100) / 100;
}

function groupBy<K extends string>(rows: readonly { key: K; figures: Figures }[]) {
  const groups = new Map<K, Figures>();
  for (const row of rows) {
    const figures = groups.get(row.key) ?? zeroFigures();
    add(figures, row.figures);
    groups.set(row.key, figures);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, figures]) => ({ key, figures }));
}

function evaluateBase(base: Organization, inputs: ReportInputs): BaseEvaluation {
  const trained = inputs.baseCounters.get(base.id)?.completed ?? 0;
  const minimum = base.level === 'national' ? inputs.minimums.national : inputs.minimums.regional;
  const report = inputs.annualReports.get(base.id);
  return {
    orgId: base.id,
    name: base.name,
    city: base.city,
    level: base.level ?? 'regional',
    status: base.status,
    trained,
    minimum,
    meetsMinimum: trained >= minimum,
    annualReportFiled: report !== undefined,
    lateDays: report ? report.lateDays : null,
    annualReportStatus: report ? report.status : null,
  };
}

const hostNameOf = (plan: Plan, inputs: ReportInputs) =>
  inputs.organizations.get(plan.hostOrgId)?.name ?? plan.hostName;

/** The host's city, the key of the plan's `byCity` group; undefined where the host is unknown. */
const hostCityOf = (plan: Plan, inputs: ReportInputs) => inputs.organizations.get(plan.hostOrgId)?.city;

function departmentNameOf(plan: Plan, inputs: ReportInputs): string {
  if (!plan.departmentId) return NO_DEPARTMENT_LABEL;
  return inputs.organizations.get(plan.departmentId)?.name ?? plan.departmentName ?? plan.departmentId;
}

function evaluatePlan(plan: Plan, figures: Figures, inputs: ReportInputs): PlanEvaluation {
  const hostCity = hostCityOf(plan, inputs);
  return {
    planId: plan.id,
    title: plan.title,
    project: plan.project,
    category: plan.category,
    hostOrgId: plan.hostOrgId,
    hostName: hostNameOf(plan, inputs),
    ...(hostCity !== undefined ? { hostCity } : {}),
    ...(plan.departmentId
      ? { departmentId: plan.departmentId, departmentName: departmentNameOf(plan, inputs) }
      : {}),
    plannedSessions: plan.plannedSessions,
    sessionsHeld: figures.sessionsHeld,
    sessionsCreated: figures.sessionsCreated,
    plannedTrainees: plan.plannedTrainees,
    trained: figures.completed,
    subsidyCapFen: plan.budget.subsidyCapFen,
    spentFen: plan.spentFen,
    overCap: plan.spentFen > plan.budget.subsidyCapFen,
  };
}

/** A flag of `kind`: its figures for machines and, from them, its Chinese sentence for people. */
function flag<K extends FlagKind>(
  kind: K,
  subject: Pick<Flag, 'subjectType' | 'subjectId' | 'subjectName'>,
  measures: FlagMeasuresByKind[K],
): Flag {
  return { kind, ...subject, detail: FLAG_DETAILS[kind](measures), measures };
}

/** What a reviewer must look at. */
function flagsOf(bases: readonly BaseEvaluation[], plans: readonly PlanEvaluation[]): Flag[] {
  const flags: Flag[] = [];
  for (const base of bases) {
    const subject = { subjectType: 'base' as const, subjectId: base.orgId, subjectName: base.name };
    if (!base.meetsMinimum) {
      flags.push(flag('base-below-minimum', subject, { trained: base.trained, minimum: base.minimum }));
    }
    if (!base.annualReportFiled) flags.push(flag('annual-report-missing', subject, {}));
    else if ((base.lateDays ?? 0) > 0) {
      flags.push(flag('annual-report-late', subject, { lateDays: base.lateDays ?? 0 }));
    }
  }
  for (const plan of plans) {
    const subject = { subjectType: 'plan' as const, subjectId: plan.planId, subjectName: plan.title };
    if (plan.overCap) {
      flags.push(
        flag('plan-over-cap', subject, { spentFen: plan.spentFen, subsidyCapFen: plan.subsidyCapFen }),
      );
    }
    if (plan.sessionsHeld < plan.plannedSessions) {
      flags.push(
        flag('plan-sessions-short', subject, {
          sessionsHeld: plan.sessionsHeld,
          plannedSessions: plan.plannedSessions,
        }),
      );
    }
  }
  return flags;
}

export function compileReport(inputs: ReportInputs): YearReport {
  const rows = inputs.plans.map((plan) => ({
    plan,
    figures: planFigures(plan, inputs.planCounters.get(plan.id)),
  }));
  const totals = zeroFigures();
  for (const row of rows) add(totals, row.figures);
  const plans = rows.map(({ plan, figures }) => evaluatePlan(plan, figures, inputs));
  const departmentNames = new Map(
    inputs.plans.map((plan) => [plan.departmentId ?? NO_DEPARTMENT, departmentNameOf(plan, inputs)]),
  );
  // Every base that served at some time in the year, whatever its status today.
  const bases = inputs.bases
    .filter((base) => servedDuring(base, inputs.year))
    .map((base) => evaluateBase(base, inputs));
  const previous = inputs.lastYear?.totals;
  return {
    year: inputs.year,
    generatedAt: inputs.generatedAt.toISOString(),
    countsAppliedThrough: inputs.countsAppliedThrough?.toISOString() ?? null,
    scope: 'all',
    totals,
    byProject: groupBy(rows.map(({ plan, figures }) => ({ key: plan.project, figures }))),
    byCategory: groupBy(rows.map(({ plan, figures }) => ({ key: plan.category, figures }))),
    byCity: groupBy(
      rows.map(({ plan, figures }) => ({
        key: hostCityOf(plan, inputs) ?? 'unknown',
        figures,
      })),
    ),
    byDepartment: groupBy(
      rows.map(({ plan, figures }) => ({ key: plan.departmentId ?? NO_DEPARTMENT, figures })),
    ).map(({ key, figures }) => ({ key, name: departmentNames.get(key) ?? key, figures })),
    bases,
    plans,
    flags: flagsOf(bases, plans),
    changeFromLastYear:
      previous && inputs.lastYear
        ? {
            previousYear: inputs.lastYear.year,
            completed: totals.completed - previous.completed,
            creditHours: Math.round((totals.creditHours - previous.creditHours) * 100) / 100,
            sessionsHeld: totals.sessionsHeld - previous.sessionsHeld,
            spentFen: totals.spentFen - previous.spentFen,
          }
        : null,
  };
}

/**
 * A department's cut of the report: its own plans, and the figures recomputed over them; bases
 * are the program office's to evaluate.
 */
export function departmentScope(report: YearReport, departmentId: string): YearReport {
  const plans = report.plans.filter((plan) => plan.departmentId === departmentId);
  const planIds = new Set(plans.map((plan) => plan.planId));
  return {
    ...report,
    scope: departmentId,
    totals: report.byDepartment.find((group) => group.key === departmentId)?.figures ?? zeroFigures(),
    byProject: [],
    byCategory: [],
    byCity: [],
    byDepartment: report.byDepartment.filter((group) => group.key === departmentId),
    bases: [],
    plans,
    flags: report.flags.filter((flag) => flag.subjectType === 'plan' && planIds.has(flag.subjectId)),
    changeFromLastYear: null,
  };
}
