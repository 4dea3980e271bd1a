/**
 * EventBridge Scheduler's cron as croner reads it: the one translation behind the local scheduler
 * (infra/local/scheduler.ts) and the cost model's runs a month (infra/cost/schedules.ts).
 *
 * EventBridge has six fields, `minutes hours day-of-month month day-of-week year`, with `?` for
 * "any" in one of the day fields, `L` and `W` in day-of-month, `L` and `#` in day-of-week, and
 * Sunday = 1. croner reads the same syntax (year included, as an optional seventh field after
 * seconds) with Sunday = 0, so only the weekday numbers, a bare `L` and steps from a value change.
 */

/** An EventBridge cron in croner's terms. */
export interface CronerCron {
  /** croner's five fields, `minute hour day-of-month month day-of-week`, Sunday = 0. */
  pattern: string;
  /** The year field as written (`*` for every year), which croner reads alike as its seventh field. */
  year: string;
}

/** The highest value of each field, EventBridge's numbering (Sunday = 1, Saturday = 7). */
const FIELD_MAX = [59, 23, 31, 12, 7, 2199] as const;

/**
 * `0/15` is "from 0, every 15" in EventBridge; croner wants the range written out (`0-59/15`).
 */
const withRangedSteps = (field: string, max: number) =>
  field
    .split(',')
    .map((part) => part.replace(/^(\w+)\/(\d+)$/, `$1-${max}/$2`))
    .join(',');

/** Throws, naming the expression, on a field count other than six or a weekday number outside 1-7. */
export function fromEventBridgeCron(eventBridgeCron: string): CronerCron {
  const fields = eventBridgeCron.trim().split(/\s+/);
  if (fields.length !== 6)
    throw new Error(
      `"${eventBridgeCron}" is not a six-field EventBridge cron (6 fields: minutes hours day-of-month month day-of-week year)`,
    );
  const [minute, hour, dayOfMonth, month, dayOfWeek, year] = fields.map((field, index) =>
    withRangedSteps(field === '?' ? '*' : field, FIELD_MAX[index] ?? 0),
  ) as [string, string, string, string, string, string];
  // A bare L is the last day of the week, Saturday; croner reads L only after a weekday (5L).
  // Shift day numbers only: in 6#3 (the third Friday) the 3 is an occurrence, not a day.
  const weekday = (dayOfWeek === 'L' ? '7' : dayOfWeek).replace(
    /(^|[,-])(\d+)/g,
    (_, separator: string, day: string) => {
      if (Number(day) < 1 || Number(day) > 7)
        throw new Error(`Day of week ${day} in "${eventBridgeCron}" is not 1-7 (SUN-SAT)`);
      return `${separator}${Number(day) - 1}`;
    },
  );
  return { pattern: [minute, hour, dayOfMonth, month, weekday].join(' '), year };
}
