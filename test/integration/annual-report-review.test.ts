/**
 * The review of bases' annual reports against DynamoDB Local, through the annual-reports and
 * organizations functions in process: the workflow's steps and their mails, lists by index, a
 * base changing managing department, reports stored before the review, and concurrent reviews
 * and amendments, of which only one decision can win.
 */
import { rmSync } from 'node:fs';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { handler as annualReports } from '#functions/annual-reports/handler';
import { handler as organizations } from '#functions/organizations/handler';
import { listOutbox } from '#shared/mail/outbox';
import { annualReportKey, getAnnualReport } from '#shared/store/annual-reports';
import { db } from '#shared/store/client';
import { tableName } from '#shared/store/tables';
import { claimsFor, httpEvent, jsonBody, lambdaContext } from '../support/http-event';
import { startNotifier } from '../support/notifier';
import { useIntegrationConfig } from './config';

const unique = `${process.pid}-${Date.now()}`;
const outboxDir = `${process.env.TMPDIR ?? '/tmp'}/gx-annual-review-outbox-${unique}`;
const OFFICE = `office-${unique}@hrss.example.cn`;
useIntegrationConfig({ MAIL_OUTBOX_DIR: outboxDir, ADMIN_EMAIL: OFFICE });

/** This file's bases: the notifier here tells their notices only. */
const ours = new Set<string>();
const notifier = startNotifier(
  (notice) =>
    (notice.kind === 'annual-report-reviewed' || notice.kind === 'annual-report-awaiting-review') &&
    ours.has(notice.orgId),
);
beforeAll(() => notifier.ready);
afterAll(async () => {
  await notifier.stop();
  rmSync(outboxDir, { recursive: true, force: true });
});

type Json = Record<string, unknown> & { id: string };
const ADMIN = claimsFor('admin', 'admin-review', { 'custom:orgId': 'org_hrss', name: '项目办审核员' });
const hostOf = (orgId: string) => claimsFor('host', `host-of-${orgId}`, { 'custom:orgId': orgId });
const departmentUser = (orgId: string, sub = `dept-user-${orgId}`) =>
  claimsFor('department', sub, { 'custom:orgId': orgId });

async function call(
  routeKey: string,
  claims: Record<string, string>,
  options: { params?: Record<string, string>; body?: unknown; query?: Record<string, string> } = {},
) {
  const handler = routeKey.includes('annual-reports') ? annualReports : organizations;
  const result = await handler(
    httpEvent({
      routeKey,
      claims,
      ...(options.params ? { pathParameters: options.params } : {}),
      ...(options.query ? { query: options.query } : {}),
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    }),
    lambdaContext(routeKey.includes('annual-reports') ? 'annual-reports' : 'organizations'),
  );
  // biome-ignore lint/suspicious/noExplicitAny: answers are checked by the assertions
  return { status: result.statusCode, body: jsonBody(result) as any };
}

const FILE = 'POST /organizations/{orgId}/annual-reports';
const AMEND = 'PUT /organizations/{orgId}/annual-reports/{year}';
const REVIEW = 'POST /organizations/{orgId}/annual-reports/{year}/review';
const READ = 'GET /organizations/{orgId}/annual-reports/{year}';
const LIST = 'GET /annual-reports';

async function createOrganization(body: Record<string, unknown>): Promise<Json> {
  const created = await call('POST /organizations', ADMIN, { body });
  expect(created.status).toBe(201);
  return created.body;
}

let departments = 0;
const newDepartment = (name: string) =>
  createOrganization({
    name,
    kind: 'department',
    city: '南宁',
    contactEmail: `dept-${++departments}-${unique}@gx.example.cn`,
  });

async function newBase(managingDepartmentId?: string): Promise<Json> {
  const base = await createOrganization({
    name: `第${ours.size + 1}号继续教育基地`,
    kind: 'base',
    level: 'regional',
    city: '柳州',
    contactEmail: `base-${ours.size + 1}-${unique}@gx.example.cn`,
    ...(managingDepartmentId ? { managingDepartmentId } : {}),
  });
  ours.add(base.id);
  return base;
}

const file = (base: Json, year = 2025) =>
  call(FILE, hostOf(base.id), {
    params: { orgId: base.id },
    body: { year, summary: `${year} 年度执行情况总结`, nextYearPlan: '下一年度计划' },
  });

