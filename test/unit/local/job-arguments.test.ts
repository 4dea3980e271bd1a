import { describe, expect, it } from 'vitest';
import { parseJobArguments } from '#infra/local/job-arguments';
import { StartupError } from '#infra/local/preflight';
import { thrown } from '../helpers/thrown';

describe('parseJobArguments', () => {
  it('runs a job as of now by default', () => {
    const before = Date.now();
    const parsed = parseJobArguments(['reminders']);
    expect(parsed.name).toBe('reminders');
    expect(parsed.fields).toEqual({});
    expect(parsed.now.getTime()).toBeGreaterThanOrEqual(before);
    expect(parsed.now.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it('runs a job as of the instant given with --now', () => {
    const parsed = parseJobArguments(['reminders', '--now', '2026-12-09T09:00:00+08:00']);
    expect(parsed.now.toISOString()).toBe('2026-12-09T01:00:00.000Z');
    expect(parsed.fields).toEqual({});
  });

  it('hands further --field value pairs to the job', () => {
    expect(parseJobArguments(['year-end-report', '--year', '2026'])).toMatchObject({
      name: 'year-end-report',
      fields: { year: '2026' },
    });
    const both = parseJobArguments([
      'year-end-report',
      '--year',
      '2026',
      '--now',
      '2027-01-01T02:00:00+08:00',
    ]);
    expect(both.fields).toEqual({ year: '2026' });
    expect(both.now.toISOString()).toBe('2026-12-31T18:00:00.000Z');
  });

  it('refuses a --now that is not an instant, showing an example', () => {
    const error = thrown(() => parseJobArguments(['reminders', '--now', 'tomorrow']));
    expect(error).toBeInstanceOf(StartupError);
    expect(error.message).toContain('--now tomorrow');
    expect(error.message).toContain('2026-12-09T09:00:00+08:00');
  });

  it.each([
    ['no arguments', []],
    ['a flag instead of a name', ['--now', '2026-12-09T09:00:00+08:00']],
    ['a flag without a value', ['reminders', '--now']],
    ['a value without a flag', ['reminders', '2026']],
  ])('refuses %s with the usage text', (_, argv) => {
    const error = thrown(() => parseJobArguments(argv));
    expect(error).toBeInstanceOf(StartupError);
    expect(error.message).toMatch(/^Usage: npm run job -- <name>/);
  });
});
