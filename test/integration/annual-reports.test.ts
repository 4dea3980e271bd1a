/** The annual-reports function in process, through its whole wrapper (route lookup, roles, validation, error shape), against DynamoDB Local. */
import { beforeAll, describe, expect, it } from 'vitest';
import { handler } from '#functions/annual-reports/handler';
import { newOrganization } from '#shared/domain/organizations/organization';
import type { CreateOrganizationInput, Organization } from '#shared/domain/organizations/schemas';
import { annualReportFiled, getAnnualReport } from '#shared/store/annual-reports';
import { putNewOrganization } from '#shared/store/organizations';
import { claimsFor, httpEvent, jsonBody, lambdaContext } from '../support/http-event';

const FILE = 'POST /organizations/{orgId}/annual-reports';
const READ = 'GET /organizations/{orgId}/annual-reports/{year}';
const DAY_MS = 24 * 60 * 60 * 1000;

const hostOf = (orgId: string, sub = `host-of-${orgId}`) => claimsFor('host', sub, { 'custom:orgId': orgId });
const ADMIN = claimsFor('admin', 'admin-reports');

const fileReport = (
  orgId: string,
  body: unknown,
  claims = hostOf(orgId),
  headers: Record<string, string> = {},
) =>
  handler(
    httpEvent({
      routeKey: FILE,
      pathParameters: { orgId },
      headers,
      body: JSON.stringify(body),
      claims,
    }),
    lambdaContext('annual-reports'),
  );

const readReport = (orgId: string, year: string, claims: Record<string, string>) =>
  handler(
    httpEvent({ routeKey: READ, pathParameters: { orgId, year }, claims }),
    lambdaContext('annual-reports'),
  );

const report = (year: number) => ({
  year,
  summary: `${year} 年度执行情况总结`,
  nextYearPlan: '下一年度计划',
});

async function createOrg(input: Partial<CreateOrganizationInput> = {}): Promise<Organization> {
  const org = newOrganization(
    { name: '继续教育基地', kind: 'base', level: 'regional', city: '南宁', ...input },
    new Date(),
  );
  await putNewOrganization(org);
  return org;
}

/** Whole Beijing days from `date` (YYYY-MM-DD) to now, counted independently of shared/domain/dates. */
const beijingDaysSince = (date: string) =>
  Math.floor((Date.now() + 8 * 60 * 60 * 1000) / DAY_MS) - Date.parse(`${date}T00:00:00Z`) / DAY_MS;

const errorOf = (result: { body?: string | undefined }) =>
  jsonBody(result).error as { code: string; message: string; details?: { field?: string }[] };

