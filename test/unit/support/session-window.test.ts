/**
 * The test helpers' session windows hold on every day of the year, so the suite passes in late
 * December and on 1 January as on any other day. Each window is put through the domain's own
 * rules: the schema's date order and `newSession` (plan year, deadline from today).
 */
import { describe, expect, it } from 'vitest';
import { daysBetween, shiftDate, yearOf } from '#shared/domain/dates';
import type { Plan } from '#shared/domain/plans/schemas';
import { CreateSessionInput } from '#shared/domain/sessions/schemas';
import { newSession } from '#shared/domain/sessions/session';
import {
  type SessionWindow,
  sessionWindow,
  sessionWindowThisYear,
  type WindowShape,
} from '../../support/session-window';

/** Every day from 1 December 2026 to 2 January 2029: two year ends and 29 February 2028. */
const DAYS = Array.from({ length: daysBetween('2026-12-01', '2029-01-02') + 1 }, (_, i) =>
  shiftDate('2026-12-01', i),
);

/** The shapes the suite asks for, with the mode whose deadline rule they meet. */
const SHAPES: { shape: WindowShape; mode: 'offline' | 'online' }[] = [
  { shape: {}, mode: 'offline' },
  { shape: { deadlineIn: 0, startIn: 0, endIn: 0 }, mode: 'offline' },
  { shape: { deadlineIn: 0, startIn: 1, endIn: 2 }, mode: 'offline' },
  { shape: { deadlineIn: 5, startIn: 10, endIn: 12 }, mode: 'offline' },
  { shape: { deadlineIn: 15, startIn: 20, endIn: 21 }, mode: 'offline' },
  { shape: { deadlineIn: 6, startIn: 12, endIn: 13 }, mode: 'offline' },
  { shape: { deadlineIn: 12, startIn: 10, endIn: 12 }, mode: 'online' },
  { shape: { deadlineIn: 5, startIn: 10, endIn: 40 }, mode: 'offline' },
];

const plan = (year: number) => ({ id: 'plan_w', year, hostOrgId: 'org_w', status: 'published' }) as Plan;

/** Morning and late evening of `today` in Beijing: both count as that day. */
const instantsOf = (today: string) => [
  new Date(`${today}T00:05:00+08:00`),
  new Date(`${today}T23:55:00+08:00`),
];

function expectAcceptedOn(today: string, window: SessionWindow, mode: 'offline' | 'online') {
  const where = `${today} ${JSON.stringify(window)}`;
  expect(yearOf(window.startDate), where).toBe(window.year);
  expect(yearOf(window.endDate), where).toBe(window.year);
  expect(window.registrationDeadline >= today, where).toBe(true);
  expect(window.startDate <= window.endDate, where).toBe(true);
  const lastEnrolment = mode === 'online' ? window.endDate : window.startDate;
  expect(window.registrationDeadline <= lastEnrolment, where).toBe(true);
  const { year: _year, ...dates } = window;
  const input = CreateSessionInput.parse({
    title: '日期测试班',
    ...dates,
    capacity: 10,
    creditHours: 8,
    subjectType: 'professional',
    mode,
    city: '南宁',
  });
  for (const now of instantsOf(today)) {
    expect(newSession(plan(window.year), input, now), where).toMatchObject({ year: window.year });
  }
}

describe('sessionWindow', () => {
  it('gives dates the domain accepts, in one plan year, on every day of the year', () => {
    for (const today of DAYS) {
      for (const { shape, mode } of SHAPES) expectAcceptedOn(today, sessionWindow(shape, today), mode);
    }
  });

  it('keeps the gaps between its dates, moving a session that would straddle the year end', () => {
    for (const today of DAYS) {
      for (const { shape } of SHAPES) {
        const { deadlineIn = 5, startIn = 10, endIn = 11 } = shape;
        const window = sessionWindow(shape, today);
        expect(daysBetween(window.registrationDeadline, window.startDate)).toBe(startIn - deadlineIn);
        expect(daysBetween(window.startDate, window.endDate)).toBe(endIn - startIn);
        const asked = shiftDate(today, startIn);
        if (yearOf(asked) === yearOf(shiftDate(today, endIn))) expect(window.startDate).toBe(asked);
        else expect(window.startDate).toBe(`${yearOf(asked) + 1}-01-01`);
      }
    }
  });

  it('moves into next year near the year end, and stays put otherwise', () => {
    expect(sessionWindow({}, '2026-12-02')).toEqual({
      year: 2026,
      registrationDeadline: '2026-12-07',
      startDate: '2026-12-12',
      endDate: '2026-12-13',
    });
    expect(sessionWindow({}, '2026-12-21')).toEqual({
      year: 2027,
      registrationDeadline: '2026-12-27',
      startDate: '2027-01-01',
      endDate: '2027-01-02',
    });
    expect(sessionWindow({}, '2026-12-24')).toMatchObject({ year: 2027, startDate: '2027-01-03' });
    expect(sessionWindow({ startIn: 0, endIn: 0, deadlineIn: 0 }, '2028-02-29')).toEqual({
      year: 2028,
      registrationDeadline: '2028-02-29',
      startDate: '2028-02-29',
      endDate: '2028-02-29',
    });
  });

  it('refuses a shape no session could have: a deadline before today or an end before the start', () => {
    expect(() => sessionWindow({ deadlineIn: -1 }, '2026-06-01')).toThrow(/deadline/);
    expect(() => sessionWindow({ startIn: 5, endIn: 4 }, '2026-06-01')).toThrow(/start/);
  });
});

describe('sessionWindowThisYear', () => {
  it("gives dates the domain accepts, in today's year, on every day of the year", () => {
    for (const today of DAYS) {
      for (const { shape, mode } of SHAPES) {
        const window = sessionWindowThisYear(shape, today);
        expect(window.year).toBe(yearOf(today));
        expectAcceptedOn(today, window, mode);
      }
    }
  });

  it('brings dates past 31 December back to it and leaves earlier ones alone', () => {
    expect(sessionWindowThisYear({}, '2026-12-24')).toEqual({
      year: 2026,
      registrationDeadline: '2026-12-29',
      startDate: '2026-12-31',
      endDate: '2026-12-31',
    });
    expect(sessionWindowThisYear({}, '2027-01-01')).toEqual(sessionWindow({}, '2027-01-01'));
  });
});
