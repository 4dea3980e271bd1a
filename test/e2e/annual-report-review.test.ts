/**
 * Over HTTP, as the clients drive it (the notice: 每年12月10日前…报基地管理部门审核同意后，报自治区
 * 人力资源社会保障行政部门审核): a base files its annual report, its managing department returns it,
 * the base amends and refiles, the department approves, the program office accepts. Each step is
 * mailed to the base, the reviewer whose turn it is hears of it, and those out of turn are refused.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { beijingDate } from '#shared/domain/dates';
import { ApiClient } from '../support/api-client';
import { type LocalSystem, startLocalSystem } from '../support/local-system';

interface Mail {
  to: string;
  subject: string;
  text: string;
  kind: string;
}

const OFFICE = 'zsgx-office@hrss.example.gov.cn';
const BASE_MAIL = 'jxjy@gxu.example.cn';
const DEPARTMENT_MAIL = 'rencai@jyt.example.gov.cn';
const year = Number(beijingDate(new Date()).slice(0, 4));

let system: LocalSystem;
let anonymous: ApiClient;
let admin: ApiClient;
let host: ApiClient;
let department: ApiClient;
let stranger: ApiClient;
let baseId: string;
let departmentId: string;

beforeAll(async () => {
  system = await startLocalSystem({ env: { ADMIN_EMAIL: OFFICE } });
  anonymous = new ApiClient(system.baseUrl);
  admin = await anonymous.as('admin-1', 'admin', 'org_hrss');
  const education = await admin.post('/organizations', {
    name: '自治区教育厅',
    kind: 'department',
    city: '南宁',
    contactEmail: DEPARTMENT_MAIL,
  });
  const science = await admin.post('/organizations', {
    name: '自治区科学技术厅',
    kind: 'department',
    city: '南宁',
  });
  departmentId = education.body.id;
  const base = await admin.post('/organizations', {
    name: '广西大学继续教育基地',
    kind: 'base',
    level: 'national',
    city: '南宁',
    contactEmail: BASE_MAIL,
    managingDepartmentId: departmentId,
  });
  expect(base.status).toBe(201);
  baseId = base.body.id;
  host = await anonymous.as('host-gxu', 'host', baseId);
  department = await anonymous.as('dept-edu', 'department', departmentId);
  stranger = await anonymous.as('dept-sci', 'department', science.body.id);
});

afterAll(async () => {
  await system?.stop();
});

const outbox = async () => (await anonymous.get('/local/outbox')).body.items as Mail[];
const mailsTo = async (to: string) => (await outbox()).filter((mail) => mail.to === to);
const waitForMails = (to: string, count: number) =>
  vi.waitFor(
    async () => {
      const mails = await mailsTo(to);
      expect(mails).toHaveLength(count);
      return mails;
    },
    { timeout: 15_000, interval: 100 },
  );

const reportPath = () => `/organizations/${baseId}/annual-reports/${year}`;
const amend = (client: ApiClient, summary: string) =>
  client.request('PUT', reportPath(), { body: { summary, nextYearPlan: '下一年度计划（修改稿）' } });

describe("a base's annual report under review", () => {
  it('names the managing department beside its id on the base, and refuses one that is not a department', async () => {
    const base = await admin.get(`/organizations/${baseId}`);
    expect(base.body).toMatchObject({
      managingDepartmentId: departmentId,
      managingDepartmentName: '自治区教育厅',
    });
    const wrong = await admin.patch(`/organizations/${baseId}`, { managingDepartmentId: baseId });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.code).toBe('NOT_A_DEPARTMENT');
    expect(
      (await admin.patch(`/organizations/${baseId}`, { managingDepartmentId: 'org_nowhere' })).body.error
        .code,
    ).toBe('UNKNOWN_ORGANIZATION');
  });

  it('goes filed → returned → amended → approved → accepted, each step mailed to the base', async () => {
    const filed = await host.post(`/organizations/${baseId}/annual-reports`, {
      year,
      summary: '全年培训专业技术人员 2,150 人次',
      nextYearPlan: '下一年度计划',
    });
    expect(filed.status).toBe(201);
    expect(filed.body).toMatchObject({
      status: 'submitted',
      managingDepartmentName: '自治区教育厅',
      version: 1,
    });

    // The department is told it is its turn; the program office is not yet.
    const [awaiting] = await waitForMails(DEPARTMENT_MAIL, 1);
    expect(awaiting).toMatchObject({ kind: 'annual-report-awaiting-review' });
    expect(awaiting?.subject).toBe(`年度报告待审核：广西大学继续教育基地${year}年度`);

    // Out of turn: the program office before the department (409); strangers see nothing (404).
    const early = await admin.post(`${reportPath()}/review`, { decision: 'approve' });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('NOT_YOUR_TURN');
    expect(early.body.error.message).toBe(
      '该年度报告当前状态为“已提交”，正等待基地管理部门审核，您现在不能审核',
    );
    expect((await stranger.post(`${reportPath()}/review`, { decision: 'approve' })).status).toBe(404);
    expect((await stranger.get(reportPath())).status).toBe(404);
    expect((await host.post(`${reportPath()}/review`, { decision: 'approve' })).status).toBe(403);

    const noComment = await department.post(`${reportPath()}/review`, { decision: 'return' });
    expect(noComment.status).toBe(400);
    expect(noComment.body.error.details[0]).toMatchObject({
      field: 'comment',
      message: '意见：退回修改时须说明理由',
    });

    const returned = await department.post(`${reportPath()}/review`, {
      decision: 'return',
      comment: '请补充各专业培训人数',
    });
    expect(returned.status).toBe(200);
    expect(returned.body.status).toBe('returned');
    expect((await department.get(reportPath())).body.status).toBe('returned');

    const amended = await amend(host, '全年培训 2,150 人次，其中教育类 800 人次');
    expect(amended.status).toBe(200);
    expect(amended.body).toMatchObject({
      status: 'submitted',
      summary: '全年培训 2,150 人次，其中教育类 800 人次',
      submittedAt: filed.body.submittedAt,
      lateDays: filed.body.lateDays,
    });
    expect(amended.body.lastSubmittedAt >= filed.body.submittedAt).toBe(true);
    await waitForMails(DEPARTMENT_MAIL, 2);

    const approved = await department.post(`${reportPath()}/review`, {
      decision: 'approve',
      comment: '同意',
    });
    expect(approved.body.status).toBe('department-approved');
    const [toOffice] = await waitForMails(OFFICE, 1);
    expect(toOffice).toMatchObject({ kind: 'annual-report-awaiting-review' });
    expect(toOffice?.text).toContain('经基地管理部门（自治区教育厅）审核同意');

    // The department has had its say.
    const again = await department.request('POST', `${reportPath()}/review`, {
      body: { decision: 'approve' },
      headers: { 'accept-language': 'en' },
    });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe(
      'The report is department-approved and awaits review by the program office, not by you',
    );

    const accepted = await admin.post(`${reportPath()}/review`, { decision: 'approve' });
    expect(accepted.status).toBe(200);
    expect(accepted.body.status).toBe('accepted');
    expect(accepted.body.history.map((step: { action: string }) => step.action)).toEqual([
      'filed',
      'returned',
      'amended',
      'approved',
      'accepted',
    ]);

    // Accepted is final: no amendment (409), no further review (409).
    const late = await amend(host, '再改一次');
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('ANNUAL_REPORT_NOT_AMENDABLE');
    const reviewAgain = await admin.post(`${reportPath()}/review`, { decision: 'return', comment: '再看看' });
    expect(reviewAgain.status).toBe(409);
    expect(reviewAgain.body.error.code).toBe('ANNUAL_REPORT_NOT_AWAITING_REVIEW');

    const toBase = await waitForMails(BASE_MAIL, 5);
    expect(toBase.map((mail) => mail.kind)).toEqual(Array(5).fill('annual-report-reviewed'));
    expect(toBase.map((mail) => mail.subject)).toEqual([
      `年度报告提交：广西大学继续教育基地${year}年度`,
      `年度报告退回修改：广西大学继续教育基地${year}年度`,
      `年度报告修改后重新提交：广西大学继续教育基地${year}年度`,
      `年度报告基地管理部门审核同意：广西大学继续教育基地${year}年度`,
      `年度报告项目办公室审核通过：广西大学继续教育基地${year}年度`,
    ]);
    expect(toBase[1]?.text).toContain('审核意见：请补充各专业培训人数');
    expect(toBase[1]?.text).toContain(`/organizations/${baseId}/annual-reports/${year}`);
    // Each step told once, the reviewers no more than their turns.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await mailsTo(BASE_MAIL)).toHaveLength(5);
    expect(await mailsTo(DEPARTMENT_MAIL)).toHaveLength(2);
    expect(await mailsTo(OFFICE)).toHaveLength(1);
  });

  it('lists the reports: admin all, the department those of its bases, another department none', async () => {
    const all = await admin.get(`/annual-reports?year=${year}`);
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ nextCursor: null });
    expect(all.body.items.map((item: { orgId: string }) => item.orgId)).toEqual([baseId]);
    expect(all.body.items[0]).toMatchObject({ orgName: '广西大学继续教育基地', status: 'accepted' });
    expect((await admin.get(`/annual-reports?year=${year}&status=submitted`)).body.items).toEqual([]);
    const accepted = await admin.get('/annual-reports?status=accepted');
    expect(accepted.body.items.map((item: { orgId: string }) => item.orgId)).toEqual([baseId]);

    const managed = await department.get('/annual-reports');
    expect(managed.body.items.map((item: { orgId: string }) => item.orgId)).toEqual([baseId]);
    expect((await stranger.get('/annual-reports')).body).toEqual({ items: [], nextCursor: null });
    expect((await host.get('/annual-reports')).status).toBe(403);
    expect((await admin.get('/annual-reports?status=draft')).status).toBe(400);
  });

  it('labels the review statuses for clients', async () => {
    const labels = await anonymous.get('/public/labels');
    expect(labels.body.statuses).toMatchObject({
      submitted: '已提交',
      'department-approved': '基地管理部门已审核同意',
      returned: '已退回修改',
      accepted: '已审核通过',
    });
  });
});
