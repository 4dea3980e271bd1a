import { describe, expect, it } from 'vitest';
import type { Actor } from '#shared/domain/actor';
import {
  annualReportDueDate,
  annualReportLateDays,
  mayFileAnnualReport,
  mayReadAnnualReport,
  newAnnualReport,
  readableAnnualReport,
} from '#shared/domain/annual-reports/annual-report';
import { AnnualReport, AnnualReportPath, FileAnnualReportInput } from '#shared/domain/annual-reports/schemas';
import { AppError } from '#shared/domain/errors';
import type { Organization } from '#shared/domain/organizations/schemas';
import { thrown } from '../helpers/thrown';

const BASE: Organization = {
  id: 'org_base',
  name: '广西大学继续教育基地',
  kind: 'base',
  level: 'national',
  city: '南宁',
  fields: [],
  status: 'active',
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
};
const HOST: Actor = { userId: 'host-1', roles: ['host'], orgId: BASE.id };
const OTHER_HOST: Actor = { userId: 'host-2', roles: ['host'], orgId: 'org_other' };
const ADMIN: Actor = { userId: 'admin-1', roles: ['admin'] };
const INPUT: FileAnnualReportInput = {
  year: 2026,
  summary: '全年培训 2,100 人次',
  nextYearPlan: '2027 年计划',
};

const file = (overrides: { org?: Organization | undefined; actor?: Actor; year?: number; now: string }) =>
  newAnnualReport({
    orgId: BASE.id,
    org: 'org' in overrides ? overrides.org : BASE,
    input: { ...INPUT, year: overrides.year ?? INPUT.year },
    actor: overrides.actor ?? HOST,
    now: new Date(overrides.now),
  });

const refusal = (action: () => unknown) => {
  const error = thrown(action);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
};

describe('annual report deadline', () => {
  it('is 10 December of the year', () => {
    expect(annualReportDueDate(2026)).toBe('2026-12-10');
  });

  it.each([
    ['well before the due date', '2026-06-01T00:00:00Z', 0],
    ['on the due date, Beijing morning', '2026-12-09T16:00:00Z', 0],
    ['at the last second of 10 December in Beijing', '2026-12-10T15:59:59Z', 0],
    ['at the first second of 11 December in Beijing', '2026-12-10T16:00:00Z', 1],
    ['on 31 December', '2026-12-31T04:00:00Z', 21],
    ['across the year end, 5 January', '2027-01-05T02:00:00Z', 26],
    ['a year late', '2027-12-10T02:00:00Z', 365],
  ])('counts %s (%s) as %i days late', (_, now, lateDays) => {
    expect(annualReportLateDays(2026, new Date(now))).toBe(lateDays);
  });
});

describe('newAnnualReport', () => {
  it('builds the report of the base, on time, submitted for review', () => {
    const report = file({ now: '2026-12-10T15:59:59.000Z' });
    expect(report).toEqual({
      orgId: BASE.id,
      orgName: BASE.name,
      year: 2026,
      summary: INPUT.summary,
      nextYearPlan: INPUT.nextYearPlan,
      dueDate: '2026-12-10',
      submittedAt: '2026-12-10T15:59:59.000Z',
      submittedBy: 'host-1',
      lastSubmittedAt: '2026-12-10T15:59:59.000Z',
      lateDays: 0,
      status: 'submitted',
      history: [
        {
          action: 'filed',
          status: 'submitted',
          by: 'host-1',
          byName: 'host-1',
          at: '2026-12-10T15:59:59.000Z',
        },
      ],
      version: 1,
    });
    expect(AnnualReport.parse(report)).toEqual(report);
  });

  it('records one day late from midnight Beijing on 11 December', () => {
    expect(file({ now: '2026-12-10T16:00:00.000Z' }).lateDays).toBe(1);
  });

  it('records the days late across the year end', () => {
    const report = file({ now: '2027-01-05T01:00:00.000Z' });
    expect(report).toMatchObject({ year: 2026, dueDate: '2026-12-10', lateDays: 26 });
  });

  it('accepts a past year filed long after, and a warned base', () => {
    const report = file({ org: { ...BASE, status: 'warned' }, year: 2024, now: '2026-03-01T00:00:00Z' });
    expect(report).toMatchObject({ year: 2024, dueDate: '2024-12-10', lateDays: 446 });
  });

  it('lets a host that also holds other roles file for its own base', () => {
    const report = file({ actor: { ...HOST, roles: ['admin', 'host'] }, now: '2026-11-01T00:00:00Z' });
    expect(report.submittedBy).toBe('host-1');
  });

  it.each<[string, Actor]>([
    ['a host of another base', OTHER_HOST],
    ['a host whose sign-in carries no organization', { userId: 'host-3', roles: ['host'] }],
    ['an admin', ADMIN],
    ['a department of the same organization id', { userId: 'd', roles: ['department'], orgId: BASE.id }],
  ])('refuses %s with 403', (_, actor) => {
    const error = refusal(() => file({ actor, now: '2026-11-01T00:00:00Z' }));
    expect(error).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    expect(error.toBody().error.message).toBe('年度报告只能由该基地本单位提交');
  });

  it('refuses a stranger with 403 even when the organization does not exist', () => {
    const error = refusal(() => file({ org: undefined, actor: OTHER_HOST, now: '2026-11-01T00:00:00Z' }));
    expect(error.status).toBe(403);
  });

  it('answers 404 for an unknown organization', () => {
    const error = refusal(() => file({ org: undefined, now: '2026-11-01T00:00:00Z' }));
    expect(error).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    expect(error.toBody().error.message).toBe(`未找到单位 ${BASE.id}`);
  });

  it.each(['host', 'training-institution', 'assessment-institution', 'department'] as const)(
    'refuses an organization of kind %s with 422 NOT_A_BASE',
    (kind) => {
      const { level: _level, ...rest } = BASE;
      const error = refusal(() => file({ org: { ...rest, kind }, now: '2026-11-01T00:00:00Z' }));
      expect(error).toMatchObject({ status: 422, code: 'NOT_A_BASE' });
      expect(error.toBody().error.message).toMatch(
        new RegExp(`^单位 ${BASE.id} 是.+，只有继续教育基地提交年度报告$`),
      );
    },
  );

  it('refuses a base that has exited the program with 422 BASE_EXITED', () => {
    const error = refusal(() => file({ org: { ...BASE, status: 'exited' }, now: '2026-11-01T00:00:00Z' }));
    expect(error).toMatchObject({ status: 422, code: 'BASE_EXITED' });
    expect(error.toBody().error.message).toBe(`基地 ${BASE.id} 已退出本计划，无需再提交年度报告`);
  });

  it('refuses a year that has not started in Beijing with 422 YEAR_NOT_STARTED', () => {
    const error = refusal(() => file({ year: 2027, now: '2026-12-31T15:59:59Z' }));
    expect(error).toMatchObject({ status: 422, code: 'YEAR_NOT_STARTED' });
    expect(error.toBody().error).toEqual({
      code: 'YEAR_NOT_STARTED',
      message: '2027 年度尚未开始（今天是 2026-12-31）',
      details: [{ field: 'year', message: '年度：只能填报本年度或以往年度' }],
    });
  });

  it('accepts the new year once it has begun in Beijing, though it is still the old one in UTC', () => {
    const report = file({ year: 2027, now: '2026-12-31T16:00:00Z' });
    expect(report).toMatchObject({ year: 2027, lateDays: 0 });
  });
});

