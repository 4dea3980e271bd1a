/**
 * Over HTTP, as the clients drive it: the host and admin export the national platform's roster
 * with full ID numbers, a co-organizing department and a trainee are refused, every export shows
 * in the admin's audit trail with who and which session, and the masked roster still masks.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskIdNumber } from '#shared/domain/trainees/id-number';
import { ApiClient } from '../support/api-client';
import { idNumberFor } from '../support/fixtures';
import { traineeWithProfile } from '../support/http-scenario';
import { type LocalSystem, startLocalSystem } from '../support/local-system';
import { sessionWindow } from '../support/session-window';

let system: LocalSystem;
let anonymous: ApiClient;
let admin: ApiClient;
let host: ApiClient;
let department: ApiClient;
let trainee: ApiClient;
let sessionId: string;

/** The trainees' numbers in idNumberFor: two pass, one fails. */
const PASSED = [31, 32];
const FAILED = 33;
const HOST_SUB = 'host-national-1';

/** A client signed in with a `name` claim, as Cognito's ID tokens carry one. */
async function signedIn(sub: string, role: string, orgId: string, name: string): Promise<ApiClient> {
  const minted = await anonymous.post('/local/tokens', { sub, role, orgId, name });
  if (minted.status !== 201) throw new Error(`Could not mint a token: ${JSON.stringify(minted.body)}`);
  return anonymous.withToken(minted.body.token);
}

