/**
 * The status history of organizations (issue item 11): each status change with its reason, time
 * and author; the creation as the first entry; and which years a base served, for the year-end
 * evaluation, from the history or, for old records, from what they carry.
 */
import { describe, expect, it } from 'vitest';
import { AppError } from '#shared/domain/errors';
import { noticeSubject, organizationStatusNotice } from '#shared/domain/notices/notice';
import { Notice } from '#shared/domain/notices/schemas';
import { newOrganization } from '#shared/domain/organizations/organization';
import { Organization } from '#shared/domain/organizations/schemas';
import { servedDuring, statusHistoryOf, withStatusChange } from '#shared/domain/organizations/status-history';

const CREATED = new Date('2025-06-01T02:00:00.000Z');
const base = () =>
  newOrganization({ name: '北海基地', kind: 'base', level: 'regional', city: '北海' }, CREATED, 'admin-0');

/** A base created at `created` that went through `changes` (status and ISO instant), in order. */
function baseThrough(created: string, changes: [Organization['status'], string][]): Organization {
  let org = newOrganization(
    { name: '梧州基地', kind: 'base', level: 'regional', city: '梧州' },
    new Date(created),
    'admin-0',
  );
  for (const [status, at] of changes) {
    const changed = withStatusChange(org, { status, reason: 'test' }, 'admin-1', new Date(at));
    if (!changed) throw new Error(`No change to ${status}`);
    org = { ...changed.organization, updatedAt: at };
  }
  return org;
}

