/** The plans function in process against DynamoDB Local: scopes, workflow races, expenses. */
import { beforeAll, describe, expect, it } from 'vitest';
import { handler } from '#functions/plans/handler';
import { newOrganization } from '#shared/domain/organizations/organization';
import type { CreateOrganizationInput } from '#shared/domain/organizations/schemas';
import { putNewOrganization } from '#shared/store/organizations';
import { claimsFor, httpEvent, jsonBody, lambdaContext } from '../support/http-event';

type Json = Record<string, unknown> & { id: string };

async function organization(input: CreateOrganizationInput) {
  const org = newOrganization(input, new Date());
  await putNewOrganization(org);
  return org.id;
}

let hostOrg: string;
let otherHostOrg: string;
let departmentOrg: string;
let baseOrg: string;

const as = (role: string, orgId?: string) =>
  claimsFor(role, `${role}-${orgId ?? 'none'}`, orgId ? { 'custom:orgId': orgId } : {});
let host: Record<string, string>;
let otherHost: Record<string, string>;
let department: Record<string, string>;
const admin = as('admin', 'org_hrss');
const trainee = as('trainee');

async function call(
  routeKey: string,
  claims: Record<string, string> | undefined,
  options: {
    params?: Record<string, string>;
    query?: Record<string, string>;
    body?: unknown;
    headers?: Record<string, string>;
  } = {},
) {
  const result = await handler(
    httpEvent({
      routeKey,
      ...(claims ? { claims } : {}),
      ...(options.params ? { pathParameters: options.params } : {}),
      ...(options.query ? { query: options.query } : {}),
      ...(options.headers ? { headers: options.headers } : {}),
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    }),
    lambdaContext(),
  );
  return { status: result.statusCode, body: jsonBody(result) as Json };
}

const planInput = (overrides: Record<string, unknown> = {}) => ({
  year: 2027,
  project: 'seminar',
  level: 'regional',
  category: 'on-the-job',
  title: '岗位培训研修班',
  plannedSessions: 1,
  plannedTrainees: 50,
  budget: { subsidyCapFen: 100_000, selfFundedFen: 0 },
  ...overrides,
});

async function draft(claims: Record<string, string>, overrides: Record<string, unknown> = {}) {
  const created = await call('POST /plans', claims, { body: planInput(overrides) });
  expect(created.status).toBe(201);
  return created.body;
}

async function publish(planId: string, owner: Record<string, string>) {
  const params = { planId };
  expect((await call('POST /plans/{planId}/submit', owner, { params })).status).toBe(200);
  expect(
    (await call('POST /plans/{planId}/review', admin, { params, body: { decision: 'approve' } })).status,
  ).toBe(200);
  expect((await call('POST /plans/{planId}/publish', admin, { params })).status).toBe(200);
}

async function listAll(claims: Record<string, string>, query: Record<string, string>) {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await call('GET /plans', claims, { query: { ...query, ...(cursor ? { cursor } : {}) } });
    expect(page.status).toBe(200);
    ids.push(...(page.body.items as Json[]).map((plan) => plan.id));
    cursor = (page.body.nextCursor as string | null) ?? undefined;
  } while (cursor);
  return ids;
}

beforeAll(async () => {
  hostOrg = await organization({ name: '南宁职业技术学院', kind: 'host', city: '南宁' });
  otherHostOrg = await organization({ name: '桂林理工大学', kind: 'host', city: '桂林' });
  departmentOrg = await organization({ name: '自治区工信厅', kind: 'department', city: '南宁' });
  baseOrg = await organization({ name: '广西大学基地', kind: 'base', level: 'national', city: '南宁' });
  host = as('host', hostOrg);
  otherHost = as('host', otherHostOrg);
  department = as('department', departmentOrg);
});

describe('drafting', () => {
  it('refuses an unregistered host organization, and base training by a non-base (422)', async () => {
    expect((await call('POST /plans', as('host', 'org_nowhere'), { body: planInput() })).body).toMatchObject({
      error: { code: 'UNKNOWN_ORGANIZATION' },
    });
    const baseTraining = planInput({ project: 'base-training', category: 'professional' });
    expect((await call('POST /plans', host, { body: baseTraining })).body).toMatchObject({
      error: { code: 'NOT_A_BASE' },
    });
    expect((await call('POST /plans', as('host', baseOrg), { body: baseTraining })).status).toBe(201);
  });

  it('refuses a departmentId that is not a department (422)', async () => {
    const response = await call('POST /plans', host, { body: planInput({ departmentId: otherHostOrg }) });
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ error: { code: 'NOT_A_DEPARTMENT' } });
  });
});

