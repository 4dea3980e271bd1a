/** The order of a session's dates, checked on creation and again after every edit. */
export interface SessionDates {
  startDate: string;
  endDate: string;
  registrationDeadline: string;
}

/** registrationDeadline ≤ startDate ≤ endDate, each violation naming its field. */
export function sessionDateIssues(dates: SessionDates): { path: string[]; message: string }[] {
  const issues: { path: string[]; message: string }[] = [];
  if (dates.registrationDeadline > dates.startDate) {
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
