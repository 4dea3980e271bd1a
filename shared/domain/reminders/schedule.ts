/**
 * When each reminder is due (issue 6), in one place. Session reminders are written as due items
 * when a session is written; the yearly ones (bases' annual reports, credit hours) follow the
 * calendar. All dates are Beijing dates.
 */
import { daysBetween, shiftDate } from '../dates';
import type { Session } from '../sessions/schemas';

export const REMINDER_OFFSETS = {
  /** Confirmed trainees: days before the session starts. */
  sessionStartDaysBefore: [3, 1],
  /** Waitlisted trainees: days before the registration deadline. */
  waitlistDeadlineDaysBefore: [1],
  /** Hosts: days after the end date while results are missing. */
  resultsOverdueDaysAfter: 7,
  /** Bases: days before the annual report's due date (10 December). */
  annualReportDaysBefore: [30, 7, 1],
  /** Bases and admin: days after the due date, while the report is missing. */
  annualReportOverdueDaysAfter: 1,
  /** Trainees below the yearly requirement: these days of the year (MM-DD). */
  creditShortfallOn: ['11-01', '12-01'],
} as const;

export const ANNUAL_REPORT_DUE = '12-10';

export const SESSION_REMINDER_KINDS = ['session-starting', 'waitlist-deadline', 'results-overdue'] as const;
export type SessionReminderKind = (typeof SESSION_REMINDER_KINDS)[number];

export interface DueItem {
  date: string;
  kind: SessionReminderKind;
  sessionId: string;
}

/** The days a session's reminders fall on: written beside the session, read back on the day. */
export function sessionDueItems(
  session: Pick<Session, 'id' | 'startDate' | 'endDate' | 'registrationDeadline'>,
): DueItem[] {
  return [
    ...REMINDER_OFFSETS.sessionStartDaysBefore.map((days) => ({
      date: shiftDate(session.startDate, -days),
      kind: 'session-starting' as const,
      sessionId: session.id,
    })),
    ...REMINDER_OFFSETS.waitlistDeadlineDaysBefore.map((days) => ({
      date: shiftDate(session.registrationDeadline, -days),
      kind: 'waitlist-deadline' as const,
      sessionId: session.id,
    })),
    {
      date: shiftDate(session.endDate, REMINDER_OFFSETS.resultsOverdueDaysAfter),
      kind: 'results-overdue' as const,
      sessionId: session.id,
    },
  ];
}

/**
 * Whether a due item still holds for the session as it is now: a session whose dates moved left
 * its old due items behind, and they must not fire. Returns the days before (or after) it counts.
 */
export function stillDue(kind: SessionReminderKind, session: Session, today: string): number | undefined {
  if (kind === 'session-starting') {
    const days = daysBetween(today, session.startDate);
    return (REMINDER_OFFSETS.sessionStartDaysBefore as readonly number[]).includes(days) ? days : undefined;
  }
  if (kind === 'waitlist-deadline') {
    const days = daysBetween(today, session.registrationDeadline);
    return (REMINDER_OFFSETS.waitlistDeadlineDaysBefore as readonly number[]).includes(days)
      ? days
      : undefined;
  }
  const days = daysBetween(session.endDate, today);
  return days === REMINDER_OFFSETS.resultsOverdueDaysAfter ? days : undefined;
}

export type CalendarReminder =
  | { kind: 'annual-report-due'; year: number; daysLeft: number }
  | { kind: 'annual-report-overdue'; year: number }
  | { kind: 'credit-shortfall'; year: number };

/** The yearly reminders that fall on `today`. */
export function calendarReminders(today: string): CalendarReminder[] {
  const year = Number(today.slice(0, 4));
  const due = `${year}-${ANNUAL_REPORT_DUE}`;
  const reminders: CalendarReminder[] = [];
  const daysLeft = daysBetween(today, due);
  if ((REMINDER_OFFSETS.annualReportDaysBefore as readonly number[]).includes(daysLeft)) {
    reminders.push({ kind: 'annual-report-due', year, daysLeft });
  }
  if (daysBetween(due, today) === REMINDER_OFFSETS.annualReportOverdueDaysAfter) {
    reminders.push({ kind: 'annual-report-overdue', year });
  }
  if ((REMINDER_OFFSETS.creditShortfallOn as readonly string[]).includes(today.slice(5))) {
    reminders.push({ kind: 'credit-shortfall', year });
  }
  return reminders;
}
