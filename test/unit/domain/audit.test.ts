/**
 * The audit trail's rules: what one entry says of who did what, and which Beijing dates and
 * monthly partitions a reading covers.
 */
import { describe, expect, it } from 'vitest';
import {
  auditEntry,
  auditWindow,
  beijingMonthOf,
  DEFAULT_WINDOW_DAYS,
  MAX_WINDOW_DAYS,
  monthsNewestFirst,
  startOfBeijingDate,
} from '#shared/domain/audit/audit';
import { AuditEntry } from '#shared/domain/audit/schemas';
import { AppError } from '#shared/domain/errors';
import { thrown } from '../helpers/thrown';

// 08:30 on 1 March in Beijing is still 28 February in UTC.
const NOW = new Date('2026-03-01T00:30:00.000Z');
const FACT = {
  action: 'national-roster-export' as const,
  target: 'session:ses_1',
  detail: { format: 'csv', rows: 3 },
};

describe('an audit entry', () => {
  it('says who (id and sign-in name), when, what and on what', () => {
    const entry = auditEntry(
      { userId: 'u-host', roles: ['host'], orgId: 'org_1', name: '李主任' },
      FACT,
      NOW,
    );
    expect(entry).toEqual({
      id: expect.stringMatching(/^aud_/),
      at: '2026-03-01T00:30:00.000Z',
      actor: 'u-host',
      actorName: '李主任',
      action: 'national-roster-export',
      target: 'session:ses_1',
      detail: { format: 'csv', rows: 3 },
    });
    expect(AuditEntry.parse(entry)).toEqual(entry);
  });

  it('names the actor by the user id when the sign-in carries no name', () => {
    expect(auditEntry({ userId: 'admin-1', roles: ['admin'] }, FACT, NOW).actorName).toBe('admin-1');
  });

  it('gets an id of its own each time, so two exports in one instant are two entries', () => {
    const actor = { userId: 'u', roles: ['admin' as const] };
    expect(auditEntry(actor, FACT, NOW).id).not.toBe(auditEntry(actor, FACT, NOW).id);
  });
});

describe('the dates a reading covers', () => {
  it('are by default the 30 Beijing days up to today', () => {
    expect(DEFAULT_WINDOW_DAYS).toBe(30);
    expect(auditWindow({}, NOW)).toEqual({ from: '2026-01-31', to: '2026-03-01' });
  });

  it('count back from a given last date, and up to today from a given first date', () => {
    expect(auditWindow({ to: '2026-02-10' }, NOW)).toEqual({ from: '2026-01-12', to: '2026-02-10' });
    expect(auditWindow({ from: '2025-12-01' }, NOW)).toEqual({ from: '2025-12-01', to: '2026-03-01' });
    expect(auditWindow({ from: '2026-02-03', to: '2026-02-03' }, NOW)).toEqual({
      from: '2026-02-03',
      to: '2026-02-03',
    });
  });

  it('refuse a first date after the last: 400 naming `from`', () => {
    const error = thrown(() => auditWindow({ from: '2026-03-02' }, NOW)) as AppError;
    expect(error).toBeInstanceOf(AppError);
    expect(error.status).toBe(400);
    expect(error.toBody().error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ field: 'from', message: expect.stringContaining('晚于截止日期 2026-03-01') }],
    });
  });

  it(`refuse more than ${MAX_WINDOW_DAYS} days`, () => {
    expect(auditWindow({ from: '2025-03-01', to: '2026-03-01' }, NOW)).toEqual({
      from: '2025-03-01',
      to: '2026-03-01',
    });
    const error = thrown(() => auditWindow({ from: '2025-02-28', to: '2026-03-01' }, NOW)) as AppError;
    expect(error.status).toBe(400);
    expect(error.toBody('en').error.details?.[0]?.message).toBe(
      'The dates span 367 days, at most 366: ask in parts',
    );
  });
});

describe('the months of a reading', () => {
  it('are the Beijing months the window touches, newest first, across a year end', () => {
    expect(monthsNewestFirst({ from: '2025-11-30', to: '2026-02-01' })).toEqual([
      '2026-02',
      '2026-01',
      '2025-12',
      '2025-11',
    ]);
    expect(monthsNewestFirst({ from: '2026-02-03', to: '2026-02-20' })).toEqual(['2026-02']);
  });

  it('place an entry by its Beijing month, and a day by its Beijing midnight', () => {
    expect(beijingMonthOf('2026-02-28T16:00:00.000Z')).toBe('2026-03');
    expect(beijingMonthOf('2026-02-28T15:59:59.999Z')).toBe('2026-02');
    expect(startOfBeijingDate('2026-03-01')).toBe('2026-02-28T16:00:00.000Z');
  });
});
