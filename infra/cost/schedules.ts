/**
 * How often a schedule fires: runs per average month of an EventBridge schedule expression
 * (`cron(...)`, `rate(...)`, `at(...)`), for the idle report and the request cost model.
 *
 * Cron has EventBridge's six fields: minutes hours day-of-month month day-of-week year, with
 * `* ? , - /`, `L` and `W` in day-of-month, `L` and `#` in day-of-week (1-7 = SUN-SAT), and month
 * and weekday names. Runs are counted over one whole year and divided by 12: REFERENCE_YEAR when
 * the year field allows it, else the first year it allows. Time zones and daylight saving do not
 * change the count.
 */

export const REFERENCE_YEAR = 2027;
const MINUTES_PER_MONTH = (365 * 24 * 60) / 12;

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

/** Runs per average month; 0 for a one-time `at(...)` schedule. Throws on what it cannot read. */
export function runsPerMonth(expression: string): number {
  const text = expression.trim();
  const rate = /^rate\(\s*(\d+)\s+(minutes?|hours?|days?)\s*\)$/i.exec(text);
  if (rate) {
    const unit = (rate[2] ?? '').toLowerCase().replace(/s$/, '');
    const minutes = Number(rate[1]) * (unit === 'minute' ? 1 : unit === 'hour' ? 60 : 1440);
    if (minutes <= 0) throw new Error(`Schedule "${expression}": a rate must be positive`);
    return MINUTES_PER_MONTH / minutes;
  }
  if (/^at\(.+\)$/i.test(text)) return 0;
  const cron = /^cron\((.+)\)$/i.exec(text);
  if (!cron) throw new Error(`Schedule "${expression}" is not cron(...), rate(...) or at(...)`);
  return cronRunsPerYear(cron[1] ?? '', expression) / 12;
}

function cronRunsPerYear(body: string, expression: string): number {
  const fields = body.trim().split(/\s+/);
  if (fields.length !== 6)
    throw new Error(`Schedule "${expression}": cron needs 6 fields (minutes hours day month weekday year)`);
  const [minuteField, hourField, dayField, monthField, weekdayField, yearField] = fields as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const minutes = valueSet(minuteField, 0, 59, expression);
  const hours = valueSet(hourField, 0, 23, expression);
  const months = valueSet(monthField, 1, 12, expression, MONTHS);
  const years = valueSet(yearField, 1970, 2199, expression);
  const year = years.has(REFERENCE_YEAR) ? REFERENCE_YEAR : Math.min(...years);
  const dayMatches = dayMatcher(dayField, expression);
  const weekdayMatches = weekdayMatcher(weekdayField, expression);

  let days = 0;
  for (let month = 1; month <= 12; month++) {
    if (!months.has(month)) continue;
    const length = daysInMonth(year, month);
    for (let day = 1; day <= length; day++) {
      if (dayMatches(year, month, day) && weekdayMatches(year, month, day)) days++;
    }
  }
  return days * hours.size * minutes.size;
}

/** A plain field: `*`, `?`, values, names, ranges and steps, separated by commas. */
function valueSet(
  field: string,
  min: number,
  max: number,
  expression: string,
  names?: string[],
): Set<number> {
  const values = new Set<number>();
  for (const part of field.split(',')) {
    const [range = '', stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    let from: number;
    let to: number;
    if (range === '*' || range === '?') {
      from = min;
      to = max;
    } else if (range.includes('-')) {
      const [a = '', b = ''] = range.split('-');
      from = parseValue(a, names, expression);
      to = parseValue(b, names, expression);
    } else {
      from = parseValue(range, names, expression);
      to = stepText === undefined ? from : max;
    }
    if (!Number.isInteger(step) || step < 1 || from < min || to > max || from > to)
      throw new Error(`Schedule "${expression}": cannot read "${part}" (${min}-${max})`);
    for (let value = from; value <= to; value += step) values.add(value);
  }
  return values;
}

function parseValue(text: string, names: string[] | undefined, expression: string): number {
  const named = names?.indexOf(text.toUpperCase()) ?? -1;
  // Month names are 1-based (JAN = 1), weekday names too in EventBridge (SUN = 1).
  if (named >= 0) return named + 1;
  const value = Number(text);
  if (text === '' || !Number.isInteger(value))
    throw new Error(`Schedule "${expression}": "${text}" is not a number`);
  return value;
}

type DayPredicate = (year: number, month: number, day: number) => boolean;

function dayMatcher(field: string, expression: string): DayPredicate {
  if (field === '?' || field === '*') return () => true;
  if (field === 'L') return (y, m, d) => d === daysInMonth(y, m);
  if (field === 'LW') return (y, m, d) => d === nearestWeekday(y, m, daysInMonth(y, m));
  const weekday = /^(\d+)W$/.exec(field);
  if (weekday) {
    const target = Number(weekday[1]);
    return (y, m, d) => d === nearestWeekday(y, m, Math.min(target, daysInMonth(y, m)));
  }
  const values = valueSet(field, 1, 31, expression);
  return (_y, _m, d) => values.has(d);
}

function weekdayMatcher(field: string, expression: string): DayPredicate {
  if (field === '?' || field === '*') return () => true;
  const weekdayOf = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 1;
  if (field === 'L') return (y, m, d) => weekdayOf(y, m, d) === 7;
  const last = /^(\w+)L$/.exec(field);
  if (last) {
    const target = parseValue(last[1] ?? '', WEEKDAYS, expression);
    return (y, m, d) => weekdayOf(y, m, d) === target && d + 7 > daysInMonth(y, m);
  }
  const nth = /^(\w+)#(\d)$/.exec(field);
  if (nth) {
    const target = parseValue(nth[1] ?? '', WEEKDAYS, expression);
    const n = Number(nth[2]);
    return (y, m, d) => weekdayOf(y, m, d) === target && Math.ceil(d / 7) === n;
  }
  const values = valueSet(field, 1, 7, expression, WEEKDAYS);
  return (y, m, d) => values.has(weekdayOf(y, m, d));
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The weekday (Monday to Friday) nearest to `day` within its month, as cron's `W` means it. */
function nearestWeekday(year: number, month: number, day: number): number {
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  if (weekday === 6) return day === 1 ? 3 : day - 1;
  if (weekday === 0) return day === daysInMonth(year, month) ? day - 2 : day + 1;
  return day;
}