describe('scopes', () => {
  it('shows each caller exactly the plans of its scope, and 404 for the others', async () => {
    const year = '2028';
    const own = await draft(host, { year: 2028 });
    const coOrganized = await draft(otherHost, { year: 2028, departmentId: departmentOrg });
    const published = await draft(otherHost, { year: 2028 });
    await publish(published.id, otherHost);

    expect((await listAll(host, { year })).sort()).toEqual([own.id].sort());
    expect((await listAll(otherHost, { year })).sort()).toEqual([coOrganized.id, published.id].sort());
    expect(await listAll(department, { year })).toEqual([coOrganized.id]);
    // Other test files share the database: global lists are checked for what they must and must not hold.
    expect(await listAll(admin, { year })).toEqual(
      expect.arrayContaining([own.id, coOrganized.id, published.id]),
    );
    const traineeSees = await listAll(trainee, { year });
    expect(traineeSees).toContain(published.id);
    expect(traineeSees).not.toContain(own.id);
    expect(traineeSees).not.toContain(coOrganized.id);

    expect((await call('GET /plans/{planId}', otherHost, { params: { planId: own.id } })).status).toBe(404);
    expect((await call('GET /plans/{planId}', trainee, { params: { planId: coOrganized.id } })).status).toBe(
      404,
    );
    expect(
      (await call('GET /plans/{planId}', department, { params: { planId: coOrganized.id } })).status,
    ).toBe(200);
    expect((await call('GET /plans/{planId}', trainee, { params: { planId: published.id } })).status).toBe(
      200,
    );
    expect(
      (await call('PATCH /plans/{planId}', otherHost, { params: { planId: own.id }, body: { title: 'x' } }))
        .status,
    ).toBe(404);
  });

  it('filters by status and project, filling whole pages past non-matching plans', async () => {
    const year = 2029;
    const drafts = [];
    for (let i = 0; i < 5; i++) drafts.push(await draft(host, { year, title: `草稿 ${i}` }));
    const submitted = [];
    for (let i = 0; i < 3; i++) {
      const plan = await draft(host, { year, title: `已提交 ${i}` });
      await call('POST /plans/{planId}/submit', host, { params: { planId: plan.id } });
      submitted.push(plan.id);
    }
    const page = await call('GET /plans', host, {
      query: { year: String(year), status: 'submitted', limit: '2' },
    });
    expect((page.body.items as Json[]).map((plan) => plan.status)).toEqual(['submitted', 'submitted']);
    expect((await listAll(host, { year: String(year), status: 'submitted', limit: '2' })).sort()).toEqual(
      submitted.sort(),
    );
    // Admin's list spans other test files' plans too: it must hold ours and none of our drafts.
    const adminSubmitted = await listAll(admin, { year: String(year), status: 'submitted', limit: '1' });
    expect(adminSubmitted).toEqual(expect.arrayContaining(submitted));
    for (const plan of drafts) expect(adminSubmitted).not.toContain(plan.id);
    expect(await listAll(host, { year: String(year), project: 'capability' })).toEqual([]);
  });

  it('lists only published plans on the public route, without budget or history', async () => {
    const published = await draft(host, { year: 2030, title: '公示项目' });
    const unpublished = await draft(host, { year: 2030, title: '未公示项目' });
    await publish(published.id, host);
    const { handler: publicHandler } = await import('#functions/plans/handler');
    const result = await publicHandler(
      httpEvent({ routeKey: 'GET /public/plans', query: { year: '2030' } }),
      lambdaContext(),
    );
    const body = jsonBody(result) as { items: Json[] };
    const ids = body.items.map((plan) => plan.id);
    expect(ids).toContain(published.id);
    expect(ids).not.toContain(unpublished.id);
    const shown = body.items.find((plan) => plan.id === published.id);
    expect(shown).not.toHaveProperty('budget');
    expect(shown).not.toHaveProperty('history');
    expect(shown).toHaveProperty('publishedAt');
  });
});

describe('races', () => {
  it('lets exactly one of five concurrent submissions move the plan', async () => {
    const plan = await draft(host);
    const answers = await Promise.all(
      Array.from({ length: 5 }, () =>
        call('POST /plans/{planId}/submit', host, { params: { planId: plan.id } }),
      ),
    );
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(1);
    expect(answers.filter((answer) => answer.status === 409).map((answer) => answer.body)).toEqual(
      Array(4).fill(
        expect.objectContaining({ error: expect.objectContaining({ code: 'INVALID_TRANSITION' }) }),
      ),
    );
    const read = await call('GET /plans/{planId}', host, { params: { planId: plan.id } });
    expect((read.body.history as unknown[]).length).toBe(2);
  });

  it('keeps the totals exact under twenty concurrent expenses', async () => {
    const plan = await draft(host, { budget: { subsidyCapFen: 1_000, selfFundedFen: 0 } });
    await publish(plan.id, host);
    const amounts = Array.from({ length: 20 }, (_, i) => 10 * (i + 1));
    const answers = await Promise.all(
      amounts.map((amountFen, i) =>
        call('POST /plans/{planId}/expenses', host, {
          params: { planId: plan.id },
          body: { amountFen, description: `支出 ${i}`, date: '2027-05-01' },
        }),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(201));
    const spent = amounts.reduce((sum, amount) => sum + amount, 0);
    const read = await call('GET /plans/{planId}', host, { params: { planId: plan.id } });
    expect(read.body).toMatchObject({ spentFen: spent, reimbursableFen: 1_000, shortfallFen: spent - 1_000 });
    expect(read.body.version).toBe(4 + 20);
  });

  it('records an expense once for a replayed Idempotency-Key', async () => {
    const plan = await draft(host);
    await publish(plan.id, host);
    const record = () =>
      call('POST /plans/{planId}/expenses', host, {
        params: { planId: plan.id },
        headers: { 'idempotency-key': `expense-${plan.id}` },
        body: { amountFen: 500, description: '教材', date: '2027-06-01' },
      });
    const [first, second] = [await record(), await record()];
    expect(second.body.id).toBe(first.body.id);
    const read = await call('GET /plans/{planId}', host, { params: { planId: plan.id } });
    expect(read.body.spentFen).toBe(500);
  });
});
