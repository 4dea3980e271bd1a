import { describe, expect, it } from 'vitest';
import { AppError } from '#shared/domain/errors';
import { assertYearStarted, newCompilationId, reportNotCompiled } from '#shared/domain/reports/compilation';
import { thrown } from '../helpers/thrown';

describe('assertYearStarted', () => {
  it('refuses a year whose 1 January has not come in Beijing with 422 YEAR_NOT_STARTED', () => {
    // 23:59 on 31 December 2026 in Beijing.
    const error = thrown(() => assertYearStarted(2027, new Date('2026-12-31T15:59:59.999Z')));
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ status: 422, code: 'YEAR_NOT_STARTED' });
    expect((error as AppError).toBody().error).toEqual({
      code: 'YEAR_NOT_STARTED',
      message: '2027 年尚未开始，自 2027 年 1 月 1 日起方可汇编',
      details: [{ field: 'year', message: '年度：自 2027-01-01（北京时间）起方可汇编' }],
    });
    expect((error as AppError).toBody('en').error.details).toEqual([
      { field: 'year', message: 'Compile 2027 from 2027-01-01 (Beijing time)' },
    ]);
    expect(() => assertYearStarted(2030, new Date('2026-06-01T00:00:00Z'))).toThrow(AppError);
  });

  it('lets a year be compiled from 00:00 on its 1 January in Beijing, still 31 December in UTC', () => {
    expect(() => assertYearStarted(2027, new Date('2026-12-31T16:00:00.000Z'))).not.toThrow();
  });

  it('lets the current year and every earlier one be compiled', () => {
    const now = new Date('2026-07-01T04:00:00Z');
    expect(() => assertYearStarted(2026, now)).not.toThrow();
    expect(() => assertYearStarted(2025, now)).not.toThrow();
    expect(() => assertYearStarted(2021, now)).not.toThrow();
  });
});

describe('reportNotCompiled', () => {
  it('is a 404 REPORT_NOT_COMPILED naming the year', () => {
    const error = reportNotCompiled(2026);
    expect(error).toMatchObject({ status: 404, code: 'REPORT_NOT_COMPILED' });
    expect(error.toBody().error.message).toBe('2026 年度报告尚未汇编，须由项目管理办公室汇编');
    expect(error.toBody('en').error.message).toBe(
      'The report of 2026 has not been compiled; an administrator compiles it',
    );
  });
});

describe('newCompilationId', () => {
  it('sorts by the time a compilation started, so the later-started one is the later id', () => {
    const starts = ['2026-01-01T02:00:00.000Z', '2026-01-01T02:00:00.001Z', '2026-12-31T23:59:59.999Z'];
    for (let round = 0; round < 200; round++) {
      const ids = starts.map((start) => newCompilationId(new Date(start)));
      expect([...ids].reverse().sort()).toEqual(ids);
    }
  });

  it('differs for two compilations started in the same millisecond', () => {
    const now = new Date('2027-01-01T02:00:00+08:00');
    expect(new Set(Array.from({ length: 1_000 }, () => newCompilationId(now))).size).toBe(1_000);
  });

  it('is safe as a path segment and an S3 key part', () => {
    expect(newCompilationId(new Date())).toMatch(/^cmp_[0-9a-v]{25}$/);
  });
});