describe('who may file and read', () => {
  it('lets only the base host file', () => {
    expect(mayFileAnnualReport(HOST, BASE.id)).toBe(true);
    expect(mayFileAnnualReport(OTHER_HOST, BASE.id)).toBe(false);
    expect(mayFileAnnualReport(ADMIN, BASE.id)).toBe(false);
  });

  it.each<[string, boolean, Actor]>([
    ['the base host', true, HOST],
    ['admin', true, ADMIN],
    ['an admin tied to another organization', true, { ...ADMIN, orgId: 'org_hrss' }],
    ['a host of another base', false, OTHER_HOST],
    ['a host with no organization', false, { userId: 'h', roles: ['host'] }],
    [
      'a department with the same organization id',
      false,
      { userId: 'd', roles: ['department'], orgId: BASE.id },
    ],
    ['a trainee', false, { userId: 't', roles: ['trainee'], orgId: BASE.id }],
  ])('reading by %s: allowed %s', (_, allowed, actor) => {
    expect(mayReadAnnualReport(actor, BASE.id)).toBe(allowed);
    const report = file({ now: '2026-11-01T00:00:00Z' });
    if (allowed) {
      expect(readableAnnualReport(actor, BASE.id, 2026, report)).toBe(report);
    } else {
      const error = refusal(() => readableAnnualReport(actor, BASE.id, 2026, report));
      expect(error.status).toBe(404);
    }
  });

  it('answers a hidden report exactly like a missing one', () => {
    const report = file({ now: '2026-11-01T00:00:00Z' });
    const hidden = refusal(() => readableAnnualReport(OTHER_HOST, BASE.id, 2026, report));
    const missing = refusal(() => readableAnnualReport(ADMIN, BASE.id, 2026, undefined));
    expect(hidden.toBody()).toEqual(missing.toBody());
    expect(missing).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    expect(missing.toBody().error.message).toBe(`未找到单位 ${BASE.id} 的 2026 年度报告`);
    expect(missing.toBody('en').error.message).toBe(`No annual report for 2026 from organization ${BASE.id}`);
  });
});

describe('annual report schemas', () => {
  it('accepts a year in the path as text and refuses one outside the program or not a number', () => {
    expect(AnnualReportPath.parse({ orgId: BASE.id, year: '2026' })).toEqual({ orgId: BASE.id, year: 2026 });
    expect(AnnualReportPath.safeParse({ orgId: BASE.id, year: '2036' }).success).toBe(false);
    expect(AnnualReportPath.safeParse({ orgId: BASE.id, year: 'abc' }).success).toBe(false);
  });

  it('refuses an empty summary, an unknown field and a fractional year in the body', () => {
    expect(FileAnnualReportInput.safeParse({ ...INPUT, summary: '   ' }).success).toBe(false);
    expect(FileAnnualReportInput.safeParse({ ...INPUT, extra: 1 }).success).toBe(false);
    expect(FileAnnualReportInput.safeParse({ ...INPUT, year: 2026.5 }).success).toBe(false);
  });
});
