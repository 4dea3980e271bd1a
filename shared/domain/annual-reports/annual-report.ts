/**
 * Rules for bases' annual reports (DOMAIN.md: every year before 10 December each base submits its
 * execution summary for the year and its plan for the next). A report is filed once per base and
 * year; filing late is allowed but the delay is recorded in Beijing days.
 */
import { aboutField } from '#shared/i18n/field-labels';
import * as MESSAGES from '#shared/i18n/messages';
import { type Actor, actsAs } from '../actor';
import { beijingDate, daysBetween, yearOf } from '../dates';
import { forbidden, notFound, unprocessable } from '../errors';
import type { Organization } from '../organizations/schemas';
import type { AnnualReport, FileAnnualReportInput } from './schemas';

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

/** Admin reads every base's reports; a base's host reads its own. */
export function mayReadAnnualReport(actor: Actor, orgId: string): boolean {
  return actsAs(actor, 'admin') || (actsAs(actor, 'host') && actor.orgId === orgId);
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
  const today = beijingDate(now);
  if (input.year > yearOf(today)) {
    throw unprocessable('YEAR_NOT_STARTED', MESSAGES.annualReports.yearNotStarted(input.year, today), [
      { field: 'year', message: aboutField('year', MESSAGES.annualReports.currentOrPastYear()) },
    ]);
  }
  return {
    orgId,
    orgName: org.name,
    year: input.year,
    summary: input.summary,
    nextYearPlan: input.nextYearPlan,
    dueDate: annualReportDueDate(input.year),
    submittedAt: now.toISOString(),
    submittedBy: actor.userId,
    lateDays: annualReportLateDays(input.year, now),
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
  if (!report || !mayReadAnnualReport(actor, orgId)) {
    throw notFound(MESSAGES.annualReports.notFound(orgId, year));
  }
  return report;
}
