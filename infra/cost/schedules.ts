/**
 * How often a schedule fires: runs per average month of an EventBridge schedule expression
 * (`cron(...)`, `rate(...)`, `at(...)`), for the idle report and the request cost model.
 *
 * Cron is read by croner, through the same translation as the local scheduler
 * (infra/eventbridge-cron.ts). Runs are counted over one whole year and divided by 12:
 * REFERENCE_YEAR when the year field allows it, else the first year it allows. Counted in UTC:
 * time zones and daylight saving do not change the count. Why croner and not a parser of our own:
 * docs/adr/0001-eventbridge-cron-through-croner.md.
 */
import { Cron } from 'croner';
import { fromEventBridgeCron } from '#infra/eventbridge-cron';

export const REFERENCE_YEAR = 2027;
const MINUTES_PER_MONTH = (365 * 24 * 60) / 12;
const DAY_MS = 86_400_000;

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
  try {
    return cronRunsPerYear(cron[1] ?? '') / 12;
  } catch (error) {
    throw new Error(`Schedule "${expression}": ${(error as Error).message}`);
  }
}

/**
 * Minutes and hours never depend on the day, so the runs of a year are the times a day times the
 * days a year, each counted by croner (at most 1,440 and 366 steps, not a step per minute).
 */
function cronRunsPerYear(body: string): number {
  const { pattern, year } = fromEventBridgeCron(body);
  const [minute, hour, dayOfMonth, month, dayOfWeek] = pattern.split(' ');
  const first = countYear(year);
  const timesADay = runsBetween(`${minute} ${hour} * * *`, first, first + DAY_MS);
  const days = runsBetween(`0 0 0 ${dayOfMonth} ${month} ${dayOfWeek} ${year}`, first, nextYear(first));
  return timesADay * days;
}

// An offset, not `timezone: 'Etc/UTC'`: croner's time zone path is many times slower a step, and a
// year's count takes hundreds of steps (docs/adr/0001-eventbridge-cron-through-croner.md).
const utc = (pattern: string) => new Cron(pattern, { utcOffset: 0 });

const nextYear = (instant: number) => Date.UTC(new Date(instant).getUTCFullYear() + 1, 0, 1);

/** 1 January of the year to count (as an instant, UTC). */
function countYear(yearField: string): number {
  const years = utc(`0 0 0 1 1 * ${yearField}`);
  const reference = Date.UTC(REFERENCE_YEAR, 0, 1);
  if (years.match(new Date(reference))) return reference;
  const first = years.nextRun(new Date(Date.UTC(1970, 0, 1) - 1000));
  if (!first) throw new Error(`the year field "${yearField}" allows no year from 1970`);
  return first.getTime();
}

/** Runs of a croner pattern (UTC) in [from, to). */
function runsBetween(pattern: string, from: number, to: number): number {
  const cron = utc(pattern);
  let count = 0;
  for (let run = cron.nextRun(new Date(from - 1000)); run && run.getTime() < to; run = cron.nextRun(run)) {
    count++;
  }
  return count;
}
