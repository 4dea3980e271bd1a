/**
 * A plan's expenses listed against DynamoDB Local, as the plans function answers
 * GET /plans/{planId}/expenses: every expense once, newest first across pages (the items beside
 * the plan, read with a Query of its partition), even when they were recorded concurrently; a
 * cursor only for the plan it came from; and only for the plan's parties.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { handler } from '#functions/plans/handler';
import { newOrganization } from '#shared/domain/organizations/organization';
import type { CreateOrganizationInput } from '#shared/domain/organizations/schemas';
import { putNewOrganization } from '#shared/store/organizations';
import { claimsFor, httpEvent, jsonBody, lambdaContext } from '../support/http-event';

type Json = Record<string, unknown> & { id: string };
type Claims = Record<string, string>;

async function organization(input: CreateOrganizationInput) {
  const org = newOrganization(input, new Date());
  await putNewOrganization(org);
  return org.id;
}

const as = (role: string, orgId?: string) =>
  claimsFor(role, `${role}-${orgId ?? 'none'}`, orgId ? { 'custom:orgId': orgId } : {});
const admin = as('admin', 'org_hrss');
const trainee = as('trainee');
let host: Claims;
let otherHost: Claims;
let department: Claims;

async function call(
  routeKey: string,
  claims: Claims,
  options: { params?: Record<string, string>; query?: Record<string, string>; body?: unknown } = {},
) {
  const result = await handler(
    httpEvent({
      routeKey,
      claims,
      ...(options.params ? { pathParameters: options.params } : {}),
      ...(options.query ? { query: options.query } : {}),
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    }),
    lambdaContext(),
  );
  return { status: result.statusCode, body: jsonBody(result) as Json };
}

/** A plan of `host`, co-organized by `department`, approved (expenses may be recorded) or a draft. */
async function plan(approved: boolean): Promise<string> {
  const created = await call('POST /plans', host, {
    body: {
      year: 2027,
      project: 'seminar',
      level: 'regional',
      category: 'advanced',
      title: '先进制造业高级研修班',
      departmentId: department['custom:orgId'],
      plannedSessions: 1,
      plannedTrainees: 50,
      budget: { subsidyCapFen: 1_000_000, selfFundedFen: 0 },
    },
  });
  expect(created.status).toBe(201);
  if (approved) {
    const params = { planId: created.body.id };
    expect((await call('POST /plans/{planId}/submit', host, { params })).status).toBe(200);
    const review = await call('POST /plans/{planId}/review', admin, {
      params,
      body: { decision: 'approve' },
    });
    expect(review.status).toBe(200);
  }
  return created.body.id;
}

const record = (planId: string, amountFen: number, date: string) =>
  call('POST /plans/{planId}/expenses', host, {
    params: { planId },
    body: { amountFen, description: `支出 ${amountFen}`, date },
  });

/** Every expense of the plan, page by page of `limit`. */
async function listAll(planId: string, claims: Claims, limit: number) {
  const items: Json[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await call('GET /plans/{planId}/expenses', claims, {
      params: { planId },
      query: { limit: String(limit), ...(cursor ? { cursor } : {}) },
    });
    expect(page.status).toBe(200);
    items.push(...(page.body.items as Json[]));
    cursor = (page.body.nextCursor as string | null) ?? undefined;
    pages += 1;
  } while (cursor);
  return { items, pages };
}

beforeAll(async () => {
  const hostOrg = await organization({ name: '广西科技大学', kind: 'host', city: '柳州' });
  const otherHostOrg = await organization({ name: '玉林师范学院', kind: 'host', city: '玉林' });
  const departmentOrg = await organization({ name: '自治区科学技术厅', kind: 'department', city: '南宁' });
  host = as('host', hostOrg);
  otherHost = as('host', otherHostOrg);
  department = as('department', departmentOrg);
});

