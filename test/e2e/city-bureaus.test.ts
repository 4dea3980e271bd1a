/**
 * City bureaus over HTTP, as their clients drive it: the Nanning bureau reads Nanning's plans
 * (whole), sessions, masked rosters and year-end report, sees none of Liuzhou's beyond what the
 * public sees, and changes nothing; and the department that co-organizes a plan reads the masked
 * rosters of its sessions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client';
import { idNumberFor } from '../support/fixtures';
import { traineeWithProfile } from '../support/http-scenario';
import { type LocalSystem, startLocalSystem } from '../support/local-system';
import { sessionWindowThisYear } from '../support/session-window';

let system: LocalSystem;
let anonymous: ApiClient;
let admin: ApiClient;
let nanningBureau: ApiClient;
let coOrganizer: ApiClient;
let otherDepartment: ApiClient;

// This year's sessions, so that this year's report (a year that has begun) counts them.
const { year, ...dates } = sessionWindowThisYear({ deadlineIn: 5, startIn: 10, endIn: 11 });
const TRAINEE = 7301;

const ids = (page: { items: { id: string }[] }) => page.items.map((item) => item.id);

async function organization(name: string, kind: string, city: string): Promise<string> {
  const answer = await admin.post('/organizations', { name, kind, city });
  if (answer.status !== 201) throw new Error(`Could not register ${name}: ${JSON.stringify(answer.body)}`);
  return answer.body.id;
}

/** A plan drafted by `host` and, unless `draft`, submitted, approved and published. */
async function plan(
  host: ApiClient,
  title: string,
  options: { departmentId?: string; draft?: boolean } = {},
) {
  const drafted = await host.post('/plans', {
    year,
    project: 'seminar',
    level: 'regional',
    category: 'shortage',
    title,
    plannedSessions: 1,
    plannedTrainees: 60,
    budget: { subsidyCapFen: 8_000_000, selfFundedFen: 1_000_000 },
    ...(options.departmentId ? { departmentId: options.departmentId } : {}),
  });
  if (drafted.status !== 201) throw new Error(`Could not draft ${title}: ${JSON.stringify(drafted.body)}`);
  const planId: string = drafted.body.id;
  if (!options.draft) {
    await host.post(`/plans/${planId}/submit`);
    await admin.post(`/plans/${planId}/review`, { decision: 'approve' });
    const published = await admin.post(`/plans/${planId}/publish`);
    if (published.status !== 200)
      throw new Error(`Could not publish ${title}: ${JSON.stringify(published.body)}`);
  }
  return planId;
}

async function session(host: ApiClient, planId: string, city: string): Promise<string> {
  const answer = await host.post(`/plans/${planId}/sessions`, {
    title: `${city}专业科目班次`,
    ...dates,
    capacity: 30,
    creditHours: 8,
    subjectType: 'professional',
    mode: 'offline',
    city,
  });
  if (answer.status !== 201) throw new Error(`Could not add a session: ${JSON.stringify(answer.body)}`);
  return answer.body.id;
}

const nanning = { draftId: '', publishedId: '', sessionId: '' };
const liuzhou = { draftId: '', publishedId: '', sessionId: '' };

beforeAll(async () => {
  system = await startLocalSystem();
  anonymous = new ApiClient(system.baseUrl);
  admin = await anonymous.as('admin-city', 'admin', 'org_hrss');

  const bureauId = await organization('南宁市人力资源和社会保障局', 'city-bureau', '南宁市');
  const nanningHostId = await organization('南宁职业技术学院', 'host', '南宁市');
  const liuzhouHostId = await organization('柳州工学院', 'host', '柳州市');
  const departmentId = await organization('自治区卫生健康委员会', 'department', '南宁市');
  const otherDepartmentId = await organization('自治区交通运输厅', 'department', '南宁市');

  nanningBureau = await anonymous.as('city-nanning', 'city', bureauId);
  coOrganizer = await anonymous.as('dept-health', 'department', departmentId);
  otherDepartment = await anonymous.as('dept-transport', 'department', otherDepartmentId);
  const nanningHost = await anonymous.as('host-nanning', 'host', nanningHostId);
  const liuzhouHost = await anonymous.as('host-liuzhou', 'host', liuzhouHostId);

  nanning.publishedId = await plan(nanningHost, '南宁护理人才研修班', { departmentId });
  nanning.draftId = await plan(nanningHost, '南宁尚在起草的研修班', { draft: true });
  liuzhou.publishedId = await plan(liuzhouHost, '柳州汽车产业研修班');
  liuzhou.draftId = await plan(liuzhouHost, '柳州尚在起草的研修班', { draft: true });
  nanning.sessionId = await session(nanningHost, nanning.publishedId, '南宁');
  // Held in Nanning by a Liuzhou unit: Liuzhou's to supervise.
  liuzhou.sessionId = await session(liuzhouHost, liuzhou.publishedId, '南宁');

  const trainee = await traineeWithProfile(anonymous, TRAINEE, '黄丽');
  for (const sessionId of [nanning.sessionId, liuzhou.sessionId]) {
    const registered = await trainee.post(`/sessions/${sessionId}/registrations`);
    if (registered.status !== 201) throw new Error(`Could not register: ${JSON.stringify(registered.body)}`);
  }
});

