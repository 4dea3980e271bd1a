/**
 * The one translation of EventBridge's cron into croner's (infra/eventbridge-cron.ts), and what
 * croner then makes of it: the days EventBridge means, and the cost model's runs a month.
 */
import { Cron } from 'croner';
import { describe, expect, it } from 'vitest';
import { runsPerMonth } from '#infra/cost/schedules';
import { fromEventBridgeCron } from '#infra/eventbridge-cron';
import { toCronerPattern } from '#infra/local/scheduler';
import { JOB_TIME_ZONE, JOBS } from '#shared/jobs';

/** The next Beijing dates (YYYY-MM-DD) an EventBridge cron fires on, read by croner. */
function nextDates(eventBridgeCron: string, from: string, count: number): string[] {
  const { pattern, year } = fromEventBridgeCron(eventBridgeCron);
  return new Cron(`0 ${pattern} ${year}`, { timezone: JOB_TIME_ZONE })
    .nextRuns(count, new Date(from))
    .map((run) => new Date(run.getTime() + 8 * 3_600_000).toISOString().slice(0, 10));
}

describe('fromEventBridgeCron', () => {
  it.each([
    ['every day', '0 9 * * ? *', '0 9 * * *', '*'],
    ['"any" day of the week', '0 2 1 1 ? *', '0 2 1 1 *', '*'],
    ['"any" day of the month, Monday (EventBridge 2)', '0 9 ? * 2 *', '0 9 * * 1', '*'],
    ['Sunday and Saturday (1 and 7)', '0 9 ? * 1,7 *', '0 9 * * 0,6', '*'],
    ['a weekday range', '0 9 ? * 2-6 *', '0 9 * * 1-5', '*'],
    ['weekday names, unchanged', '0 9 ? * MON-FRI *', '0 9 * * MON-FRI', '*'],
    ['the last Friday (6L)', '0 18 ? * 6L *', '0 18 * * 5L', '*'],
    ['the third Friday (6#3): the occurrence stays', '0 9 ? * 6#3 *', '0 9 * * 5#3', '*'],
    ['a bare L: the last day of the week, Saturday', '0 9 ? * L *', '0 9 * * 6', '*'],
    ['steps from a value', '0/15 1/6 5/10 1/3 ? *', '0-59/15 1-23/6 5-31/10 1-12/3 *', '*'],
    ['weekday steps, shifted', '0 9 ? * 2/2 *', '0 9 * * 1-6/2', '*'],
    ['L, LW and W in day-of-month, unchanged', '0 0 L,LW,15W * ? *', '0 0 L,LW,15W * *', '*'],
    ['a year', '0 9 1 1 ? 2030', '0 9 1 1 *', '2030'],
    ['a year range with a step', '0 9 1 1 ? 2026/2', '0 9 1 1 *', '2026-2199/2'],
  ])('%s', (_, eventBridge, pattern, year) => {
    expect(fromEventBridgeCron(eventBridge)).toEqual({ pattern, year });
  });

  it.each([
    ['five fields', '0 9 * * ?'],
    ['seven fields', '0 0 9 * * ? *'],
    ['nothing', ''],
  ])('refuses %s', (_, cron) => {
    expect(() => fromEventBridgeCron(cron)).toThrow(/six-field EventBridge cron \(6 fields/);
  });

  it.each(['0', '8', '0-3'])('refuses day of week %s (EventBridge counts 1-7)', (day) => {
    expect(() => fromEventBridgeCron(`0 9 ? * ${day} *`)).toThrow(/is not 1-7/);
  });
});

describe('the days croner finds are the days EventBridge means (Beijing dates)', () => {
  it.each([
    // 2027: 28 May, 25 June and 30 July are the last Fridays.
    ['the last Friday', '0 9 ? * 6L *', ['2027-05-28', '2027-06-25', '2027-07-30']],
    // 1 May 2027 is a Saturday: the first Monday is the 3rd.
    ['the first Monday', '0 9 ? * 2#1 *', ['2027-05-03', '2027-06-07', '2027-07-05']],
    ['every Saturday (a bare L)', '0 9 ? * L *', ['2027-05-01', '2027-05-08', '2027-05-15']],
    // 31 July 2027 is a Saturday, 31 October a Sunday.
    ['the last weekday (LW)', '0 9 LW 7,10 ? *', ['2027-07-30', '2027-10-29', '2028-07-31']],
    // W never crosses the month: Saturday 1 May moves on to Monday 3 May.
    ['the weekday nearest the 1st (1W)', '0 9 1W 5 ? *', ['2027-05-03', '2028-05-01', '2029-05-01']],
    // As in Quartz, where EventBridge's syntax comes from: no 31st, no run that month.
    ['the weekday nearest the 31st (31W)', '0 9 31W * ? *', ['2027-05-31', '2027-07-30', '2027-08-31']],
    ['from Monday, every other day', '0 9 ? * 2/2 *', ['2027-05-03', '2027-05-05', '2027-05-07']],
    ['only in the years given', '0 9 1 1 ? 2029/2', ['2029-01-01', '2031-01-01', '2033-01-01']],
  ])('%s', (_, cron, dates) => {
    expect(nextDates(cron, '2027-05-01T00:00:00+08:00', 3)).toEqual(dates);
  });
});

describe('the schedules of shared/jobs.ts', () => {
  // The figures the house cron parsers gave, before croner read these schedules.
  const BEFORE: Record<string, { croner: string; runsPerMonth: number }> = {
    reminders: { croner: '0 9 * * *', runsPerMonth: 365 / 12 },
    'dead-letters': { croner: '0 10 * * *', runsPerMonth: 365 / 12 },
    'year-end-report': { croner: '0 2 1 1 *', runsPerMonth: 1 / 12 },
  };

  it.each(JOBS.map((job) => [job.name, job.cron] as const))('%s (%s) as before', (name, cron) => {
    expect(toCronerPattern(cron)).toBe(BEFORE[name]?.croner);
    expect(runsPerMonth(`cron(${cron})`)).toBeCloseTo(BEFORE[name]?.runsPerMonth ?? Number.NaN, 9);
  });
});

describe('runs per month, counted by croner', () => {
  it.each([
    ['every minute', 'cron(* * * * ? *)', 365 * 1440],
    ['every 15 minutes from 0', 'cron(0/15 * * * ? *)', 365 * 24 * 4],
    ['weekdays at 9 and 18 (2027 has 261)', 'cron(0 9,18 ? * MON-FRI *)', 2 * 261],
    ['the last weekday of every month', 'cron(0 9 LW * ? *)', 12],
    ['the weekday nearest the 15th', 'cron(0 9 15W * ? *)', 12],
    ['Saturdays (a bare L; 2027 has 52)', 'cron(0 9 ? * L *)', 52],
    ['the weekday nearest the 31st: the seven months with a 31st', 'cron(0 9 31W * ? *)', 7],
    ['29 February: not in the reference year 2027', 'cron(0 9 29 2 ? *)', 0],
    ['a year range that leaves out 2027: its first year', 'cron(0 9 1 1 ? 2030-2035)', 1],
  ])('%s', (_, expression, runsAYear) => {
    expect(runsPerMonth(expression)).toBeCloseTo(runsAYear / 12, 9);
  });

  it('names the expression it cannot read', () => {
    expect(() => runsPerMonth('cron(0 9 ? * 9 *)')).toThrow(
      /^Schedule "cron\(0 9 \? \* 9 \*\)": Day of week 9/,
    );
    expect(() => runsPerMonth('cron(0 9 1 1 ? 1960)')).toThrow(/allows no year from 1970/);
  });
});