const review = (base: Json, claims: Record<string, string>, decision: 'approve' | 'return', year = 2025) =>
  call(REVIEW, claims, {
    params: { orgId: base.id, year: String(year) },
    body: { decision, ...(decision === 'return' ? { comment: '请补充培训人数明细' } : {}) },
  });

const amend = (base: Json, year = 2025) =>
  call(AMEND, hostOf(base.id), {
    params: { orgId: base.id, year: String(year) },
    body: { summary: '修改后的总结', nextYearPlan: '修改后的计划' },
  });

const mailsTo = async (email: string) => (await listOutbox(outboxDir)).filter((mail) => mail.to === email);
const waitForMails = (email: string, count: number) =>
  vi.waitFor(
    async () => {
      const found = await mailsTo(email);
      expect(found).toHaveLength(count);
      return found;
    },
    { timeout: 15_000, interval: 100 },
  );

describe('a base and its managing department', () => {
  it('names the department beside its id, refuses an unknown one, a non-department and a non-base', async () => {
    const department = await newDepartment('自治区教育厅');
    const base = await newBase(department.id);
    expect(base).toMatchObject({
      managingDepartmentId: department.id,
      managingDepartmentName: '自治区教育厅',
    });

    const unknown = await call('PATCH /organizations/{orgId}', ADMIN, {
      params: { orgId: base.id },
      body: { managingDepartmentId: 'org_nowhere' },
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.code).toBe('UNKNOWN_ORGANIZATION');

    const host = await createOrganization({ name: '主办单位', kind: 'host', city: '南宁' });
    const notADepartment = await call('POST /organizations', ADMIN, {
      body: { name: '基地', kind: 'base', level: 'regional', city: '南宁', managingDepartmentId: host.id },
    });
    expect(notADepartment.status).toBe(422);
    expect(notADepartment.body.error.code).toBe('NOT_A_DEPARTMENT');

    const onAHost = await call('PATCH /organizations/{orgId}', ADMIN, {
      params: { orgId: host.id },
      body: { managingDepartmentId: department.id },
    });
    expect(onAHost.status).toBe(400);
    expect(onAHost.body.error.details[0].field).toBe('managingDepartmentId');

    const removed = await call('PATCH /organizations/{orgId}', ADMIN, {
      params: { orgId: base.id },
      body: { managingDepartmentId: null },
    });
    expect(removed.status).toBe(200);
    expect(removed.body).not.toHaveProperty('managingDepartmentId');
    expect(removed.body).not.toHaveProperty('managingDepartmentName');
  });
});

describe('the review of an annual report', () => {
  it('goes base → department → program office, each step stored and mailed to whom it concerns', async () => {
    const department = await newDepartment('自治区科学技术厅');
    const base = await newBase(department.id);
    const filed = await file(base);
    expect(filed.status).toBe(201);
    expect(filed.body).toMatchObject({
      status: 'submitted',
      managingDepartmentName: '自治区科学技术厅',
      version: 1,
    });

    const early = await review(base, ADMIN, 'approve');
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('NOT_YOUR_TURN');
    // The department is told the report awaits it (told before it acts: a step already past is
    // not told, its reviewer having acted).
    const departmentEmail = department.contactEmail as string;
    const [awaiting] = await waitForMails(departmentEmail, 1);
    expect(awaiting).toMatchObject({ kind: 'annual-report-awaiting-review' });
    expect(awaiting?.text).toContain(`${base.name}已于`);

    const returned = await review(base, departmentUser(department.id), 'return');
    expect(returned.status).toBe(200);
    expect(returned.body.status).toBe('returned');
    expect((await amend(base)).body.status).toBe('submitted');
    expect((await waitForMails(departmentEmail, 2))[1]?.text).toContain('修改后重新提交');
    expect((await review(base, departmentUser(department.id), 'approve')).body.status).toBe(
      'department-approved',
    );
    const officeMails = await vi.waitFor(
      async () => {
        const found = (await mailsTo(OFFICE)).filter((mail) => mail.subject.includes(base.name as string));
        expect(found).toHaveLength(1);
        return found;
      },
      { timeout: 15_000, interval: 100 },
    );
    expect(officeMails[0]).toMatchObject({ kind: 'annual-report-awaiting-review' });
    expect(officeMails[0]?.text).toContain('审核同意，报送项目办公室审核');

    const accepted = await review(base, ADMIN, 'approve');
    expect(accepted.status).toBe(200);
    expect(accepted.body.history.map((step: { action: string }) => step.action)).toEqual([
      'filed',
      'returned',
      'amended',
      'approved',
      'accepted',
    ]);
    expect(accepted.body.history[4]).toMatchObject({ by: 'admin-review', byName: '项目办审核员' });
    expect(await getAnnualReport(base.id, 2025)).toEqual(accepted.body);
    expect((await amend(base)).status).toBe(409);

    // The base hears of each of the five steps, in order.
    const baseMails = await waitForMails(base.contactEmail as string, 5);
    expect(baseMails.every((mail) => mail.kind === 'annual-report-reviewed')).toBe(true);
    expect(baseMails.map((mail) => mail.subject.split('：')[0])).toEqual([
      '年度报告提交',
      '年度报告退回修改',
      '年度报告修改后重新提交',
      '年度报告基地管理部门审核同意',
      '年度报告项目办公室审核通过',
    ]);
    expect(await mailsTo(departmentEmail)).toHaveLength(2);
  });

  it('lets the managing department read and list its bases’ reports, and no other department', async () => {
    const department = await newDepartment('自治区工业和信息化厅');
    const other = await newDepartment('自治区交通运输厅');
    const [a, b] = [await newBase(department.id), await newBase(department.id)];
    const elsewhere = await newBase(other.id);
    for (const base of [a, b, elsewhere]) expect((await file(base as Json, 2021)).status).toBe(201);
    await review(b as Json, departmentUser(department.id), 'approve', 2021);

    const read = await call(READ, departmentUser(department.id), {
      params: { orgId: a?.id as string, year: '2021' },
    });
    expect(read.status).toBe(200);
    const stranger = await call(READ, departmentUser(other.id), {
      params: { orgId: a?.id as string, year: '2021' },
    });
    expect(stranger.status).toBe(404);

    const first = await call(LIST, departmentUser(department.id), { query: { year: '2021', limit: '1' } });
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(1);
    const second = await call(LIST, departmentUser(department.id), {
      query: { year: '2021', limit: '1', cursor: first.body.nextCursor },
    });
    const listed = [...first.body.items, ...second.body.items].map((item: Json) => item.orgId);
    expect(new Set(listed)).toEqual(new Set([a?.id, b?.id]));

    const approved = await call(LIST, departmentUser(department.id), {
      query: { year: '2021', status: 'department-approved' },
    });
    expect(approved.body.items.map((item: Json) => item.orgId)).toEqual([b?.id]);
    const anyYear = await call(LIST, departmentUser(department.id), { query: { status: 'submitted' } });
    expect(anyYear.body.items.map((item: Json) => item.orgId)).toEqual([a?.id]);

    // The program office lists every base's; a host lists nothing.
    const everyone: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number | undefined; body: { items: Json[]; nextCursor: string | null } } =
        await call(LIST, ADMIN, { query: { year: '2021', ...(cursor ? { cursor } : {}) } });
      expect(page.status).toBe(200);
      everyone.push(...page.body.items.map((item) => String(item.orgId)));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(everyone).toEqual(expect.arrayContaining([a?.id, b?.id, elsewhere?.id]));
    expect((await call(LIST, hostOf(a?.id as string))).status).toBe(403);
  });

  it('moves the reports with the base when admin gives it another managing department', async () => {
    const before = await newDepartment('自治区住房和城乡建设厅');
    const after = await newDepartment('自治区农业农村厅');
    const base = await newBase(before.id);
    expect((await file(base, 2022)).status).toBe(201);

    const moved = await call('PATCH /organizations/{orgId}', ADMIN, {
      params: { orgId: base.id },
      body: { managingDepartmentId: after.id },
    });
    expect(moved.status).toBe(200);
    expect((await getAnnualReport(base.id, 2022))?.managingDepartmentId).toBe(after.id);
    expect((await call(LIST, departmentUser(before.id))).body.items).toEqual([]);
    expect((await call(LIST, departmentUser(after.id))).body.items.map((item: Json) => item.orgId)).toEqual([
      base.id,
    ]);
    expect((await review(base, departmentUser(before.id), 'approve', 2022)).status).toBe(404);
    expect((await review(base, departmentUser(after.id), 'approve', 2022)).status).toBe(200);

    // Without a managing department, a submitted report goes to the program office directly.
    await call('PATCH /organizations/{orgId}', ADMIN, {
      params: { orgId: base.id },
      body: { managingDepartmentId: null },
    });
    expect((await file(base, 2023)).status).toBe(201);
    expect((await review(base, ADMIN, 'approve', 2023)).body.status).toBe('accepted');
  });

  it('reads a report stored before the review as submitted, and reviews it', async () => {
    const base = await newBase();
    await db.send(
      new PutCommand({
        TableName: tableName('plans'),
        Item: {
          ...annualReportKey(base.id, 2024),
          entity: 'annual-report',
          orgId: base.id,
          year: 2024,
          summary: '旧报告',
          nextYearPlan: '旧计划',
          dueDate: '2024-12-10',
          submittedAt: '2024-12-01T02:00:00.000Z',
          submittedBy: 'host-old',
          lateDays: 0,
        },
      }),
    );
    const read = await call(READ, ADMIN, { params: { orgId: base.id, year: '2024' } });
    expect(read.body).toMatchObject({
      orgName: base.name,
      status: 'submitted',
      lastSubmittedAt: '2024-12-01T02:00:00.000Z',
      history: [{ action: 'filed', status: 'submitted', by: 'host-old', at: '2024-12-01T02:00:00.000Z' }],
      version: 0,
    });
    const accepted = await review(base, ADMIN, 'approve', 2024);
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ status: 'accepted', version: 1 });
  });
});

