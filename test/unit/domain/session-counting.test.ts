/** Where a session counts: its plan in the plan's year only when it lies in that year; its host in the year it ends. */
import { describe, expect, it } from 'vitest';
import { sessionCounting } from '#shared/domain/sessions/counting';

describe('sessionCounting', () => {
  it("counts a session within its plan's year for the plan in that year, and for the host", () => {
    expect(sessionCounting({ year: 2026, startDate: '2026-03-01', endDate: '2026-03-03' })).toEqual({
      planYear: 2026,
      hostYear: 2026,
    });
  });

  it("never counts a session reaching outside its plan's year for the plan", () => {
    expect(sessionCounting({ year: 2026, startDate: '2026-12-30', endDate: '2027-01-02' })).toEqual({
      planYear: undefined,
      hostYear: 2027,
    });
    expect(sessionCounting({ year: 2026, startDate: '2025-12-30', endDate: '2025-12-31' })).toEqual({
      planYear: undefined,
      hostYear: 2025,
    });
  });
});
