/**
 * Compiling the year-end evaluation from what was counted at write time: the year's published
 * plans with their counters, the bases with theirs, and the bases' annual reports. Its cost
 * follows the number of plans and bases, never the number of trainees.
 */
import type { AnnualReport } from '../annual-reports/schemas';
import type { Organization } from '../organizations/schemas';
import { servedDuring } from '../organizations/status-history';
import type { Plan } from '../plans/schemas';
import type { BaseEvaluation, Figures, Flag, PlanEvaluation, YearReport } from './schemas';

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
  plans: readonly Plan[];
  planCounters: ReadonlyMap<string, YearCounters>;
  /** Every organization a plan or base refers to, by id. */
  organizations: ReadonlyMap<string, Organization>;
  /** Every base, whatever its status: those that served in the year are evaluated. */
  bases: readonly Organization[];
  baseCounters: ReadonlyMap<string, YearCounters>;
  annualReports: ReadonlyMap<string, AnnualReport>;
  minimums: BaseMinimums;
  lastYear?: YearReport | undefined;
}

export const NO_DEPARTMENT = 'none';

const zeroFigures = (): Figures => ({
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
  };
}

function evaluatePlan(plan: Plan, figures: Figures): PlanEvaluation {
  return {
    planId: plan.id,
    title: plan.title,
    project: plan.project,
    category: plan.category,
    hostOrgId: plan.hostOrgId,
    ...(plan.departmentId ? { departmentId: plan.departmentId } : {}),
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

/** What a reviewer must look at. */
function flagsOf(bases: readonly BaseEvaluation[], plans: readonly PlanEvaluation[]): Flag[] {
  const flags: Flag[] = [];
  for (const base of bases) {
    const subject = { subjectType: 'base' as const, subjectId: base.orgId, subjectName: base.name };
    if (!base.meetsMinimum) {
      flags.push({
        kind: 'base-below-minimum',
        ...subject,
        detail: `${base.trained} trained, minimum ${base.minimum}`,
      });
    }
    if (!base.annualReportFiled)
      flags.push({ kind: 'annual-report-missing', ...subject, detail: 'No annual report filed' });
    else if ((base.lateDays ?? 0) > 0) {
      flags.push({ kind: 'annual-report-late', ...subject, detail: `Filed ${base.lateDays} days late` });
    }
  }
  for (const plan of plans) {
    const subject = { subjectType: 'plan' as const, subjectId: plan.planId, subjectName: plan.title };
    if (plan.overCap) {
      flags.push({
        kind: 'plan-over-cap',
        ...subject,
        detail: `Spent ${plan.spentFen} fen against a cap of ${plan.subsidyCapFen} fen`,
      });
    }
    if (plan.sessionsHeld < plan.plannedSessions) {
      flags.push({
        kind: 'plan-sessions-short',
        ...subject,
        detail: `${plan.sessionsHeld} of ${plan.plannedSessions} planned sessions held`,
      });
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
  const plans = rows.map(({ plan, figures }) => evaluatePlan(plan, figures));
  // Every base that served at some time in the year, whatever its status today.
  const bases = inputs.bases
    .filter((base) => servedDuring(base, inputs.year))
    .map((base) => evaluateBase(base, inputs));
  const previous = inputs.lastYear?.totals;
  return {
    year: inputs.year,
    generatedAt: inputs.generatedAt.toISOString(),
    scope: 'all',
    totals,
    byProject: groupBy(rows.map(({ plan, figures }) => ({ key: plan.project, figures }))),
    byCategory: groupBy(rows.map(({ plan, figures }) => ({ key: plan.category, figures }))),
    byCity: groupBy(
      rows.map(({ plan, figures }) => ({
        key: inputs.organizations.get(plan.hostOrgId)?.city ?? 'unknown',
        figures,
      })),
    ),
    byDepartment: groupBy(
      rows.map(({ plan, figures }) => ({ key: plan.departmentId ?? NO_DEPARTMENT, figures })),
    ),
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