describe('concurrent decisions', () => {
  it('lets one of five concurrent department reviews decide; the others are told it is not their turn', async () => {
    const department = await newDepartment('自治区卫生健康委员会');
    const base = await newBase(department.id);
    await file(base, 2025);
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        review(base, departmentUser(department.id, `dept-reviewer-${i}`), i % 2 === 0 ? 'approve' : 'return'),
      ),
    );
    const statuses = results.map((result) => result.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(4);
    const winner = results.find((result) => result.status === 200)?.body;
    const expectedCode = winner.status === 'returned' ? 'ANNUAL_REPORT_NOT_AWAITING_REVIEW' : 'NOT_YOUR_TURN';
    for (const loser of results.filter((result) => result.status === 409)) {
      expect(loser.body.error.code).toBe(expectedCode);
    }
    const stored = await getAnnualReport(base.id, 2025);
    expect(stored).toEqual(winner);
    expect(stored?.history).toHaveLength(2);
    // The base is told of the filing and of the one decision, nothing more.
    await waitForMails(base.contactEmail as string, 2);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await mailsTo(base.contactEmail as string)).toHaveLength(2);
  });

  it('lets one of two concurrent admin decisions win', async () => {
    const base = await newBase();
    await file(base, 2025);
    const [approve, giveBack] = await Promise.all([
      review(base, ADMIN, 'approve'),
      review(base, ADMIN, 'return'),
    ]);
    expect([approve.status, giveBack.status].sort()).toEqual([200, 409]);
    const stored = await getAnnualReport(base.id, 2025);
    expect(stored?.history).toHaveLength(2);
    expect(stored?.version).toBe(2);
  });

  it('keeps every step of a review racing an amendment, each on the version before it', async () => {
    const department = await newDepartment('自治区文化和旅游厅');
    const base = await newBase(department.id);
    await file(base, 2025);
    const [amended, approved] = await Promise.all([
      amend(base),
      review(base, departmentUser(department.id), 'approve'),
    ]);
    const stored = await getAnnualReport(base.id, 2025);
    const succeeded = [amended, approved].filter((result) => result.status === 200);
    // Either the approval came first and the amendment is refused (409), or both happened in turn.
    expect(stored?.history).toHaveLength(1 + succeeded.length);
    expect(stored?.version).toBe(stored?.history?.length);
    if (amended.status === 409) {
      expect(amended.body.error.code).toBe('ANNUAL_REPORT_NOT_AMENDABLE');
      expect(stored?.status).toBe('department-approved');
    } else {
      expect(stored?.history?.map((step) => step.action)).toEqual(['filed', 'amended', 'approved']);
    }
  });
});
