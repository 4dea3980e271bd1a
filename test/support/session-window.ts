/**
 * Session dates counted from today that obey the calendar rules on any day of the year: a
 * session is held within its plan's year, and its registration deadline is today or later when
 * it is created. Tests take the plan's `year` from the window, never from today alone, so a
 * session ten days ahead on 24 December belongs to next year's plan.
 */
import { beijingDate, daysBetween, shiftDate, yearOf } from '#shared/domain/dates';

export interface SessionWindow {
  /** The plan's year: both `startDate` and `endDate` lie in it. */
  year: number;
  registrationDeadline: string;
  startDate: string;
  endDate: string;
}

/** Days from today: the deadline, the first day and the last day (the defaults: 5, 10, 11). */
export interface WindowShape {
  deadlineIn?: number;
  startIn?: number;
  endIn?: number;
}

/** Today's Beijing date, the date every window is counted from unless a test gives another. */
export const beijingToday = (): string => beijingDate(new Date());

function shaped(today: string, shape: WindowShape) {
  const { deadlineIn = 5, startIn = 10, endIn = 11 } = shape;
  if (deadlineIn < 0 || startIn > endIn) {
    throw new Error(
      `A session window needs a deadline from today and a start by its end: ${JSON.stringify(shape)}`,
    );
  }
  return {
    registrationDeadline: shiftDate(today, deadlineIn),
    startDate: shiftDate(today, startIn),
    endDate: shiftDate(today, endIn),
  };
}

/**
 * The session `shape` asks for. One that would straddle 31 December moves whole into next year,
 * its first day on 1 January: all three dates move together, so the gaps between them hold (a
 * reminder three days before the start is still three days before it) and the deadline only
 * gets later.
 */
export function sessionWindow(shape: WindowShape = {}, today: string = beijingToday()): SessionWindow {
  const dates = shaped(today, shape);
  const startYear = yearOf(dates.startDate);
  if (yearOf(dates.endDate) === startYear) return { year: startYear, ...dates };
  const shift = daysBetween(dates.startDate, `${startYear + 1}-01-01`);
  return {
    year: startYear + 1,
    registrationDeadline: shiftDate(dates.registrationDeadline, shift),
    startDate: shiftDate(dates.startDate, shift),
    endDate: shiftDate(dates.endDate, shift),
  };
}

/**
 * The session `shape` asks for, kept within today's year, for tests that need this year's
 * sessions (this year's report, a year that has begun): a date past 31 December is brought back
 * to it, so the order of the dates holds while gaps near the year's end may shrink.
 */
export function sessionWindowThisYear(
  shape: WindowShape = {},
  today: string = beijingToday(),
): SessionWindow {
  const dates = shaped(today, shape);
  const year = yearOf(today);
  const lastDay = `${year}-12-31`;
  const clamp = (date: string) => (date > lastDay ? lastDay : date);
  return {
    year,
    registrationDeadline: clamp(dates.registrationDeadline),
    startDate: clamp(dates.startDate),
    endDate: clamp(dates.endDate),
  };
}
