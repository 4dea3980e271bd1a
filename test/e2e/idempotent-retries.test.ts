/**
 * Client retries over HTTP: every creating route (`idempotent: true` in the route table) is
 * replayed 10 times at once with the same Idempotency-Key, and the thing is created once; the
 * same key with another body (or, for a registration, another session) is refused with 422.
 * The list of routes comes from the table: a new creating route without a set-up here fails.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beijingDate } from '#shared/domain/dates';
import { ROUTES, type Route } from '#shared/routes';
import { ApiClient, type ApiResponse } from '../support/api-client';
import { addDays, idNumberFor } from '../support/fixtures';
import { publishedSession } from '../support/http-scenario';
import { type LocalSystem, startLocalSystem } from '../support/local-system';
import { sessionWindow } from '../support/session-window';

type IdempotentOperation = Extract<Route, { idempotent: true }>['operationId'];

const REPLAYS = 10;
const today = beijingDate(new Date());
const year = Number(today.slice(0, 4));

let system: LocalSystem;
let anonymous: ApiClient;
let admin: ApiClient;
let host: ApiClient;
let planId: string;
let baseId: string;
let baseHost: ApiClient;
let assessor: ApiClient;
let trainee: ApiClient;
const traineeSub = `retry-trainee-${randomUUID().slice(0, 8)}`;

/** What one creating route needs: the request replayed, another one under the same key, and a count. */
interface RetryCase {
  caller: () => ApiClient;
  /** The request replayed (its path must be an instance of the route's path). */
  request: () => Promise<{ path: string; body?: unknown }>;
  /** Another request under the same key: another body, or another path when there is no body. */
  other: (first: { path: string; body?: unknown }) => Promise<{ path: string; body?: unknown }>;
  /** What identifies the created thing in the 201 answer. */
  identity: (answer: ApiResponse) => string;
  /** How many of the things the request creates exist now (read back through the API). */
  count: (first: { path: string; body?: unknown }, created: ApiResponse) => Promise<number>;
}