describe('GET /plans/{planId}/expenses', () => {
  let planId: string;
  const DATES = [
    '2027-03-01',
    '2027-05-20',
    '2027-04-10',
    '2027-05-20',
    '2027-01-15',
    '2027-04-10',
    '2027-02-28',
  ];

  beforeAll(async () => {
    planId = await plan(true);
    // Recorded all at once: the plan's version races, every expense is still kept once.
    const answers = await Promise.all(DATES.map((date, index) => record(planId, 100 * (index + 1), date)));
    expect(answers.map((answer) => answer.status)).toEqual(DATES.map(() => 201));
  });

  it('lists every expense once, newest date first, and adds up to what the plan has spent', async () => {
    const { items, pages } = await listAll(planId, host, 3);
    expect(pages).toBe(3);
    expect(items).toHaveLength(DATES.length);
    expect(new Set(items.map((item) => item.id)).size).toBe(DATES.length);
    const dates = items.map((item) => item.date as string);
    expect(dates).toEqual([...DATES].sort().reverse());
    expect(items[0]).toEqual({
      id: expect.stringMatching(/^exp_/),
      planId,
      amountFen: expect.any(Number),
      description: expect.stringMatching(/^支出 /),
      date: '2027-05-20',
      recordedBy: host.sub,
      recordedAt: expect.any(String),
    });
    const spent = items.reduce((sum, item) => sum + (item.amountFen as number), 0);
    const read = await call('GET /plans/{planId}', host, { params: { planId } });
    expect(read.body.spentFen).toBe(spent);
  });

  it('lists one date in the order recorded, the last first', async () => {
    const other = await plan(true);
    for (const amountFen of [1, 2, 3])
      expect((await record(other, amountFen, '2027-06-01')).status).toBe(201);
    const { items } = await listAll(other, admin, 50);
    expect(items.map((item) => item.amountFen)).toEqual([3, 2, 1]);
  });

  it('answers the co-organizing department and admin alike, and an empty page for a plan without any', async () => {
    const byHost = await listAll(planId, host, 50);
    for (const reader of [department, admin]) {
      expect((await listAll(planId, reader, 50)).items).toEqual(byHost.items);
    }
    const none = await call('GET /plans/{planId}/expenses', host, { params: { planId: await plan(false) } });
    expect(none).toMatchObject({ status: 200, body: { items: [], nextCursor: null } });
  });

  it("refuses a cursor of another plan's expenses with 400", async () => {
    const first = await call('GET /plans/{planId}/expenses', host, {
      params: { planId },
      query: { limit: '1' },
    });
    const cursor = first.body.nextCursor as string;
    expect(cursor).toEqual(expect.any(String));
    const other = await plan(true);
    const foreign = await call('GET /plans/{planId}/expenses', host, {
      params: { planId: other },
      query: { cursor },
    });
    expect(foreign.status).toBe(400);
    expect(foreign.body).toMatchObject({ error: { details: [{ field: 'cursor' }] } });
  });

  it('refuses others: 404 for a plan they may not see, 403 for one they see but do not run', async () => {
    const draft = await plan(false);
    const hidden = await call('GET /plans/{planId}/expenses', otherHost, { params: { planId: draft } });
    expect(hidden.status).toBe(404);
    // An approved plan is not yet public either.
    expect((await call('GET /plans/{planId}/expenses', otherHost, { params: { planId } })).status).toBe(404);
    expect((await call('POST /plans/{planId}/publish', admin, { params: { planId } })).status).toBe(200);
    const seen = await call('GET /plans/{planId}/expenses', otherHost, { params: { planId } });
    expect(seen.status).toBe(403);
    expect(seen.body).toMatchObject({
      error: { code: 'FORBIDDEN', message: '仅计划的承办单位、主管部门和项目管理办公室可以查看支出明细' },
    });
    expect((await call('GET /plans/{planId}/expenses', trainee, { params: { planId } })).status).toBe(403);
  });
});