afterAll(async () => {
  await system?.stop();
});

describe("a city bureau reads its city's plans and sessions", () => {
  it("lists its city's plans, drafts included and whole, and none of another city's", async () => {
    const listed = await nanningBureau.get(`/plans?year=${year}&limit=100`);
    expect(listed.status).toBe(200);
    expect(ids(listed.body).sort()).toEqual([nanning.draftId, nanning.publishedId].sort());
    for (const item of listed.body.items) expect(item).toHaveProperty('budget');
  });

  it("reads one plan of its city whole, another city's published plan as the public does, and not its drafts", async () => {
    const own = await nanningBureau.get(`/plans/${nanning.draftId}`);
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({
      id: nanning.draftId,
      status: 'draft',
      budget: { subsidyCapFen: 8_000_000 },
    });

    const other = await nanningBureau.get(`/plans/${liuzhou.publishedId}`);
    const notice = (await anonymous.get(`/public/plans?year=${year}&limit=100`)).body.items.find(
      (item: { id: string }) => item.id === liuzhou.publishedId,
    );
    expect(other.status).toBe(200);
    expect(other.body).toEqual(notice);
    expect(other.body).not.toHaveProperty('budget');

    const otherDraft = await nanningBureau.get(`/plans/${liuzhou.draftId}`);
    expect(otherDraft.status).toBe(404);
  });

  it("lists the sessions its city's organizations host, not one a Liuzhou unit holds in Nanning", async () => {
    for (const query of [`year=${year}`, '', 'open=true', `planId=${liuzhou.publishedId}`]) {
      const listed = await nanningBureau.get(`/sessions?${query}&limit=100`);
      expect(listed.status, query).toBe(200);
      expect(ids(listed.body), query).not.toContain(liuzhou.sessionId);
      if (!query.startsWith('planId')) expect(ids(listed.body), query).toEqual([nanning.sessionId]);
    }
    // Everyone else's list is not cut: a trainee sees both.
    const trainee = await anonymous.as('trainee-lister', 'trainee');
    const all = await trainee.get(`/sessions?year=${year}&limit=100`);
    expect(ids(all.body)).toEqual(expect.arrayContaining([nanning.sessionId, liuzhou.sessionId]));
  });
});

describe('rosters', () => {
  const fullId = idNumberFor(TRAINEE);
  const masked = `${fullId.slice(0, 4)}${'*'.repeat(10)}${fullId.slice(-4)}`;

  it("gives the city bureau the masked roster of its city's session, in JSON and as files", async () => {
    const roster = await nanningBureau.get(`/sessions/${nanning.sessionId}/registrations`);
    expect(roster.status).toBe(200);
    expect(roster.body.items).toHaveLength(1);
    expect(roster.body.items[0]).toMatchObject({ traineeName: '黄丽', idNumberMasked: masked });
    expect(JSON.stringify(roster.body)).not.toContain(fullId);

    const csv = await nanningBureau.get(`/sessions/${nanning.sessionId}/roster.csv`);
    expect(csv.status).toBe(200);
    expect(csv.body).toContain(masked);
    expect(csv.body).not.toContain(fullId);
    const xlsx = await nanningBureau.get(`/sessions/${nanning.sessionId}/roster.xlsx`);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
    const certificates = await nanningBureau.get(`/sessions/${nanning.sessionId}/certificates`);
    expect(certificates.status).toBe(200);
    expect(certificates.body.items).toEqual([]);
  });

  it("refuses the city bureau the roster of another city's session with 403", async () => {
    for (const path of ['registrations', 'roster.csv', 'roster.xlsx', 'certificates']) {
      const answer = await nanningBureau.get(`/sessions/${liuzhou.sessionId}/${path}`);
      expect(answer.status, path).toBe(403);
      expect(answer.body.error.code, path).toBe('FORBIDDEN');
    }
  });

  it("gives the co-organizing department the masked roster of its plan's session, and no other department", async () => {
    const roster = await coOrganizer.get(`/sessions/${nanning.sessionId}/registrations`);
    expect(roster.status).toBe(200);
    expect(roster.body.items[0]).toMatchObject({ idNumberMasked: masked });
    const csv = await coOrganizer.get(`/sessions/${nanning.sessionId}/roster.csv`);
    expect(csv.status).toBe(200);
    expect(csv.body).toContain(masked);
    expect(csv.body).not.toContain(fullId);

    for (const [reader, sessionId] of [
      [otherDepartment, nanning.sessionId],
      [coOrganizer, liuzhou.sessionId],
    ] as const) {
      const refused = await reader.get(`/sessions/${sessionId}/registrations`);
      expect(refused.status).toBe(403);
      expect(refused.body.error.message).toContain('协办的主管部门');
    }
  });
});

