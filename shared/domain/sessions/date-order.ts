import * as MESSAGES from '#shared/i18n/messages';
import type { Text } from '#shared/i18n/text';
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
export function sessionDateIssues(dates: SessionDates): { path: string[]; message: Text }[] {
  const issues: { path: string[]; message: Text }[] = [];
  if (dates.mode === 'online' && dates.registrationDeadline > dates.endDate) {
    issues.push({ path: ['registrationDeadline'], message: MESSAGES.sessions.onlineDeadlineAfterEnd() });
  }
  if (dates.mode !== 'online' && dates.registrationDeadline > dates.startDate) {
    issues.push({ path: ['registrationDeadline'], message: MESSAGES.sessions.deadlineAfterStart() });
  }
  if (dates.endDate < dates.startDate) {
    issues.push({ path: ['endDate'], message: MESSAGES.sessions.endBeforeStart() });
  }
  return issues;
}
