import { Cron } from 'croner';
import { describe, expect, it } from 'vitest';
import { jobContext, toCronerPattern } from '#infra/local/scheduler';
import { JOB_TIME_ZONE } from '#shared/jobs';

const nextRun = (eventBridgeCron: string, from: string) =>
  new Cron(toCronerPattern(eventBridgeCron), { timezone: JOB_TIME_ZONE })
    .nextRun(new Date(from))
    ?.toISOString();

describe('toCronerPattern', () => {
  it.each([
    ['09:00 daily', '0 9 * * ? *', '0 9 * * *'],
    ['02:00 on 1 January', '0 2 1 1 ? *', '0 2 1 1 *'],
    ['10 December', '30 8 10 12 ? *', '30 8 10 12 *'],
    ['Monday (EventBridge 2)', '0 9 ? * 2 *', '0 9 * * 1'],
    ['Sunday (EventBridge 1)', '0 9 ? * 1 *', '0 9 * * 0'],
    ['Saturday (EventBridge 7)', '0 9 ? * 7 *', '0 9 * * 6'],
    ['a weekday range', '0 9 ? * 2-6 *', '0 9 * * 1-5'],
    ['a weekday list', '0 9 ? * 2,4,6 *', '0 9 * * 1,3,5'],
    ['weekday names', '0 9 ? * MON-FRI *', '0 9 * * MON-FRI'],
    ['extra spaces', '  0  9 * * ?  * ', '0 9 * * *'],
  ])('converts %s', (_, eventBridge, croner) => {
    expect(toCronerPattern(eventBridge)).toBe(croner);
  });

  it.each([
    ['five fields', '0 9 * * ?'],
    ['seven fields', '0 0 9 * * ? *'],
    ['an empty string', ''],
  ])('refuses %s', (_, cron) => {
    expect(() => toCronerPattern(cron)).toThrow(/six-field/);
  });

  it('refuses a year other than *', () => {
    expect(() => toCronerPattern('0 9 * * ? 2026')).toThrow(/Year "2026"/);
  });

  it('runs 09:00 daily at 09:00 Beijing, 01:00Z', () => {
    expect(nextRun('0 9 * * ? *', '2026-12-09T00:00:00Z')).toBe('2026-12-09T01:00:00.000Z');
    expect(nextRun('0 9 * * ? *', '2026-12-09T01:00:00Z')).toBe('2026-12-10T01:00:00.000Z');
  });

  it('runs 02:00 on 1 January in Beijing, on 31 December in UTC', () => {
    expect(nextRun('0 2 1 1 ? *', '2026-06-01T00:00:00Z')).toBe('2026-12-31T18:00:00.000Z');
  });

  it('runs a Monday schedule on a Monday in Beijing', () => {
    // 2026-12-09 is a Wednesday; the next Monday is 2026-12-14.
    expect(nextRun('0 9 ? * 2 *', '2026-12-09T00:00:00Z')).toBe('2026-12-14T01:00:00.000Z');
    expect(nextRun('0 9 ? * MON *', '2026-12-09T00:00:00Z')).toBe('2026-12-14T01:00:00.000Z');
  });

  it('keeps the occurrence of an nth-weekday schedule (EventBridge 6#3: the third Friday)', () => {
    // December 2026: Fridays are the 4th, 11th and 18th. Only the weekday shifts, not the occurrence.
    expect(toCronerPattern('0 9 ? * 6#3 *')).toBe('0 9 * * 5#3');
    expect(nextRun('0 9 ? * 6#3 *', '2026-12-01T00:00:00Z')).toBe('2026-12-18T01:00:00.000Z');
  });
});

describe('jobContext', () => {
  it('is a Lambda context naming the job', () => {
    const context = jobContext({
      name: 'reminders',
      description: 'd',
      cron: '0 9 * * ? *',
      function: 'meta',
    });
    expect(context.functionName).toBe('local-job-reminders');
    expect(context.getRemainingTimeInMillis()).toBeGreaterThan(0);
    expect(context.awsRequestId).not.toBe(
      jobContext({ name: 'x', description: 'd', cron: '', function: 'meta' }).awsRequestId,
    );
  });
});
