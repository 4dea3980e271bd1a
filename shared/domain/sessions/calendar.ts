/**
 * When a session may be dated: within its plan's year (a plan is funded, counted and reported in
 * one year, so its sessions are held in it), and, when it is created, with a deadline still ahead.
 */
import { aboutField } from '#shared/i18n/field-labels';
import * as MESSAGES from '#shared/i18n/messages';
import { beijingDate, yearOf } from '../dates';
import { type ErrorDetail, unprocessable } from '../errors';

/** Throws 422 SESSION_OUTSIDE_PLAN_YEAR naming each date given that falls outside `planYear`. */
export function assertWithinPlanYear(
  planYear: number,
  dates: { startDate?: string | undefined; endDate?: string | undefined },
): void {
  const outside: ErrorDetail[] = (['startDate', 'endDate'] as const)
    .filter((field) => dates[field] !== undefined && yearOf(dates[field]) !== planYear)
    .map((field) => ({
      field,
      message: aboutField(field, MESSAGES.sessions.inPlanYear(planYear)),
      planYear,
    }));
  if (outside.length > 0) {
    throw unprocessable('SESSION_OUTSIDE_PLAN_YEAR', MESSAGES.sessions.outsidePlanYear(planYear), outside);
  }
}

/** Throws 422 DEADLINE_PASSED when the deadline is before today (Beijing); today itself is fine. */
export function assertDeadlineAhead(registrationDeadline: string, now: Date): void {
  const today = beijingDate(now);
  if (registrationDeadline < today) {
    throw unprocessable('DEADLINE_PASSED', MESSAGES.sessions.deadlinePassed(registrationDeadline), [
      {
        field: 'registrationDeadline',
        message: aboutField('registrationDeadline', MESSAGES.sessions.todayOrLater()),
        today,
      },
    ]);
  }
}