describe('POST /organizations/{orgId}/annual-reports', () => {
  let base: Organization;
  beforeAll(async () => {
    base = await createOrg();
  });

  it('files a late report: 201 with lateDays counted in Beijing days, stored as answered', async () => {
    const before = beijingDaysSince('2024-12-10');
    const result = await fileReport(base.id, report(2024));
    const after = beijingDaysSince('2024-12-10');

    expect(result.statusCode).toBe(201);
    const body = jsonBody(result);
    expect(body).toMatchObject({
      orgId: base.id,
      year: 2024,
      summary: '2024 年度执行情况总结',
      nextYearPlan: '下一年度计划',
      dueDate: '2024-12-10',
      submittedBy: `host-of-${base.id}`,
    });
    expect(body.lateDays).toBeGreaterThanOrEqual(before);
    expect(body.lateDays).toBeLessThanOrEqual(after);
    expect(before).toBeGreaterThan(0);
    expect(Object.keys(body)).not.toContain('pk');
    expect(await getAnnualReport(base.id, 2024)).toEqual(body);
    expect(await annualReportFiled(base.id, 2024)).toBe(true);
    expect(await annualReportFiled(base.id, 2023)).toBe(false);
  });

  it('refuses a second filing for the same year with 409 ALREADY_FILED and keeps the first', async () => {
    const org = await createOrg();
    expect((await fileReport(org.id, report(2025))).statusCode).toBe(201);
    const second = await fileReport(org.id, { ...report(2025), summary: 'A second try' });
    expect(second.statusCode).toBe(409);
    expect(errorOf(second).code).toBe('ALREADY_FILED');
    expect((await getAnnualReport(org.id, 2025))?.summary).toBe('2025 年度执行情况总结');
    // Another year of the same base is a separate report.
    expect((await fileReport(org.id, report(2023))).statusCode).toBe(201);
  });

  it('lets exactly one of ten concurrent filings for the same base and year win', async () => {
    const org = await createOrg();
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => fileReport(org.id, { ...report(2025), summary: `Attempt ${i}` })),
    );
    const statuses = results.map((result) => result.statusCode);
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(9);
    const winner = jsonBody(results.find((result) => result.statusCode === 201) ?? {});
    expect(await getAnnualReport(org.id, 2025)).toEqual(winner);
  });

  it('answers a client retry with the same Idempotency-Key with the first 201, not a 409', async () => {
    const org = await createOrg();
    const key = `annual-${org.id}`;
    const first = await fileReport(org.id, report(2025), hostOf(org.id), { 'idempotency-key': key });
    const retry = await fileReport(org.id, report(2025), hostOf(org.id), { 'idempotency-key': key });
    expect(first.statusCode).toBe(201);
    expect(retry.statusCode).toBe(201);
    expect(jsonBody(retry)).toEqual(jsonBody(first));
    const fresh = await fileReport(org.id, report(2025));
    expect(fresh.statusCode).toBe(409);
  });

  it('refuses the host of another base with 403 and files nothing', async () => {
    const org = await createOrg();
    const other = await createOrg();
    const result = await fileReport(org.id, report(2025), hostOf(other.id));
    expect(result.statusCode).toBe(403);
    expect(errorOf(result).code).toBe('FORBIDDEN');
    expect(await annualReportFiled(org.id, 2025)).toBe(false);
  });

  it('refuses admin (the route allows hosts only) with 403', async () => {
    const result = await fileReport(base.id, report(2022), ADMIN);
    expect(result.statusCode).toBe(403);
  });

  it('refuses a host organization, which is not a base, with 422 NOT_A_BASE', async () => {
    const host = await createOrg({ kind: 'host', level: undefined });
    const result = await fileReport(host.id, report(2025));
    expect(result.statusCode).toBe(422);
    expect(errorOf(result).code).toBe('NOT_A_BASE');
    expect(await annualReportFiled(host.id, 2025)).toBe(false);
  });

  it('answers 404 for an unknown organization', async () => {
    const result = await fileReport('org_unknown', report(2025));
    expect(result.statusCode).toBe(404);
    expect(errorOf(result).message).toBe('未找到单位 org_unknown');
  });

  it.each([
    ['year 2036', { ...report(2025), year: 2036 }, 'year'],
    ['year "abc"', { ...report(2025), year: 'abc' }, 'year'],
    ['an empty summary', { ...report(2025), summary: '' }, 'summary'],
    ['an unknown field', { ...report(2025), approved: true }, 'approved'],
  ])('refuses a body with %s with 400 naming the field', async (_, body, field) => {
    const result = await fileReport(base.id, body);
    expect(result.statusCode).toBe(400);
    const error = errorOf(result);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details?.map((detail) => detail.field)).toContain(field);
  });
});

describe('GET /organizations/{orgId}/annual-reports/{year}', () => {
  let base: Organization;
  beforeAll(async () => {
    base = await createOrg({ level: 'national' });
    expect((await fileReport(base.id, report(2025))).statusCode).toBe(201);
  });

  it.each([
    ["that base's host", () => hostOf(base.id, 'another-user-of-the-base')],
    ['admin', () => ADMIN],
  ])('gives the report to %s', async (_, claims) => {
    const result = await readReport(base.id, '2025', claims());
    expect(result.statusCode).toBe(200);
    expect(jsonBody(result)).toMatchObject({ orgId: base.id, year: 2025, dueDate: '2025-12-10' });
  });

  it('answers the host of another base 404, as if nothing were filed', async () => {
    const result = await readReport(base.id, '2025', hostOf('org_someone_else'));
    expect(result.statusCode).toBe(404);
    expect(errorOf(result).code).toBe('NOT_FOUND');
  });

  it('answers 404 for a year not filed', async () => {
    const result = await readReport(base.id, '2024', ADMIN);
    expect(result.statusCode).toBe(404);
    expect(errorOf(result).message).toBe(`未找到单位 ${base.id} 的 2024 年度报告`);
  });

  it('refuses a role that may not read reports (403 at the route)', async () => {
    const result = await readReport(
      base.id,
      '2025',
      claimsFor('trainee', 't-1', { 'custom:orgId': base.id }),
    );
    expect(result.statusCode).toBe(403);
  });

  it.each(['2036', '2020', 'abc'])('refuses year %s in the path with 400 naming path.year', async (year) => {
    const result = await readReport(base.id, year, ADMIN);
    expect(result.statusCode).toBe(400);
    expect(errorOf(result).details?.map((detail) => detail.field)).toContain('path.year');
  });
});
