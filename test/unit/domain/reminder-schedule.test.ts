/** When each reminder falls due (issue 6): a session's due items, whether they still hold, the yearly calendar. */
import { describe, expect, it } from 'vitest';
import { shiftDate } from '#shared/domain/dates';
import {
  type CalendarReminder,
  calendarReminders,
  type SessionReminderKind,
  sessionDueItems,
  stillDue,
} from '#shared/domain/reminders/schedule';
import type { Session } from '#shared/domain/sessions/schemas';

const session = (dates: Partial<Pick<Session, 'startDate' | 'endDate' | 'registrationDeadline'>> = {}) =>
  ({
    id: 'ses_0001',
    planId: 'pln_0001',
    hostOrgId: 'org_0001',
    hostName: '广西大学',
    year: 2026,
    title: '数字经济专题培训班',
    startDate: '2026-03-10',
    endDate: '2026-03-12',
    registrationDeadline: '2026-03-01',
    capacity: 40,
    creditHours: 16,
    subjectType: 'professional',
    mode: 'offline',
    city: '南宁',
    seatsTaken: 0,
    waitlistLength: 0,
    createdAt: '2026-01-05T00:00:00.000Z',
    updatedAt: '2026-01-05T00:00:00.000Z',
    version: 1,
    ...dates,
  }) satisfies Session;

/** Every day of `year`, in order. */
function daysOf(year: number): string[] {
  const days: string[] = [];
  for (let day = `${year}-01-01`; day.startsWith(String(year)); day = shiftDate(day, 1)) days.push(day);
  return days;
}

describe('shiftDate', () => {
  it('moves across month, year and leap-day boundaries', () => {
    expect(shiftDate('2026-03-01', -1)).toBe('2026-02-28');
    expect(shiftDate('2028-03-01', -1)).toBe('2028-02-29');
    expect(shiftDate('2026-12-31', 1)).toBe('2027-01-01');
    expect(shiftDate('2027-01-01', -3)).toBe('2026-12-29');
    expect(shiftDate('2026-06-15', 0)).toBe('2026-06-15');
  });
});

describe('sessionDueItems', () => {
  it('puts the start reminders 3 and 1 days before the start, the waitlist one the day before the deadline, results 7 days after the end', () => {
    expect(sessionDueItems(session())).toEqual([
      { date: '2026-03-07', kind: 'session-starting', sessionId: 'ses_0001' },
      { date: '2026-03-09', kind: 'session-starting', sessionId: 'ses_0001' },
      { date: '2026-02-28', kind: 'waitlist-deadline', sessionId: 'ses_0001' },
      { date: '2026-03-19', kind: 'results-overdue', sessionId: 'ses_0001' },
    ]);
  });

  it('crosses year ends (a session starting on 1 January, ending on 27 December)', () => {
    const items = sessionDueItems(
      session({ startDate: '2027-01-01', endDate: '2027-12-27', registrationDeadline: '2027-01-01' }),
    );
    expect(items.map((item) => [item.kind, item.date])).toEqual([
      ['session-starting', '2026-12-29'],
      ['session-starting', '2026-12-31'],
      ['waitlist-deadline', '2026-12-31'],
      ['results-overdue', '2028-01-03'],
    ]);
  });

  it('reads only the id and the dates', () => {
    const dates = {
      id: 'ses_x',
      startDate: '2026-05-04',
      endDate: '2026-05-04',
      registrationDeadline: '2026-05-04',
    };
    expect(sessionDueItems(dates).every((item) => item.sessionId === 'ses_x')).toBe(true);
    expect(sessionDueItems(dates)).toHaveLength(4);
  });
});

