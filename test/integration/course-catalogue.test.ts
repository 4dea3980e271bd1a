/**
 * The public course catalogue and a trainee's registrations with their sessions, against DynamoDB
 * Local: the store's catalogue Query (filters, pages, the read bound, the search form of titles)
 * and the two functions in process. The file has its own tables, so that the year's partition of
 * sessions holds exactly what it seeds, whatever other test files write meanwhile.
 */
import { randomUUID } from 'node:crypto';
import { CreateTableCommand, DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { handler as registrationsHandler } from '#functions/registrations/handler';
import { handler as sessionsHandler } from '#functions/sessions/handler';
import { localDynamoClient } from '#infra/local/dynamodb';
import { createTableInput } from '#infra/local/tables';
import type { Actor } from '#shared/domain/actor';
import { AppError } from '#shared/domain/errors';
import { newOrganization } from '#shared/domain/organizations/organization';
import { newPlan } from '#shared/domain/plans/plan';
import { CreatePlanInput, type Plan } from '#shared/domain/plans/schemas';
import { cityNames } from '#shared/domain/sessions/catalogue';
import { CreateSessionInput, type Session } from '#shared/domain/sessions/schemas';
import { searchText } from '#shared/domain/sessions/search-text';
import { newSession } from '#shared/domain/sessions/session';
import { db } from '#shared/store/client';
import { putNewOrganization } from '#shared/store/organizations';
import { putNewPlan } from '#shared/store/plans';
import {
  type CatalogueFilters,
  catalogueSessions,
  putNewSession,
  sessionKey,
  updateSessionFields,
} from '#shared/store/sessions';
import { TABLES, tableName } from '#shared/store/tables';
import { putTraineeProfile } from '#shared/store/trainees';
import { idNumberFor } from '../support/fixtures';
import { claimsFor, httpEvent, jsonBody, lambdaContext } from '../support/http-event';
import { useIntegrationConfig } from './config';

const suffix = randomUUID().slice(0, 8);
const OWN_TABLES = Object.fromEntries(
  Object.values(TABLES).map((table) => [table.envVar, `${table.name}-catalogue-${suffix}`]),
);
useIntegrationConfig(OWN_TABLES);
const admin = localDynamoClient(inject('dynamoEndpoint'));

const YEAR = 2030;
/** The day the catalogue is read on: half the seeded deadlines lie before it. */
const TODAY = `${YEAR}-06-01`;
/** Sessions are created on the year's first days, when every deadline is still ahead. */
const CREATED = new Date(`${YEAR}-01-02T10:00:00+08:00`);
const PLAIN = 60;

const host = newOrganization({ name: '广西数字经济研究院', kind: 'host', city: '南宁' }, CREATED);
const actor: Actor = { userId: `host-of-${host.id}`, roles: ['host'], orgId: host.id };

function planOf(overrides: Partial<CreatePlanInput>, status: Plan['status'] = 'published'): Plan {
  const draft = newPlan(
    CreatePlanInput.parse({
      year: YEAR,
      project: 'seminar',
      level: 'regional',
      category: 'shortage',
      title: '急需紧缺人才培训',
      plannedSessions: 80,
      plannedTrainees: 4000,
      budget: { subsidyCapFen: 100_000, selfFundedFen: 0 },
      ...overrides,
    }),
    actor,
    CREATED,
  );
  // Named as the plans function names it (newPlan alone knows only the host's id).
  const named = { ...draft, hostName: host.name };
  return status === 'published'
    ? { ...named, status, publishedAt: CREATED.toISOString() }
    : { ...named, status };
}

const seminars = planOf({});
const bigData = planOf({
  project: 'digital-engineer',
  category: 'digital',
  field: 'big-data',
  title: '大数据工程技术人员培训',
});
const draftDigital = planOf(
  { project: 'digital-engineer', category: 'digital', field: 'big-data', title: '数字经济草稿计划' },
  'draft',
);

/** Deadline `n` days into the year (1 = 1 January), the session held a week later. */
function datesOn(n: number) {
  const deadline = new Date(Date.UTC(YEAR, 0, n)).toISOString().slice(0, 10);
  const start = new Date(Date.UTC(YEAR, 0, n + 7)).toISOString().slice(0, 10);
  const end = new Date(Date.UTC(YEAR, 0, n + 9)).toISOString().slice(0, 10);
  return { registrationDeadline: deadline, startDate: start, endDate: end };
}

function sessionOf(plan: Plan, day: number, fields: Partial<CreateSessionInput>): Session {
  return newSession(
    plan,
    CreateSessionInput.parse({
      title: '专业技术人员培训班',
      ...datesOn(day),
      capacity: 30,
      creditHours: 24,
      subjectType: 'professional',
      mode: 'offline',
      city: '南宁',
      location: '南宁市青秀区民族大道 1 号',
      ...fields,
    }),
    CREATED,
  );
}

/** Sixty plain sessions, deadlines every five days, two cities (one written with 市), three modes. */
const plain = Array.from({ length: PLAIN }, (_, n) =>
  sessionOf(seminars, 2 + n * 5, {
    title: `常规培训班 第${n + 1}期`,
    city: n % 2 === 0 ? '南宁' : '柳州市',
    mode: (['offline', 'online', 'blended'] as const)[n % 3],
    subjectType: n % 4 === 0 ? 'public-elective' : 'professional',
  }),
);
const digital = [
  sessionOf(bigData, 20, { title: '数字经济高级研修班', city: '南宁市' }),
  sessionOf(bigData, 200, { title: '大数据与数字经济专题', mode: 'online', capacity: null }),
];
const latin = sessionOf(seminars, 100, { title: 'AI Engineering Workshop 人工智能' });
/** The last deadline of the year: a search for it reads the whole partition first. */
const last = sessionOf(seminars, 330, { title: '压轴收官班' });
const all = [...plain, ...digital, latin, last];

const byDeadline = (sessions: Session[]) =>
  [...sessions].sort((a, b) =>
    `${a.registrationDeadline}#${a.id}`.localeCompare(`${b.registrationDeadline}#${b.id}`),
  );

/** Every session a filter yields, page by page, with what each page read. */
async function walk(filters: Omit<CatalogueFilters, 'year' | 'cursor'>, maxRead?: number) {
  const found: Session[] = [];
  const reads: number[] = [];
  let cursor: string | undefined;
  do {
    const page = await catalogueSessions({ year: YEAR, ...filters, cursor }, TODAY, maxRead);
    expect(page.items.length).toBeLessThanOrEqual(filters.limit);
    found.push(...page.items);
    reads.push(page.itemsRead);
    cursor = page.nextCursor ?? undefined;
    if (reads.length > 200) throw new Error('A runaway cursor');
  } while (cursor);
  return { ids: found.map((session) => session.id), found, reads };
}
const idsOf = (sessions: Session[]) => byDeadline(sessions).map((session) => session.id);

beforeAll(async () => {
  for (const def of Object.values(TABLES)) {
    await admin.send(new CreateTableCommand(createTableInput(def, OWN_TABLES[def.envVar])));
  }
  await putNewOrganization(host);
  for (const plan of [seminars, bigData, draftDigital]) await putNewPlan(plan);
  for (const session of all) await putNewSession(session);
});

afterAll(async () => {
  for (const name of Object.values(OWN_TABLES)) await admin.send(new DeleteTableCommand({ TableName: name }));
});

describe('the catalogue query', () => {
  it('lists the whole year by registration deadline, page after page, each session once', async () => {
    const { ids, reads } = await walk({ limit: 7 });
    expect(ids).toEqual(idsOf(all));
    // Without filters, a page reads what it shows (and the last page one more, to see the end).
    expect(reads.slice(0, -1).every((read) => read === 7)).toBe(true);
  });

  it('finds a Chinese part of a title', async () => {
    const { ids } = await walk({ search: searchText('数字'), limit: 50 });
    expect(ids).toEqual(idsOf(digital));
  });

  it('finds Latin letters whatever their case or width', async () => {
    for (const typed of ['ai engineering', 'AI ENGINEERING', 'ＡＩ　Engineering']) {
      expect((await walk({ search: searchText(typed), limit: 50 })).ids, typed).toEqual([latin.id]);
    }
  });

  it('filters by city (either way of writing it), mode and subject type across pages', async () => {
    const { ids } = await walk({ cities: cityNames('柳州'), mode: 'online', limit: 3 });
    const expected = all.filter((session) => session.city === '柳州市' && session.mode === 'online');
    expect(expected.length).toBeGreaterThan(5);
    expect(ids).toEqual(idsOf(expected));

    const nanning = await walk({ cities: cityNames('南宁市'), subjectType: 'public-elective', limit: 4 });
    expect(nanning.ids).toEqual(
      idsOf(all.filter((s) => cityNames('南宁').includes(s.city) && s.subjectType === 'public-elective')),
    );
  });

  it('splits the year at today by the deadline: open and closed', async () => {
    const open = await walk({ open: true, limit: 20 });
    const closed = await walk({ open: false, limit: 20 });
    expect(open.ids).toEqual(idsOf(all.filter((s) => s.registrationDeadline >= TODAY)));
    expect(closed.ids).toEqual(idsOf(all.filter((s) => s.registrationDeadline < TODAY)));
    // The deadline is in the key: the open half is all that is read for it.
    expect(open.reads.reduce((sum, read) => sum + read, 0)).toBeLessThanOrEqual(open.ids.length + 1);
  });

  it("finds a field's sessions by their published plan", async () => {
    expect((await walk({ field: 'big-data', limit: 50 })).ids).toEqual(idsOf(digital));
    const none = await catalogueSessions({ year: YEAR, field: 'blockchain', limit: 50 }, TODAY);
    expect(none).toEqual({ items: [], nextCursor: null, itemsRead: 0 });
  });

  it('never shows what an unpublished plan would offer', async () => {
    // The draft plan's title matches, but a plan is not a session, and it can have none.
    expect(() => sessionOf(draftDigital, 40, { title: '数字经济草稿班' })).toThrow(AppError);
    const everything = await walk({ limit: 100 });
    expect(new Set(everything.found.map((session) => session.planId))).toEqual(
      new Set([seminars.id, bigData.id]),
    );
    expect((await walk({ search: searchText('草稿'), limit: 50 })).ids).toEqual([]);
  });

  it('reads at most the bound a request, and its cursor reads on to what lies further', async () => {
    const bound = 15;
    const { ids, reads } = await walk({ search: searchText('压轴'), limit: 10 }, bound);
    expect(ids).toEqual([last.id]);
    expect(Math.max(...reads)).toBeLessThanOrEqual(bound);
    // The whole year was read once, a bound's worth at a time (the last page one more).
    expect(reads.length).toBeGreaterThanOrEqual(Math.ceil(all.length / bound));
    expect(reads.reduce((sum, read) => sum + read, 0)).toBeLessThanOrEqual(all.length + 1);
  });

  it('keeps searching a session whose title changed, and a session stored before the search form', async () => {
    const renamed = plain[10] as Session;
    await updateSessionFields(
      renamed.id,
      { title: 'ＢＩＧ Data 实战营', updatedAt: CREATED.toISOString() },
      renamed.version,
    );
    expect((await walk({ search: searchText('big data'), limit: 50 })).ids).toEqual([renamed.id]);
    expect((await walk({ search: searchText(renamed.title), limit: 50 })).ids).toEqual([]);

    const legacy = plain[11] as Session;
    await db.send(
      new UpdateCommand({
        TableName: tableName('plans'),
        Key: sessionKey(legacy.id),
        UpdateExpression: 'REMOVE titleSearch',
      }),
    );
    expect((await walk({ search: searchText('第12期'), limit: 50 })).ids).toEqual([legacy.id]);
  });

  it("refuses another year's cursor", async () => {
    const first = await catalogueSessions({ year: YEAR, limit: 2 }, TODAY);
    const cursor = first.nextCursor ?? undefined;
    expect(cursor).toBeDefined();
    await expect(catalogueSessions({ year: YEAR + 1, limit: 2, cursor }, TODAY)).rejects.toMatchObject({
      status: 400,
    });
  });
});

describe('GET /public/sessions in process', () => {
  const list = (query: Record<string, string>, headers?: Record<string, string>) =>
    sessionsHandler(
      httpEvent({ routeKey: 'GET /public/sessions', query, ...(headers ? { headers } : {}) }),
      lambdaContext('sessions'),
    );

  it('answers without a token, each session with its host, dates, place and seats', async () => {
    const result = await list({ year: String(YEAR), q: '数字经济高级' });
    expect(result.statusCode).toBe(200);
    const body = jsonBody(result) as { items: Record<string, unknown>[]; nextCursor: string | null };
    const [session] = digital;
    expect(body).toEqual({
      items: [
        {
          id: session?.id,
          title: '数字经济高级研修班',
          planId: bigData.id,
          hostOrgId: host.id,
          hostName: '广西数字经济研究院',
          startDate: session?.startDate,
          endDate: session?.endDate,
          registrationDeadline: session?.registrationDeadline,
          city: '南宁市',
          location: '南宁市青秀区民族大道 1 号',
          mode: 'offline',
          subjectType: 'professional',
          creditHours: 24,
          capacity: 30,
          seatsLeft: 30,
          open: true,
        },
      ],
      nextCursor: null,
    });
  });

  it('refuses a value outside the catalog, in Chinese or in English', async () => {
    const result = await list({ field: 'cooking' });
    expect(result.statusCode).toBe(400);
    expect((jsonBody(result).error as { message: string }).message).toBe('查询参数有误：专业领域');
    const english = await list({ mode: 'remote' }, { 'accept-language': 'en' });
    expect((jsonBody(english).error as { message: string }).message).toBe('Invalid query: query.mode');
  });
});

describe("a trainee's registrations with their sessions", () => {
  const register = (sessionId: string, trainee: string) =>
    registrationsHandler(
      httpEvent({
        routeKey: 'POST /sessions/{sessionId}/registrations',
        pathParameters: { sessionId },
        claims: claimsFor('trainee', trainee),
      }),
      lambdaContext('registrations'),
    );
  const mine = (trainee: string) =>
    registrationsHandler(
      httpEvent({
        routeKey: 'GET /registrations',
        query: { mine: 'true' },
        claims: claimsFor('trainee', trainee),
      }),
      lambdaContext('registrations'),
    );

  /** Counts the commands the store's client sends while `work` runs. */
  async function counted<T>(work: () => Promise<T>): Promise<{ result: T; commands: string[] }> {
    const commands: string[] = [];
    const name = `catalogueCounter-${randomUUID()}`;
    db.middlewareStack.add(
      (next, context) => async (args) => {
        commands.push(context.commandName ?? '?');
        return next(args);
      },
      { step: 'initialize', name },
    );
    try {
      return { result: await work(), commands };
    } finally {
      db.middlewareStack.remove(name);
    }
  }

  it('carries dates and place, the waitlist place, with one BatchGet for the page', async () => {
    const small = sessionOf(seminars, 250, {
      title: '小班研修',
      capacity: 1,
      city: '桂林',
      location: '桂林市七星区',
    });
    await putNewSession(small);
    const [first, second] = ['trainee-cat-1', 'trainee-cat-2'];
    for (const [n, traineeId] of [first, second].entries()) {
      await putTraineeProfile({
        traineeId: traineeId as string,
        name: `学员${n}`,
        idNumber: idNumberFor(900 + n),
        employer: '南宁市第一中学',
        city: '南宁',
        email: `${traineeId}@example.cn`,
        updatedAt: CREATED.toISOString(),
      });
    }
    expect((await register(small.id, first as string)).statusCode).toBe(201);
    for (const session of [small, ...digital]) {
      expect((await register(session.id, second as string)).statusCode).toBe(201);
    }

    const { result, commands } = await counted(() => mine(second as string));
    expect(result.statusCode).toBe(200);
    const items = (jsonBody(result) as { items: Record<string, unknown>[] }).items;
    expect(items).toHaveLength(3);
    const waiting = items.find((item) => item.sessionId === small.id);
    expect(waiting).toMatchObject({
      status: 'waitlisted',
      waitlistPlace: 1,
      session: {
        title: '小班研修',
        startDate: small.startDate,
        endDate: small.endDate,
        city: '桂林',
        location: '桂林市七星区',
        mode: 'offline',
        hostName: '广西数字经济研究院',
      },
    });
    expect(items.find((item) => item.sessionId === digital[1]?.id)?.session).toMatchObject({
      title: '大数据与数字经济专题',
      mode: 'online',
      startDate: digital[1]?.startDate,
    });
    expect(commands.filter((command) => command === 'BatchGetItemCommand')).toHaveLength(1);
    expect(commands).not.toContain('GetItemCommand');
  });

  it('keeps what the registration recorded when its session is gone', async () => {
    const gone = sessionOf(seminars, 260, { title: '已撤销班次' });
    await putNewSession(gone);
    const traineeId = 'trainee-cat-3';
    await putTraineeProfile({
      traineeId,
      name: '学员3',
      idNumber: idNumberFor(903),
      employer: '南宁市第一中学',
      city: '南宁',
      email: `${traineeId}@example.cn`,
      updatedAt: CREATED.toISOString(),
    });
    expect((await register(gone.id, traineeId)).statusCode).toBe(201);
    await db.send(new DeleteCommand({ TableName: tableName('plans'), Key: sessionKey(gone.id) }));

    const result = await mine(traineeId);
    expect(result.statusCode).toBe(200);
    const [item] = (jsonBody(result) as { items: Record<string, unknown>[] }).items;
    expect(item?.session).toEqual({ title: '已撤销班次', hostName: '广西数字经济研究院' });
  });
});