/** Every page of a list. */
async function listAll(client: ApiClient, path: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let cursor: string | null = null;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const page: ApiResponse = await client.get(
      `${path}${separator}limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    expect(page.status, JSON.stringify(page.body)).toBe(200);
    items.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return items;
}

const unique = (prefix: string) => `${prefix} ${randomUUID().slice(0, 8)}`;

/** The window of `publishedSession`'s own session, so in its plan's year whatever the day. */
const sessionDates = () => {
  const { year: _planYear, ...dates } = sessionWindow();
  return dates;
};

const sessionBody = (title: string) => ({
  title,
  ...sessionDates(),
  capacity: 30,
  creditHours: 6,
  subjectType: 'public-elective',
  mode: 'blended',
  city: '桂林',
});

async function newSession(title: string): Promise<string> {
  const created = await host.post(`/plans/${planId}/sessions`, sessionBody(title));
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body.id;
}

const CASES: { [K in IdempotentOperation]: RetryCase } = {
  createOrganization: {
    caller: () => admin,
    request: async () => ({
      path: '/organizations',
      body: { name: unique('重放培训机构'), kind: 'training-institution', city: '北海' },
    }),
    other: async (first) => ({ path: first.path, body: { ...(first.body as object), city: '钦州' } }),
    identity: (answer) => answer.body.id,
    count: async (first) => {
      const { name } = first.body as { name: string };
      const items = await listAll(admin, '/organizations?kind=training-institution');
      return items.filter((item) => item.name === name).length;
    },
  },

  fileAnnualReport: {
    caller: () => baseHost,
    request: async () => ({
      path: `/organizations/${baseId}/annual-reports`,
      body: { year: year - 1, summary: '全年培训1300人', nextYearPlan: '计划培训1600人' },
    }),
    other: async (first) => ({
      path: first.path,
      body: { ...(first.body as object), summary: '全年培训1301人' },
    }),
    identity: (answer) => `${answer.body.orgId}/${answer.body.year}/${answer.body.submittedAt}`,
    count: async (_first, created) => {
      const read = await admin.get(`/organizations/${baseId}/annual-reports/${year - 1}`);
      if (read.status === 404) return 0;
      expect(read.status, JSON.stringify(read.body)).toBe(200);
      // One report per base and year: the stored one must be the one the first answer created.
      expect(read.body.submittedAt).toBe(created.body.submittedAt);
      // A fresh filing without the key is refused: the year is taken by exactly that report.
      const again = await baseHost.post(`/organizations/${baseId}/annual-reports`, {
        year: year - 1,
        summary: '再次提交',
        nextYearPlan: '再次提交',
      });
      expect(again.status, JSON.stringify(again.body)).toBe(409);
      return 1;
    },
  },

  createPlan: {
    caller: () => host,
    request: async () => ({
      path: '/plans',
      body: {
        year,
        project: 'seminar',
        level: 'regional',
        category: 'shortage',
        title: unique('重放研修计划'),
        plannedSessions: 2,
        plannedTrainees: 80,
        budget: { subsidyCapFen: 500_000, selfFundedFen: 100_000 },
      },
    }),
    other: async (first) => ({ path: first.path, body: { ...(first.body as object), plannedSessions: 3 } }),
    identity: (answer) => answer.body.id,
    count: async (first) => {
      const { title } = first.body as { title: string };
      const items = await listAll(host, `/plans?year=${year}`);
      return items.filter((item) => item.title === title).length;
    },
  },

  recordExpense: {
    caller: () => host,
    request: async () => {
      // A plan of its own, so its spending is exactly what this case records.
      const plan = await host.post('/plans', {
        year,
        project: 'capability',
        level: 'regional',
        category: 'public-compulsory',
        title: unique('重放支出计划'),
        plannedSessions: 1,
        plannedTrainees: 40,
        budget: { subsidyCapFen: 1_000_000, selfFundedFen: 0 },
      });
      expect(plan.status, JSON.stringify(plan.body)).toBe(201);
      expect((await host.post(`/plans/${plan.body.id}/submit`)).status).toBe(200);
      expect((await admin.post(`/plans/${plan.body.id}/review`, { decision: 'approve' })).status).toBe(200);
      return {
        path: `/plans/${plan.body.id}/expenses`,
        body: { amountFen: 12_345, description: '场地租赁费', date: today },
      };
    },
    other: async (first) => ({ path: first.path, body: { ...(first.body as object), amountFen: 12_346 } }),
    identity: (answer) => answer.body.id,
    count: async (first) => {
      const plan = await host.get(first.path.replace(/\/expenses$/, ''));
      expect(plan.status, JSON.stringify(plan.body)).toBe(200);
      expect(plan.body.spentFen % 12_345).toBe(0);
      return plan.body.spentFen / 12_345;
    },
  },

  createSession: {
    caller: () => host,
    request: async () => ({ path: `/plans/${planId}/sessions`, body: sessionBody(unique('重放班次')) }),
    other: async (first) => ({ path: first.path, body: { ...(first.body as object), capacity: 31 } }),
    identity: (answer) => answer.body.id,
    count: async (first) => {
      const { title } = first.body as { title: string };
      const items = await listAll(host, `/sessions?planId=${planId}`);
      return items.filter((item) => item.title === title).length;
    },
  },

  register: {
    caller: () => trainee,
    request: async () => ({
      path: `/sessions/${await newSession(unique('重放报名班次'))}/registrations`,
    }),
    // No body: the same key on another session is another request.
    other: async () => ({ path: `/sessions/${await newSession(unique('另一班次'))}/registrations` }),
    identity: (answer) => answer.body.id,
    count: async (first) => {
      const sessionId = first.path.split('/')[2] as string;
      const session = await trainee.get(`/sessions/${sessionId}`);
      expect(session.status, JSON.stringify(session.body)).toBe(200);
      const mine = await listAll(trainee, '/registrations?mine=true');
      const registrations = mine.filter((item) => item.sessionId === sessionId).length;
      expect(session.body.seatsTaken + session.body.waitlistLength).toBe(registrations);
      return registrations;
    },
  },

  issueTechnicalCertificate: {
    caller: () => assessor,
    request: async () => ({
      path: '/certificates',
      body: {
        holderId: traineeSub,
        holderName: '重放学员',
        field: unique('cloud-computing'),
        level: 'intermediate',
        examDate: addDays(today, -3),
      },
    }),
    other: async (first) => ({ path: first.path, body: { ...(first.body as object), level: 'senior' } }),
    identity: (answer) => answer.body.number,
    count: async (first) => {
      const { field } = first.body as { field: string };
      const mine = await listAll(trainee, '/certificates?mine=true');
      return mine.filter((item) => item.title === field).length;
    },
  },
};

const IDEMPOTENT_ROUTES = ROUTES.filter(
  (route): route is Extract<Route, { idempotent: true }> => 'idempotent' in route && route.idempotent,
);

/** `/plans/{planId}/sessions` as a pattern that its instances match. */
const pathPattern = (path: string) => new RegExp(`^${path.replace(/\{\w+\}/g, '[^/]+')}$`);

beforeAll(async () => {
  system = await startLocalSystem();
  anonymous = new ApiClient(system.baseUrl);
  admin = await anonymous.as('retry-admin', 'admin', 'org_hrss');
  ({ host, planId } = await publishedSession(anonymous, admin, { hostName: '重放测试承办单位' }));

  const base = await admin.post('/organizations', {
    name: '重放测试继续教育基地',
    kind: 'base',
    level: 'regional',
    city: '梧州',
  });
  expect(base.status, JSON.stringify(base.body)).toBe(201);
  baseId = base.body.id;
  baseHost = await anonymous.as('retry-base-host', 'host', baseId);

  const institution = await admin.post('/organizations', {
    name: '重放测试评价中心',
    kind: 'assessment-institution',
    city: '南宁',
  });
  expect(institution.status, JSON.stringify(institution.body)).toBe(201);
  assessor = await anonymous.as('retry-assessor', 'assessor', institution.body.id);

  trainee = await anonymous.as(traineeSub, 'trainee');
  const profile = await trainee.request('PUT', '/trainees/me', {
    body: {
      name: '重放学员',
      idNumber: idNumberFor(42),
      employer: '某单位',
      city: '南宁',
      email: 'r@example.cn',
    },
  });
  expect(profile.status, JSON.stringify(profile.body)).toBe(200);
});

afterAll(async () => {
  await system?.stop();
});

describe('the route table', () => {
  it('has a retry set-up for every creating route, and none for a route that does not create', () => {
    expect(IDEMPOTENT_ROUTES.length).toBeGreaterThan(0);
    const covered = Object.keys(CASES).sort();
    expect(IDEMPOTENT_ROUTES.map((route) => route.operationId).sort()).toEqual(covered);
    for (const route of IDEMPOTENT_ROUTES) expect(route.method).toBe('POST');
  });
});

describe.each(
  IDEMPOTENT_ROUTES.map((route) => [`${route.operationId} (${route.method} ${route.path})`, route] as const),
)('%s replayed with one Idempotency-Key', (_name, route) => {
  it(`creates one thing for ${REPLAYS} concurrent replays, and refuses the key for another request`, async () => {
    const retry = CASES[route.operationId as IdempotentOperation];
    expect(retry, `no retry set-up for ${route.operationId}`).toBeDefined();
    const caller = retry.caller();
    const first = await retry.request();
    expect(first.path).toMatch(pathPattern(route.path));
    const key = `retry-${route.operationId}-${randomUUID()}`;
    const send = (request: { path: string; body?: unknown }) =>
      caller.request(route.method, request.path, {
        ...(request.body === undefined ? {} : { body: request.body }),
        headers: { 'idempotency-key': key },
      });

    const answers = await Promise.all(Array.from({ length: REPLAYS }, () => send(first)));
    const summary = JSON.stringify(answers.map((answer) => [answer.status, answer.body]));
    expect(
      answers.map((answer) => answer.status),
      summary,
    ).toEqual(Array(REPLAYS).fill(route.status));
    const [created] = answers as [ApiResponse, ...ApiResponse[]];
    expect(new Set(answers.map(retry.identity)), summary).toEqual(new Set([retry.identity(created)]));
    for (const answer of answers) expect(answer.body).toEqual(created.body);
    expect(answers.filter((answer) => answer.headers.get('idempotent-replayed') === 'true')).toHaveLength(
      REPLAYS - 1,
    );
    expect(await retry.count(first, created)).toBe(1);

    // A later retry still gets the first answer.
    const later = await send(first);
    expect(later.status).toBe(route.status);
    expect(later.body).toEqual(created.body);

    const other = await retry.other(first);
    expect(other.path).toMatch(pathPattern(route.path));
    expect(other).not.toEqual(first);
    const reused = await send(other);
    expect(reused.status, JSON.stringify(reused.body)).toBe(422);
    expect(reused.body).toEqual({ error: { code: 'IDEMPOTENCY_KEY_REUSED', message: expect.any(String) } });
    expect(await retry.count(first, created)).toBe(1);
    if (other.path !== first.path) expect(await retry.count(other, created)).toBe(0);
  });
});
