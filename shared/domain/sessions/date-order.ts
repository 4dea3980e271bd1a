import type { SessionMode } from './kinds';

/** The order of a session's dates, checked on creation and again after every edit. */
export interface SessionDates {
  startDate: string;
  endDate: string;
  registrationDeadline: string;
  mode: SessionMode;
}

/**
 * registrationDeadline ≤ startDate ≤ endDate, each violation naming its field. Online sessions
 * enrol on a rolling basis: their deadline may fall on any day up to the end date.
 */
export function sessionDateIssues(dates: SessionDates): { path: string[]; message: string }[] {
  const issues: { path: string[]; message: string }[] = [];
  if (dates.mode === 'online' && dates.registrationDeadline > dates.endDate) {
    issues.push({
      path: ['registrationDeadline'],
      message: 'The registration deadline of an online session must be on or before the end date',
    });
  }
  if (dates.mode !== 'online' && dates.registrationDeadline > dates.startDate) {
    issues.push({
      path: ['registrationDeadline'],
      message: 'The registration deadline must be on or before the start date',
    });
  }
  if (dates.endDate < dates.startDate) {
    issues.push({ path: ['endDate'], message: 'The end date must be on or after the start date' });
  }
  return issues;
}