describe('a city bureau changes nothing', () => {
  it('is refused every write it tries with 403, and the plan stays as it was', async () => {
    const writes = [
      nanningBureau.post('/plans', { year, title: '市局代为申报' }),
      nanningBureau.patch(`/plans/${nanning.draftId}`, { title: '市局改写的标题' }),
      nanningBureau.post(`/plans/${nanning.draftId}/submit`),
      nanningBureau.patch(`/sessions/${nanning.sessionId}`, { capacity: 99 }),
      nanningBureau.post(`/reports/${year}/compile`),
    ];
    for (const answer of await Promise.all(writes)) {
      expect(answer.status).toBe(403);
      expect(answer.body.error.code).toBe('FORBIDDEN');
    }
    const plan = await admin.get(`/plans/${nanning.draftId}`);
    expect(plan.body).toMatchObject({ title: '南宁尚在起草的研修班', status: 'draft' });
  });

  it('refuses a city sign-in whose organization is not a city bureau with a clear 403', async () => {
    const misnamed = await anonymous.as('city-misnamed', 'city', 'org_not_registered');
    for (const path of [`/plans?year=${year}`, `/sessions?year=${year}`]) {
      const answer = await misnamed.get(path);
      expect(answer.status, path).toBe(403);
      expect(answer.body.error.message).toContain('不是已登记的市级人力资源社会保障部门');
    }
  });
});

describe("the year-end report cut to the bureau's city", () => {
  beforeAll(async () => {
    // The counters follow the registrations by the stream: compiled once it has caught up.
    await admin.get('/local/streams/caught-up');
    const compiled = await admin.post(`/reports/${year}/compile`);
    if (compiled.status !== 200) throw new Error(`Could not compile: ${JSON.stringify(compiled.body)}`);
  });

  it("holds only its city's plans, with its city's totals", async () => {
    const report = await nanningBureau.get(`/reports/${year}`);
    expect(report.status).toBe(200);
    expect(report.body.scope).toBe('city:南宁市');
    const planIds = report.body.plans.map((plan: { planId: string }) => plan.planId);
    expect(planIds).toContain(nanning.publishedId);
    expect(planIds).not.toContain(liuzhou.publishedId);
    expect(report.body.byCity.map((group: { key: string }) => group.key)).toEqual(['南宁市']);
    expect(report.body.totals).toEqual(report.body.byCity[0].figures);
    expect(report.body.totals.plans).toBe(planIds.length);

    const whole = await admin.get(`/reports/${year}`);
    expect(whole.body.plans.map((plan: { planId: string }) => plan.planId)).toContain(liuzhou.publishedId);
  });

  it('renders the cut as CSV, HTML and XLSX, named for the city', async () => {
    const csv = await nanningBureau.get(`/reports/${year}/report.csv`);
    expect(csv.status).toBe(200);
    expect(csv.body).toContain('城市 南宁市');
    expect(csv.body).toContain('南宁护理人才研修班');
    expect(csv.body).not.toContain('柳州汽车产业研修班');
    const html = await nanningBureau.get(`/reports/${year}/report.html`);
    expect(html.status).toBe(200);
    expect(html.body).toContain('城市 南宁市');
    expect(html.body).not.toContain('柳州汽车产业研修班');
    expect((await nanningBureau.get(`/reports/${year}/report.xlsx`)).status).toBe(200);
  });
});
