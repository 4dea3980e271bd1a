/**
 * Reviewing a base's annual report (./workflow): the base's managing department first, then the
 * program office. A caller who may not read the report is answered as if it did not exist (404),
 * like a read; a reviewer whose turn it is not gets a 409 that says whose it is.
 */
import * as MESSAGES from '#shared/i18n/messages';
import { type Actor, actsAs } from '../actor';
import { notFound } from '../errors';
import { actorName } from '../plans/names';
import { managesBase } from './annual-report';
import type { AnnualReport, ReviewAnnualReportInput } from './schemas';
import type { AnnualReportReviewer } from './statuses';
import { decisionOutcome, outOfTurn, turnOf } from './workflow';

/** Its managing department and the program office review a report; nobody else sees it. */
const mayReviewAtAll = (actor: Actor, report: AnnualReport) =>
  actsAs(actor, 'admin') || managesBase(actor, report.managingDepartmentId);

/** Whether `actor` is the reviewer whose turn it is on `report`. */
function mayActAs(actor: Actor, reviewer: AnnualReportReviewer, report: AnnualReport): boolean {
  return reviewer === 'admin' ? actsAs(actor, 'admin') : managesBase(actor, report.managingDepartmentId);
}

export interface AnnualReportReview {
  orgId: string;
  year: number;
  report: AnnualReport | undefined;
  input: ReviewAnnualReportInput;
  actor: Actor;
  now: Date;
}

/** The report after the decision of the reviewer whose turn it is, or the refusal. */
export function reviewAnnualReport({
  orgId,
  year,
  report,
  input,
  actor,
  now,
}: AnnualReportReview): AnnualReport {
  if (!report || !mayReviewAtAll(actor, report)) throw notFound(MESSAGES.annualReports.notFound(orgId, year));
  const turn = turnOf(report.status, report.managingDepartmentId !== undefined);
  if (turn !== 'department' && turn !== 'admin') throw outOfTurn(report.status, turn);
  if (!mayActAs(actor, turn, report)) throw outOfTurn(report.status, turn);
  const { status, action } = decisionOutcome(turn, input.decision);
  return {
    ...report,
    status,
    history: [
      ...report.history,
      {
        action,
        status,
        by: actor.userId,
        byName: actorName(actor),
        at: now.toISOString(),
        ...(input.comment ? { comment: input.comment } : {}),
      },
    ],
    version: report.version + 1,
  };
}
