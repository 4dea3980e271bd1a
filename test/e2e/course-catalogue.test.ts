/**
 * The course catalogue over HTTP against the local system, as a phone would use it: anyone, without
 * signing in, finds a session by a few Chinese characters of its title (`GET /public/sessions?q=`)
 * with its host, dates, place and seats left, narrows by city, mode, field and whether it still
 * takes registrations; a trainee then sees in `GET /registrations?mine=true` when and where to go.
 * What a plan not yet published would offer never shows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beijingDate } from '#shared/domain/dates';
import { ApiClient } from '../support/api-client';
import { publishedPlan, traineeWithProfile } from '../support/http-scenario';
import { type LocalSystem, startLocalSystem } from '../support/local-system';
import { sessionWindow } from '../support/session-window';

let system: LocalSystem;
let anonymous: ApiClient;
let admin: ApiClient;
let host: ApiClient;

const held = sessionWindow({ deadlineIn: 5, startIn: 10, endIn: 12 });
const { year, ...dates } = held;

type Entry = Record<string, unknown> & { id: string; title: string };
const ids = (items: Entry[]) => items.map((item) => item.id).sort();

/** Every entry the catalogue lists for `query` (a year is always given), page by page. */
async function catalogue(query: string, client = anonymous): Promise<Entry[]> {
  const items: Entry[] = [];
  let cursor: string | null = null;
  do {
    const path: string = `/public/sessions?year=${year}&${query}${cursor ? `&cursor=${cursor}` : ''}`;
    const page = await client.get(path);
    expect(page.status, `${path}: ${JSON.stringify(page.body)}`).toBe(200);
    items.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return items;
}

const sessions: Record<string, Entry> = {};
let hostOrgId: string;

async function addSession(planId: string, body: Record<string, unknown>): Promise<Entry> {
  const answer = await host.post(`/plans/${planId}/sessions`, {
    ...dates,
    creditHours: 24,
    subjectType: 'professional',
    ...body,
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body;
}

beforeAll(async () => {
  system = await startLocalSystem();
  anonymous = new ApiClient(system.baseUrl);
  admin = await anonymous.as('catalogue-admin', 'admin', 'org_hrss');
  const org = await admin.post('/organizations', { name: '广西数字经济研究院', kind: 'host', city: '南宁' });
  hostOrgId = org.body.id;
  host = await anonymous.as(`host-of-${hostOrgId}`, 'host', hostOrgId);

  const planId = await publishedPlan(host, admin, year);
  sessions.economy = await addSession(planId, {
    title: '数字经济高级研修班',
    capacity: 2,
    mode: 'offline',
    city: '南宁',
    location: '南宁市青秀区民族大道 1 号',
  });
  sessions.village = await addSession(planId, {
    title: '数字乡村建设专题班',
    capacity: null,
    mode: 'online',
    city: '柳州市',
  });
  sessions.revival = await addSession(planId, {
    title: '乡村振兴研修班',
    capacity: 40,
    mode: 'blended',
    city: '南宁市',
    location: '南宁市西乡塘区大学东路 100 号',
  });

  const digital = await host.post('/plans', {
    year,
    project: 'digital-engineer',
    level: 'regional',
    category: 'digital',
    field: 'big-data',
    title: '大数据工程技术人员培训',
    plannedSessions: 1,
    plannedTrainees: 60,
    budget: { subsidyCapFen: 0, selfFundedFen: 0 },
  });
  await host.post(`/plans/${digital.body.id}/submit`);
  await admin.post(`/plans/${digital.body.id}/review`, { decision: 'approve' });
  await admin.post(`/plans/${digital.body.id}/publish`);
  sessions.bigData = await addSession(digital.body.id, {
    title: 'ＡＩ与大数据工程师研修',
    capacity: 60,
    mode: 'offline',
    city: '桂林',
    location: '桂林市七星区',
  });
}, 120_000);

afterAll(async () => {
  await system?.stop();
});

describe('the public course catalogue', () => {
  it('finds a session by a Chinese part of its title without a token, with host, dates, place and seats', async () => {
    const trainee = await traineeWithProfile(anonymous, 1);
    expect((await trainee.post(`/sessions/${sessions.economy?.id}/registrations`)).status).toBe(201);

    const page = await anonymous.get(`/public/sessions?year=${year}&q=${encodeURIComponent('数字经济')}`);
    expect(page.status).toBe(200);
    expect(page.body).toEqual({
      items: [
        {
          id: sessions.economy?.id,
          title: '数字经济高级研修班',
          planId: sessions.economy?.planId,
          hostOrgId,
          hostName: '广西数字经济研究院',
          startDate: dates.startDate,
          endDate: dates.endDate,
          registrationDeadline: dates.registrationDeadline,
          city: '南宁',
          location: '南宁市青秀区民族大道 1 号',
          mode: 'offline',
          subjectType: 'professional',
          creditHours: 24,
          capacity: 2,
          seatsLeft: 1,
          open: true,
        },
      ],
      nextCursor: null,
    });

    const both = await catalogue(`q=${encodeURIComponent(' 数字 ')}&limit=1`);
    expect(ids(both)).toEqual(ids([sessions.economy, sessions.village] as Entry[]));
    expect(both.find((item) => item.id === sessions.village?.id)).toMatchObject({
      capacity: null,
      seatsLeft: null,
    });
  });

  it('finds Latin letters typed in any case or width', async () => {
    expect(ids(await catalogue('q=ai'))).toEqual([sessions.bigData?.id]);
    expect(ids(await catalogue(`q=${encodeURIComponent('ＡＩ与')}`))).toEqual([sessions.bigData?.id]);
  });

  it('narrows by city (with or without 市), mode, field and open', async () => {
    const nanning = [sessions.economy, sessions.revival] as Entry[];
    expect(ids(await catalogue(`city=${encodeURIComponent('南宁')}`))).toEqual(ids(nanning));
    expect(ids(await catalogue(`city=${encodeURIComponent('南宁市')}`))).toEqual(ids(nanning));
    expect(ids(await catalogue('mode=online'))).toEqual([sessions.village?.id]);
    expect(ids(await catalogue(`mode=offline&city=${encodeURIComponent('桂林')}`))).toEqual([
      sessions.bigData?.id,
    ]);
    expect(ids(await catalogue('field=big-data'))).toEqual([sessions.bigData?.id]);
    expect(ids(await catalogue('field=blockchain'))).toEqual([]);
    expect(ids(await catalogue('open=true'))).toEqual(ids(Object.values(sessions)));
    expect(await catalogue('open=false')).toEqual([]);
  });

  it("lists this Beijing year's sessions when no year is given", async () => {
    const page = await anonymous.get('/public/sessions?limit=200');
    expect(page.status).toBe(200);
    const thisYear = Number(beijingDate(new Date()).slice(0, 4));
    // Held ten days ahead, the sessions are next year's in the last days of December.
    const expected = year === thisYear ? ids(Object.values(sessions)) : [];
    expect(ids(page.body.items)).toEqual(expected);
  });

  it('never shows what a plan not yet published would offer', async () => {
    const plan = await host.post('/plans', {
      year,
      project: 'capability',
      level: 'regional',
      category: 'professional',
      title: '未公示的培训计划',
      plannedSessions: 1,
      plannedTrainees: 10,
      budget: { subsidyCapFen: 0, selfFundedFen: 0 },
    });
    await host.post(`/plans/${plan.body.id}/submit`);
    await admin.post(`/plans/${plan.body.id}/review`, { decision: 'approve' });
    const refused = await host.post(`/plans/${plan.body.id}/sessions`, {
      ...dates,
      title: '数字未公示班次',
      creditHours: 8,
      subjectType: 'professional',
      mode: 'online',
      city: '南宁',
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('PLAN_NOT_PUBLISHED');
    expect(await catalogue(`q=${encodeURIComponent('未公示')}`)).toEqual([]);
    const all = await catalogue('limit=200');
    expect(all.map((item) => item.planId)).not.toContain(plan.body.id);
  });

  it('refuses bad values with a 400 in Chinese, and answers a signed-in caller alike', async () => {
    const bad = await anonymous.get('/public/sessions?field=cooking');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe('查询参数有误：专业领域');
    const long = await anonymous.get(`/public/sessions?q=${encodeURIComponent('数'.repeat(51))}`);
    expect(long.status).toBe(400);
    expect(long.body.error.details[0].message).toBe('关键词：不能超过 50 个字符');
    const trainee = await anonymous.as('catalogue-reader', 'trainee');
    expect(ids(await catalogue('mode=online', trainee))).toEqual([sessions.village?.id]);
  });
});

describe("a trainee's registrations", () => {
  it('carry the dates and place of each session, as the host last set them', async () => {
    const trainee = await traineeWithProfile(anonymous, 2);
    for (const session of [sessions.revival, sessions.village]) {
      expect((await trainee.post(`/sessions/${session?.id}/registrations`)).status).toBe(201);
    }
    expect(
      (await host.patch(`/sessions/${sessions.revival?.id}`, { location: '南宁市良庆区五象大道 2 号' }))
        .status,
    ).toBe(200);

    const mine = await trainee.get('/registrations?mine=true');
    expect(mine.status).toBe(200);
    const bySession = new Map(
      (mine.body.items as { sessionId: string; session: unknown }[]).map((item) => [
        item.sessionId,
        item.session,
      ]),
    );
    expect(bySession.get(sessions.revival?.id as string)).toEqual({
      title: '乡村振兴研修班',
      startDate: dates.startDate,
      endDate: dates.endDate,
      city: '南宁市',
      location: '南宁市良庆区五象大道 2 号',
      mode: 'blended',
      hostName: '广西数字经济研究院',
    });
    expect(bySession.get(sessions.village?.id as string)).toEqual({
      title: '数字乡村建设专题班',
      startDate: dates.startDate,
      endDate: dates.endDate,
      city: '柳州市',
      mode: 'online',
      hostName: '广西数字经济研究院',
    });
  });
});