/** Fetches a file as bytes (the JSON client would read an XLSX as text). */
async function download(client: ApiClient, path: string, token: string) {
  const response = await fetch(`${client.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { response, bytes: Buffer.from(await response.arrayBuffer()) };
}

let adminToken: string;

beforeAll(async () => {
  system = await startLocalSystem();
  anonymous = new ApiClient(system.baseUrl);
  adminToken = (
    await anonymous.post('/local/tokens', { sub: 'admin-national', role: 'admin', orgId: 'org_hrss' })
  ).body.token;
  admin = anonymous.withToken(adminToken);
  const hostOrgId = (
    await admin.post('/organizations', { name: '桂林电子科技大学', kind: 'host', city: '桂林' })
  ).body.id;
  const departmentOrgId = (
    await admin.post('/organizations', { name: '自治区工业和信息化厅', kind: 'department', city: '南宁' })
  ).body.id;
  host = await signedIn(HOST_SUB, 'host', hostOrgId, '李主任');
  department = await anonymous.as('dept-national-1', 'department', departmentOrgId);

  // A plan the department co-organizes, with a one-day session held today: results at once.
  const { year, ...dates } = sessionWindow({ deadlineIn: 0, startIn: 0, endIn: 0 });
  const plan = await host.post('/plans', {
    year,
    project: 'capability',
    level: 'regional',
    category: 'professional',
    title: '集成电路专业科目培训计划',
    plannedSessions: 1,
    plannedTrainees: 10,
    budget: { subsidyCapFen: 0, selfFundedFen: 0 },
    departmentId: departmentOrgId,
  });
  expect(plan.status).toBe(201);
  const planId = plan.body.id;
  expect((await host.post(`/plans/${planId}/submit`)).status).toBe(200);
  expect((await admin.post(`/plans/${planId}/review`, { decision: 'approve' })).status).toBe(200);
  expect((await admin.post(`/plans/${planId}/publish`)).status).toBe(200);
  const session = await host.post(`/plans/${planId}/sessions`, {
    title: '集成电路设计高级研修班',
    ...dates,
    capacity: 10,
    creditHours: 12,
    subjectType: 'professional',
    mode: 'offline',
    city: '桂林',
  });
  expect(session.status).toBe(201);
  sessionId = session.body.id;

  const results = [];
  for (const n of [...PASSED, FAILED]) {
    const person = await traineeWithProfile(anonymous, n, `学员${n}`);
    if (n === PASSED[0]) trainee = person;
    const registration = await person.post(`/sessions/${sessionId}/registrations`);
    expect(registration.status).toBe(201);
    results.push({ registrationId: registration.body.id, passed: n !== FAILED });
  }
  expect((await host.post(`/sessions/${sessionId}/results`, { results })).status).toBe(200);
}, 120_000);

afterAll(async () => {
  await system?.stop();
});

describe('the national roster', () => {
  it('gives the host the completed trainees with full ID numbers and their certificate numbers', async () => {
    const answer = await host.get(`/sessions/${sessionId}/national-roster.csv`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const disposition = answer.headers.get('content-disposition') ?? '';
    expect(disposition).toContain(`filename="national-roster-${sessionId}.csv"`);
    expect(decodeURIComponent(disposition.split("UTF-8''")[1] ?? '')).toBe(
      '集成电路设计高级研修班-国家平台学员名单.csv',
    );
    const [header, ...rows] = (answer.body as string)
      .replace(/^\uFEFF/, '')
      .split('\r\n')
      .slice(0, -1);
    expect(header).toBe(
      '序号,姓名,证件类型,证件号码,工作单位,所在地市,培训项目,培训班名称,培训开始日期,培训结束日期,学时,考核结果,证书编号',
    );
    expect(rows).toHaveLength(PASSED.length);
    for (const [index, n] of PASSED.entries()) {
      const cells = rows[index]?.split(',') ?? [];
      expect(cells.slice(0, 8)).toEqual([
        String(index + 1),
        `学员${n}`,
        '居民身份证',
        idNumberFor(n),
        '某单位',
        '南宁',
        '专业技术人员能力提升项目',
        '集成电路设计高级研修班',
      ]);
      expect(cells.slice(10, 12)).toEqual(['12', '合格']);
      expect(cells[12]).toMatch(/^GX-\d{4}-/);
    }
    expect(answer.body).not.toContain(idNumberFor(FAILED));
  });

  it('gives admin the workbook, the ID column kept as text', async () => {
    const { response, bytes } = await download(
      admin,
      `/sessions/${sessionId}/national-roster.xlsx`,
      adminToken,
    );
    expect(response.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0] as ExcelJS.Worksheet;
    expect(sheet.getColumn(4).numFmt).toBe('@');
    const cell = sheet.getRow(2).getCell(4);
    expect(cell.type).toBe(ExcelJS.ValueType.String);
    expect(cell.value).toBe(idNumberFor(PASSED[0] as number));
  });

  it('is refused to the co-organizing department and to a trainee, who read no ID number', async () => {
    const refusal = await department.get(`/sessions/${sessionId}/national-roster.csv`);
    expect(refusal.status).toBe(403);
    expect(refusal.body.error.code).toBe('FORBIDDEN');
    expect(refusal.body.error.message).toContain('国家平台学员名单');
    const trainees = await trainee.get(`/sessions/${sessionId}/national-roster.xlsx`);
    expect(trainees.status).toBe(403);
    expect(JSON.stringify(trainees.body)).not.toContain(idNumberFor(PASSED[0] as number));
  });

  it('leaves the masked roster masked', async () => {
    const answer = await host.get(`/sessions/${sessionId}/roster.csv`);
    expect(answer.status).toBe(200);
    for (const n of [...PASSED, FAILED]) {
      expect(answer.body).toContain(maskIdNumber(idNumberFor(n)));
      expect(answer.body).not.toContain(idNumberFor(n));
    }
  });
});

describe('the audit trail', () => {
  it('shows each export to admin, newest first, with who and which session', async () => {
    // The trainee reading their own number is no one else's read: it leaves no entry.
    expect((await trainee.get('/trainees/me')).body.idNumber).toBe(idNumberFor(PASSED[0] as number));
    const trail = await admin.get('/audit');
    expect(trail.status).toBe(200);
    expect(trail.body).toEqual({
      items: [
        {
          id: expect.any(String),
          at: expect.any(String),
          actor: 'admin-national',
          actorName: 'admin-national',
          action: 'national-roster-export',
          target: `session:${sessionId}`,
          detail: { format: 'xlsx', rows: PASSED.length, sessionTitle: '集成电路设计高级研修班' },
        },
        {
          id: expect.any(String),
          at: expect.any(String),
          actor: HOST_SUB,
          actorName: '李主任',
          action: 'national-roster-export',
          target: `session:${sessionId}`,
          detail: { format: 'csv', rows: PASSED.length, sessionTitle: '集成电路设计高级研修班' },
        },
      ],
      nextCursor: null,
    });
    const [newer, older] = trail.body.items;
    expect(newer.at >= older.at).toBe(true);
  });

  it('filters by actor and pages through with the cursor', async () => {
    const hosts = await admin.get(`/audit?actor=${HOST_SUB}`);
    expect(hosts.body.items.map((item: { actor: string }) => item.actor)).toEqual([HOST_SUB]);
    const first = await admin.get('/audit?limit=1');
    expect(first.body.items).toHaveLength(1);
    const second = await admin.get(`/audit?limit=1&cursor=${encodeURIComponent(first.body.nextCursor)}`);
    expect(second.body.items).toHaveLength(1);
    expect(second.body.items[0].id).not.toBe(first.body.items[0].id);
  });

  it('refuses dates out of order, in Chinese and on request in English, and everyone but admin', async () => {
    const backwards = await admin.get('/audit?from=2026-03-02&to=2026-03-01');
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.code).toBe('VALIDATION_FAILED');
    expect(backwards.body.error.details[0].message).toContain('起始日期 2026-03-02 晚于截止日期 2026-03-01');
    const english = await admin.request('GET', '/audit?from=2025-01-01&to=2026-03-01', {
      headers: { 'accept-language': 'en' },
    });
    expect(english.status).toBe(400);
    expect(english.body.error.details[0].message).toBe('The dates span 425 days, at most 366: ask in parts');
    for (const client of [host, department, trainee]) expect((await client.get('/audit')).status).toBe(403);
  });
});
