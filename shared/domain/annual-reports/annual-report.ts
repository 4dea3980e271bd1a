/**
 * Rules for bases' annual reports (docs/domain-rules.md: every year before 10 December each base submits its
 * execution summary for the year and its plan for the next). A report is filed once per base and
 * year; filing late is allowed but the delay is recorded in Beijing days, counted from the first
 * filing: amending after a return (./workflow) does not make a report later.
 */
import { aboutField } from '#shared/i18n/field-labels';
import * as MESSAGES from '#shared/i18n/messages';
import { type Actor, actsAs } from '../actor';
import { beijingDate, daysBetween, yearOf } from '../dates';
import { forbidden, notFound, unprocessable } from '../errors';
import type { Organization } from '../organizations/schemas';
import { actorName } from '../plans/names';
import type {
  AmendAnnualReportInput,
  AnnualReport,
  AnnualReportHistoryEntry,
  FileAnnualReportInput,
} from './schemas';
import { assertAmendable } from './workflow';

/** 10 December of `year`, a Beijing date. */
export const annualReportDueDate = (year: number): string => `${year}-12-10`;

/** Whole Beijing days after the due date at `now`; 0 on or before it. */
export function annualReportLateDays(year: number, now: Date): number {
  return Math.max(0, daysBetween(annualReportDueDate(year), beijingDate(now)));
}

/** Only the host user of the base itself files its report (not admin, not another base). */
export function mayFileAnnualReport(actor: Actor, orgId: string): boolean {
  return actsAs(actor, 'host') && actor.orgId === orgId;
}

/** The department user of the base's managing department (the report's first reviewer). */
export function managesBase(actor: Actor, managingDepartmentId: string | undefined): boolean {
  return actsAs(actor, 'department') && actor.orgId !== undefined && actor.orgId === managingDepartmentId;
}

/** Admin reads every base's reports; a base's host its own; a managing department its bases'. */
export function mayReadAnnualReport(actor: Actor, orgId: string, managingDepartmentId?: string): boolean {
  return (
    actsAs(actor, 'admin') ||
    (actsAs(actor, 'host') && actor.orgId === orgId) ||
    managesBase(actor, managingDepartmentId)
  );
}

/** The base's managing department as the report carries it (its first reviewer), if it has one. */
export const managingDepartmentOf = (org: Organization) =>
  org.managingDepartmentId
    ? {
        managingDepartmentId: org.managingDepartmentId,
        managingDepartmentName: org.managingDepartmentName ?? org.managingDepartmentId,
      }
    : {};

const step = (
  action: AnnualReportHistoryEntry['action'],
  actor: Actor,
  now: Date,
): AnnualReportHistoryEntry => ({
  action,
  status: 'submitted',
  by: actor.userId,
  byName: actorName(actor),
  at: now.toISOString(),
});

/** Refusals shared by filing and amending: who, which organization, and whether it still serves. */
function assertBaseMayFile(actor: Actor, orgId: string, org: Organization | undefined): Organization {
  if (!mayFileAnnualReport(actor, orgId)) {
    throw forbidden(MESSAGES.annualReports.onlyTheBaseFiles());
  }
  if (!org) throw notFound(MESSAGES.organizations.notFound(orgId));
  if (org.kind !== 'base') {
    throw unprocessable('NOT_A_BASE', MESSAGES.annualReports.notABase(orgId, org.kind));
  }
  if (org.status === 'exited') {
    throw unprocessable('BASE_EXITED', MESSAGES.annualReports.baseExited(orgId));
  }
  return org;
}

export interface AnnualReportFiling {
  /** The organization in the path; `org` is what the store holds under it, if anything. */
  orgId: string;
  org: Organization | undefined;
  input: FileAnnualReportInput;
  actor: Actor;
  now: Date;
}

/**
 * The report `actor` files for `orgId`, or the refusal. Who may file is decided before whether the
 * organization exists, so a stranger learns nothing about other organizations.
 */
export function newAnnualReport({ orgId, org, input, actor, now }: AnnualReportFiling): AnnualReport {
  const base = assertBaseMayFile(actor, orgId, org);
  const today = beijingDate(now);
  if (input.year > yearOf(today)) {
    throw unprocessable('YEAR_NOT_STARTED', MESSAGES.annualReports.yearNotStarted(input.year, today), [
      { field: 'year', message: aboutField('year', MESSAGES.annualReports.currentOrPastYear()) },
    ]);
  }
  return {
    orgId,
    orgName: base.name,
    year: input.year,
    summary: input.summary,
    nextYearPlan: input.nextYearPlan,
    dueDate: annualReportDueDate(input.year),
    submittedAt: now.toISOString(),
    submittedBy: actor.userId,
    lastSubmittedAt: now.toISOString(),
    lateDays: annualReportLateDays(input.year, now),
    status: 'submitted',
    ...managingDepartmentOf(base),
    history: [step('filed', actor, now)],
    version: 1,
  };
}

export interface AnnualReportAmendment {
  orgId: string;
  year: number;
  org: Organization | undefined;
  /** The report as stored, if the base filed one for the year. */
  report: AnnualReport | undefined;
  input: AmendAnnualReportInput;
  actor: Actor;
  now: Date;
}

/**
 * The report with the base's new content, submitted again for review: while nobody has reviewed
 * it yet or after a return. Its lateness stays that of the first filing (`submittedAt`); the base's
 * managing department as of now is its first reviewer.
 */
export function amendAnnualReport({
  orgId,
  year,
  org,
  report,
  input,
  actor,
  now,
}: AnnualReportAmendment): AnnualReport {
  const base = assertBaseMayFile(actor, orgId, org);
  if (!report) throw notFound(MESSAGES.annualReports.notFound(orgId, year));
  assertAmendable(report.status);
  const { managingDepartmentId: _id, managingDepartmentName: _name, ...unmanaged } = report;
  return {
    ...unmanaged,
    summary: input.summary,
    nextYearPlan: input.nextYearPlan,
    lastSubmittedAt: now.toISOString(),
    status: 'submitted',
    ...managingDepartmentOf(base),
    history: [...report.history, step('amended', actor, now)],
    version: report.version + 1,
  };
}

/**
 * The report if the caller may read it; a report the caller may not see is answered like one that
 * was never filed (404), so nobody learns which bases have filed.
 */
export function readableAnnualReport(
  actor: Actor,
  orgId: string,
  year: number,
  report: AnnualReport | undefined,
): AnnualReport {
  if (!report || !mayReadAnnualReport(actor, orgId, report.managingDepartmentId)) {
    throw notFound(MESSAGES.annualReports.notFound(orgId, year));
  }
  return report;
}
