/**
 * A job's Beijing-time cron moved to UTC for an EventBridge rule (the China profile) runs at the
 * same instants: checked against croner, which reads the original in Asia/Shanghai and the moved
 * one in UTC, over two years of runs (leap day, month and year ends included).
 */
import { Cron } from 'croner';
import { describe, expect, it } from 'vitest';
import { beijingCronToUtc } from '#infra/cloud/utc-cron';
import { fromEventBridgeCron } from '#infra/eventbridge-cron';
import { JOB_TIME_ZONE, JOBS } from '#shared/jobs';

const FROM = new Date('2027-12-25T00:00:00Z');

/** The next `count` runs of an EventBridge cron, read in `zone` (year field included). */
function runs(cron: string, zone: { timezone: string } | { utcOffset: number }, count: number): string[] {
  const { pattern, year } = fromEventBridgeCron(cron);
  const schedule = new Cron(`0 ${pattern} ${year}`, zone);
  const found: string[] = [];
  let after = FROM;
  for (let i = 0; i < count; i++) {
    const next = schedule.nextRun(after);
    if (!next) break;
    found.push(next.toISOString());
    after = next;
  }
  return found;
}

const sameInstants = (beijingCron: string, count: number) => {
  const utcCron = beijingCronToUtc(beijingCron);
  expect(runs(utcCron, { utcOffset: 0 }, count), `${beijingCron} -> ${utcCron}`).toEqual(
    runs(beijingCron, { timezone: JOB_TIME_ZONE }, count),
  );
  return utcCron;
};

describe('beijingCronToUtc', () => {
  it('moves every job of shared/jobs.ts to the same instants in UTC', () => {
    for (const job of JOBS) sameInstants(job.cron, 40);
  });

  it('moves a run after 08:00 Beijing time to the same day, eight hours earlier', () => {
    expect(sameInstants('0 9 * * ? *', 30)).toBe('0 1 * * ? *');
    expect(sameInstants('30 8,12,23 * * ? *', 30)).toBe('30 0,4,15 * * ? *');
  });

  it('moves a run before 08:00 to the previous UTC day, month and year', () => {
    expect(sameInstants('0 2 1 1 ? *', 3)).toBe('0 18 31 12 ? *');
    expect(sameInstants('15 7 15 * ? *', 24)).toBe('15 23 14 * ? *');
    expect(sameInstants('0 0 1 5 ? *', 3)).toBe('0 16 30 4 ? *');
    expect(sameInstants('0 3 * * ? *', 30)).toBe('0 19 * * ? *');
    expect(sameInstants('0 2 1 1 ? 2029', 1)).toBe('0 18 31 12 ? 2028');
  });

  it('moves weekdays back a day, Sunday to Saturday', () => {
    expect(sameInstants('0 6 ? * 1 *', 20)).toBe('0 22 ? * 7 *');
    expect(sameInstants('0 6 ? * 2,3,4,5,6 *', 30)).toBe('0 22 ? * 1,2,3,4,5 *');
  });

  it('leaves every-hour schedules alone', () => {
    expect(sameInstants('0/15 * * * ? *', 30)).toBe('0/15 * * * ? *');
  });

  it('refuses what one UTC rule cannot express exactly, naming the expression', () => {
    expect(() => beijingCronToUtc('0 2,9 * * ? *')).toThrow(/"0 2,9 \* \* \? \*".*two different UTC days/);
    expect(() => beijingCronToUtc('0 2 1 * ? *')).toThrow(/month ends of different lengths/);
    expect(() => beijingCronToUtc('0 2 1 3 ? *')).toThrow(/end of February/);
    expect(() => beijingCronToUtc('0 2 L * ? *')).toThrow(/cannot move back a day/);
    expect(() => beijingCronToUtc('0 2-5 * * ? *')).toThrow(/not a plain number/);
    expect(() => beijingCronToUtc('0 2 ? * 2#1 *')).toThrow(/not one day/);
    expect(() => beijingCronToUtc('0 9 * * ?')).toThrow(/six fields/);
  });
});