describe('stillDue', () => {
  const current = session();
  /** The days of a window around the session on which `kind` holds, with what it returns. */
  const firing = (kind: SessionReminderKind, of: Session = current) =>
    Array.from({ length: 80 }, (_, i) => shiftDate('2026-02-01', i)).flatMap((today) => {
      const days = stillDue(kind, of, today);
      return days === undefined ? [] : [[today, days]];
    });

  it('holds for session-starting exactly 3 and 1 days before the start', () => {
    expect(firing('session-starting')).toEqual([
      ['2026-03-07', 3],
      ['2026-03-09', 1],
    ]);
    expect(stillDue('session-starting', current, '2026-03-08')).toBeUndefined();
    expect(stillDue('session-starting', current, '2026-03-10')).toBeUndefined();
  });

  it('holds for waitlist-deadline exactly the day before the deadline', () => {
    expect(firing('waitlist-deadline')).toEqual([['2026-02-28', 1]]);
    expect(stillDue('waitlist-deadline', current, '2026-03-01')).toBeUndefined();
  });

  it('holds for results-overdue exactly 7 days after the end', () => {
    expect(firing('results-overdue')).toEqual([['2026-03-19', 7]]);
    expect(stillDue('results-overdue', current, '2026-03-18')).toBeUndefined();
    expect(stillDue('results-overdue', current, '2026-03-20')).toBeUndefined();
  });

  it('agrees with sessionDueItems: every item written holds on its own day', () => {
    for (const item of sessionDueItems(current)) {
      expect(stillDue(item.kind, current, item.date), `${item.kind} on ${item.date}`).toBeDefined();
    }
  });

  it('lets the items of a moved session lapse on their old days and hold on the new ones', () => {
    const moved = session({
      startDate: '2026-04-20',
      endDate: '2026-04-22',
      registrationDeadline: '2026-04-10',
    });
    for (const old of sessionDueItems(current)) {
      expect(stillDue(old.kind, moved, old.date), `old ${old.kind} on ${old.date}`).toBeUndefined();
    }
    expect(sessionDueItems(moved).map((item) => stillDue(item.kind, moved, item.date))).toEqual([3, 1, 1, 7]);
  });

  it('lets only the moved date lapse when one date moves', () => {
    const laterEnd = session({ endDate: '2026-03-13' });
    expect(stillDue('results-overdue', laterEnd, '2026-03-19')).toBeUndefined();
    expect(stillDue('results-overdue', laterEnd, '2026-03-20')).toBe(7);
    expect(stillDue('session-starting', laterEnd, '2026-03-07')).toBe(3);
    expect(stillDue('waitlist-deadline', laterEnd, '2026-02-28')).toBe(1);
  });
});

describe('calendarReminders', () => {
  it('over every day of 2026: the annual report 30, 7 and 1 days before 10 December, overdue on 11 December, credits on 1 November and 1 December, nothing else', () => {
    const days = daysOf(2026);
    expect(days).toHaveLength(365);
    const fired: [string, CalendarReminder][] = days.flatMap((day) =>
      calendarReminders(day).map((reminder): [string, CalendarReminder] => [day, reminder]),
    );
    expect(fired).toEqual([
      ['2026-11-01', { kind: 'credit-shortfall', year: 2026 }],
      ['2026-11-10', { kind: 'annual-report-due', year: 2026, daysLeft: 30 }],
      ['2026-12-01', { kind: 'credit-shortfall', year: 2026 }],
      ['2026-12-03', { kind: 'annual-report-due', year: 2026, daysLeft: 7 }],
      ['2026-12-09', { kind: 'annual-report-due', year: 2026, daysLeft: 1 }],
      ['2026-12-11', { kind: 'annual-report-overdue', year: 2026 }],
    ]);
  });

  it('fires the same days in a leap year, for that year', () => {
    const days = daysOf(2028);
    expect(days).toHaveLength(366);
    const fired = days.flatMap((day) => calendarReminders(day).map((reminder) => `${day} ${reminder.kind}`));
    expect(fired).toEqual([
      '2028-11-01 credit-shortfall',
      '2028-11-10 annual-report-due',
      '2028-12-01 credit-shortfall',
      '2028-12-03 annual-report-due',
      '2028-12-09 annual-report-due',
      '2028-12-11 annual-report-overdue',
    ]);
  });

  it('sends nothing on the due date itself or the days around it', () => {
    for (const day of ['2026-11-09', '2026-11-11', '2026-12-02', '2026-12-08', '2026-12-10', '2026-12-12']) {
      expect(calendarReminders(day), day).toEqual([]);
    }
  });
});
