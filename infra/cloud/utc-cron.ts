/**
 * A job's Beijing-time cron (shared/jobs.ts) as the same instants in UTC, for EventBridge rules,
 * which have no time zone (the China profile; EventBridge Scheduler takes the zone itself).
 * Beijing is UTC+8 all year (no daylight saving), so every run moves eight hours back; a run
 * before 08:00 Beijing time falls on the previous UTC day, and the day, weekday, month and year
 * fields move with it. Only what can be moved exactly is converted: anything else throws, naming
 * the expression, so that a new job's schedule fails the synth instead of running at another time.
 */

/** Beijing's offset from UTC, in hours; China has kept no daylight saving time since 1991. */
export const BEIJING_UTC_OFFSET_HOURS = 8;

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const WEEKDAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

const isNumber = (field: string) => /^\d+$/.test(field);

function unsupported(cron: string, why: string): Error {
  return new Error(`Cannot move "${cron}" from Beijing time to UTC for an EventBridge rule: ${why}`);
}

/** The hours of the hour field, or undefined for `*` (every hour, the same in any zone). */
function hoursOf(field: string, cron: string): number[] | undefined {
  if (field === '*') return undefined;
  const hours = field.split(',').map((part) => {
    if (!isNumber(part)) throw unsupported(cron, `hour "${part}" is not a plain number (list them instead)`);
    const hour = Number(part);
    if (hour > 23) throw unsupported(cron, `hour ${hour} is not 0-23`);
    return hour;
  });
  return hours;
}

/** The weekday field one day earlier (Sunday = 1, as EventBridge numbers them). */
function previousWeekdays(field: string, cron: string): string {
  return field
    .split(',')
    .map((part) => {
      const index = isNumber(part) ? Number(part) - 1 : WEEKDAY_NAMES.indexOf(part.toUpperCase());
      if (index < 0 || index > 6)
        throw unsupported(cron, `day of week "${part}" is not one day (1-7 or SUN-SAT)`);
      return String(((index + 6) % 7) + 1);
    })
    .join(',');
}

/**
 * The day-of-month, month and year fields of the previous day. A plain day moves back one; the
 * first of a given month becomes the last day of the month before (and of the year before, in
 * January); every day stays every day.
 */
function previousDay(
  dayOfMonth: string,
  month: string,
  year: string,
  cron: string,
): [string, string, string] {
  if (dayOfMonth === '*' || dayOfMonth === '?') return [dayOfMonth, month, year];
  if (!isNumber(dayOfMonth)) throw unsupported(cron, `day of month "${dayOfMonth}" cannot move back a day`);
  const day = Number(dayOfMonth);
  if (day > 1) return [String(day - 1), month, year];
  if (!isNumber(month))
    throw unsupported(cron, 'the first of every month moves to month ends of different lengths');
  const previousMonth = Number(month) === 1 ? 12 : Number(month) - 1;
  const previousYear =
    Number(month) !== 1 || year === '*' ? year : isNumber(year) ? String(Number(year) - 1) : undefined;
  if (previousYear === undefined) throw unsupported(cron, `year "${year}" cannot move back a year`);
  // February's end moves with leap years: only a fixed length can be written as a number.
  if (previousMonth === 2) throw unsupported(cron, 'the first of March moves to the end of February');
  return [String(DAYS_IN_MONTH[previousMonth - 1]), String(previousMonth), previousYear];
}

/**
 * `cron` (six EventBridge fields, Beijing time) as the EventBridge cron of the same instants in
 * UTC. Minutes never change (the offset is whole hours).
 */
export function beijingCronToUtc(cron: string): string {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 6) throw unsupported(cron, 'it is not six fields');
  const [minute, hour, dayOfMonth, month, dayOfWeek, year] = fields as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const hours = hoursOf(hour, cron);
  if (hours === undefined) return fields.join(' ');

  const utcHours = hours.map((h) => h - BEIJING_UTC_OFFSET_HOURS);
  const wrapped = utcHours.filter((h) => h < 0).length;
  // One rule has one day field: a list with hours on both sides of UTC midnight would need two.
  if (wrapped > 0 && wrapped < utcHours.length)
    throw unsupported(cron, 'its hours fall on two different UTC days (split the job into two schedules)');
  const utcHour = utcHours.map((h) => (h + 24) % 24).join(',');
  if (wrapped === 0) return [minute, utcHour, dayOfMonth, month, dayOfWeek, year].join(' ');

  const everyDay = (dayOfMonth === '*' || dayOfMonth === '?') && (dayOfWeek === '*' || dayOfWeek === '?');
  if (everyDay) return [minute, utcHour, dayOfMonth, month, dayOfWeek, year].join(' ');
  if (dayOfWeek !== '?' && dayOfWeek !== '*') {
    if (dayOfMonth !== '?') throw unsupported(cron, 'it names both a day of month and a day of week');
    return [minute, utcHour, dayOfMonth, month, previousWeekdays(dayOfWeek, cron), year].join(' ');
  }
  const [utcDay, utcMonth, utcYear] = previousDay(dayOfMonth, month, year, cron);
  return [minute, utcHour, utcDay, utcMonth, dayOfWeek, utcYear].join(' ');
}