describe('the status history', () => {
  it('starts with the creation: active, at createdAt, by the creator, with no reason', () => {
    const org = base();
    expect(org.statusHistory).toEqual([
      { status: 'active', reason: null, at: CREATED.toISOString(), by: 'admin-0' },
    ]);
    expect(Organization.parse(org)).toEqual(org);
  });

  it('grows by one entry per change, with status, reason, time and author', () => {
    const at = new Date('2026-03-01T00:00:00.000Z');
    const changed = withStatusChange(base(), { status: 'warned', reason: '年度总结逾期' }, 'admin-1', at);
    const entry = { status: 'warned', reason: '年度总结逾期', at: at.toISOString(), by: 'admin-1' };
    expect(changed?.entry).toEqual(entry);
    expect(changed?.organization.status).toBe('warned');
    expect(changed?.organization.statusHistory).toEqual([...(base().statusHistory ?? []), entry]);
  });

  it('adds nothing when the status stays the same (a retried request tells nobody twice)', () => {
    expect(
      withStatusChange(base(), { status: 'active', reason: 'again' }, 'admin-1', new Date()),
    ).toBeUndefined();
  });

  it('refuses a change without a reason with a 400 naming statusReason', () => {
    const refusal = (() => {
      try {
        withStatusChange(base(), { status: 'exited', reason: undefined }, 'admin-1', new Date());
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(AppError);
    expect(refusal).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect((refusal as AppError).toBody().error.details).toEqual([
      {
        field: 'statusReason',
        message: '状态变更原因：变更状态时必须填写，说明为何将单位设为正常、已警示或已退出',
      },
    ]);
  });

  it('is inferred for an old record: active since createdAt, then its status since its last update', () => {
    const old = {
      ...base(),
      statusHistory: undefined,
      status: 'exited' as const,
      updatedAt: '2026-02-01T00:00:00.000Z',
    };
    expect(statusHistoryOf(old)).toEqual([
      { status: 'active', reason: null, at: CREATED.toISOString(), by: null },
      { status: 'exited', reason: null, at: '2026-02-01T00:00:00.000Z', by: null },
    ]);
    expect(statusHistoryOf({ ...old, status: 'active' })).toHaveLength(1);
  });

  it('continues an old record from its inferred history on the first change', () => {
    const old = {
      ...base(),
      statusHistory: undefined,
      status: 'warned' as const,
      updatedAt: '2026-01-01T00:00:00.000Z',
    };
    const changed = withStatusChange(old, { status: 'exited', reason: '整改未完成' }, 'admin-1', new Date());
    expect(changed?.organization.statusHistory?.map((entry) => entry.status)).toEqual([
      'active',
      'warned',
      'exited',
    ]);
  });
});

describe('the notice of a status change', () => {
  it('names the organization and the history entry, so the same change is one notice', () => {
    const entry = { status: 'exited' as const, reason: 'r', at: '2026-03-01T00:00:00.000Z', by: 'admin-1' };
    const notice = organizationStatusNotice('org_1', entry, new Date('2026-03-01T00:00:01.000Z'));
    expect(Notice.parse(notice)).toEqual(notice);
    expect(noticeSubject(notice)).toBe('org_1#2026-03-01T00:00:00.000Z');
    expect(notice).toMatchObject({ kind: 'organization-status', orgId: 'org_1', status: 'exited' });
  });
});

describe('the years a base served', () => {
  it('counts a base in the years from its creation on, never before', () => {
    const org = baseThrough('2025-06-01T00:00:00.000Z', []);
    expect(servedDuring(org, 2024)).toBe(false);
    expect(servedDuring(org, 2025)).toBe(true);
    expect(servedDuring(org, 2030)).toBe(true);
  });

  it('keeps an exited base in the years it served and drops it from the years after', () => {
    const org = baseThrough('2024-03-01T00:00:00.000Z', [['exited', '2026-04-15T00:00:00.000Z']]);
    expect(servedDuring(org, 2024)).toBe(true);
    expect(servedDuring(org, 2026)).toBe(true);
    expect(servedDuring(org, 2027)).toBe(false);
  });

  it('counts a warned base as serving', () => {
    const org = baseThrough('2024-03-01T00:00:00.000Z', [['warned', '2025-01-10T00:00:00.000Z']]);
    expect(servedDuring(org, 2026)).toBe(true);
  });

  it('leaves out the years a base spent exited, and counts it again once it is back', () => {
    const org = baseThrough('2023-05-01T00:00:00.000Z', [
      ['exited', '2024-02-01T00:00:00.000Z'],
      ['active', '2026-07-01T00:00:00.000Z'],
    ]);
    expect([2023, 2024, 2025, 2026, 2027].map((year) => servedDuring(org, year))).toEqual([
      true,
      true,
      false,
      true,
      true,
    ]);
  });

  it('draws the line at the Beijing new year, not the UTC one', () => {
    // 2026-12-31T17:00Z is already 1 January 2027 in Beijing: the exit falls in 2027.
    const org = baseThrough('2025-01-01T00:00:00.000Z', [['exited', '2026-12-31T17:00:00.000Z']]);
    expect(servedDuring(org, 2027)).toBe(true);
    // Exited at the first instant of Beijing's 2027: it served none of 2027.
    const atMidnight = baseThrough('2025-01-01T00:00:00.000Z', [['exited', '2026-12-31T16:00:00.000Z']]);
    expect(servedDuring(atMidnight, 2027)).toBe(false);
    // Created in the last hours of 2024 in UTC, already 2025 in Beijing.
    const late = baseThrough('2024-12-31T16:30:00.000Z', []);
    expect(servedDuring(late, 2024)).toBe(false);
    expect(servedDuring(late, 2025)).toBe(true);
  });

  it('counts an old record without history from its createdAt, until its last update if exited', () => {
    const old: Organization = {
      ...baseThrough('2022-09-01T00:00:00.000Z', []),
      statusHistory: undefined,
      status: 'exited',
      updatedAt: '2025-03-01T00:00:00.000Z',
    };
    expect([2021, 2022, 2025, 2026].map((year) => servedDuring(old, year))).toEqual([
      false,
      true,
      true,
      false,
    ]);
    const active: Organization = { ...old, status: 'active' };
    expect(servedDuring(active, 2026)).toBe(true);
  });
});
