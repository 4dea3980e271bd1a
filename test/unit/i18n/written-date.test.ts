import { describe, expect, it } from 'vitest';
import { writtenDate } from '#shared/i18n/dates';

describe('a written date', () => {
  it('is written the Chinese way, without leading zeros', () => {
    expect(writtenDate('2026-12-02')['zh-CN']).toBe('2026年12月2日');
    expect(writtenDate('2027-01-31')['zh-CN']).toBe('2027年1月31日');
  });

  it('is written the English way in English', () => {
    expect(writtenDate('2026-12-02').en).toBe('2 December 2026');
    expect(writtenDate('2027-01-31').en).toBe('31 January 2027');
  });

  it('names the day it is given: no time zone moves it', () => {
    expect(writtenDate('2026-12-31')['zh-CN']).toBe('2026年12月31日');
  });

  it('refuses what is not a calendar date', () => {
    expect(() => writtenDate('2026-12-2')).toThrow(/YYYY-MM-DD/);
    expect(() => writtenDate('2026-12-02T00:00:00Z')).toThrow(/YYYY-MM-DD/);
  });
});
