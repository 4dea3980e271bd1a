/**
 * The refusals of organizations, annual reports, trainees and the input rules they share, as a
 * client meets them over HTTP: the catalogue's Chinese by default, its English with
 * `Accept-Language: en`, and the same status and code in both.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client';
import { type LocalSystem, startLocalSystem } from '../support/local-system';

let system: LocalSystem;
let anonymous: ApiClient;
let admin: ApiClient;

beforeAll(async () => {
  system = await startLocalSystem();
  anonymous = new ApiClient(system.baseUrl);
  admin = await anonymous.as('admin-catalogue', 'admin', 'org_hrss');
});

afterAll(async () => {
  await system?.stop();
});

type Refusal = { error: { code: string; message: string; details?: { field?: string; message: string }[] } };

/** The same request asked in Chinese (no Accept-Language) and in English. */
async function inBothLanguages(client: ApiClient, method: string, path: string, body?: unknown) {
  const zh = await client.request<Refusal>(method, path, body === undefined ? {} : { body });
  const en = await client.request<Refusal>(method, path, {
    ...(body === undefined ? {} : { body }),
    headers: { 'accept-language': 'en' },
  });
  expect(en.status).toBe(zh.status);
  expect(en.body.error.code).toBe(zh.body.error.code);
  return { status: zh.status, code: zh.body.error.code, zh: zh.body.error, en: en.body.error };
}

const lastYear =
  Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date())) -
  1;

describe('refusals of the catalogue', () => {
  it('a 404 of an unknown organization', async () => {
    const answer = await inBothLanguages(admin, 'GET', '/organizations/org_missing');
    expect(answer).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    expect(answer.zh.message).toBe('未找到单位 org_missing');
    expect(answer.en.message).toBe('No organization org_missing');
  });

  it('a 409 of an annual report filed twice, and a 422 of one filed by a host that is no base', async () => {
    const base = await admin.post('/organizations', {
      name: '广西民族大学继续教育基地',
      kind: 'base',
      level: 'regional',
      city: '南宁',
    });
    expect(base.status).toBe(201);
    const baseHost = await anonymous.as('catalogue-base-host', 'host', base.body.id);
    const report = { year: lastYear, summary: '全年培训800人次', nextYearPlan: '计划培训1000人次' };
    expect((await baseHost.post(`/organizations/${base.body.id}/annual-reports`, report)).status).toBe(201);

    const twice = await inBothLanguages(
      baseHost,
      'POST',
      `/organizations/${base.body.id}/annual-reports`,
      report,
    );
    expect(twice).toMatchObject({ status: 409, code: 'ALREADY_FILED' });
    expect(twice.zh.message).toBe(`单位 ${base.body.id} 已提交过 ${lastYear} 年度报告`);
    expect(twice.en.message).toBe(
      `Organization ${base.body.id} has already filed its annual report for ${lastYear}`,
    );

    const host = await admin.post('/organizations', {
      name: '南宁市人才服务中心',
      kind: 'host',
      city: '南宁',
    });
    const hostUser = await anonymous.as('catalogue-host', 'host', host.body.id);
    const notABase = await inBothLanguages(
      hostUser,
      'POST',
      `/organizations/${host.body.id}/annual-reports`,
      report,
    );
    expect(notABase).toMatchObject({ status: 422, code: 'NOT_A_BASE' });
    expect(notABase.zh.message).toBe(`单位 ${host.body.id} 是主办单位，只有继续教育基地提交年度报告`);
    expect(notABase.en.message).toBe(
      `Organization ${host.body.id} is a host; only bases file annual reports`,
    );
  });

  it('a 404 of a trainee without a profile', async () => {
    const trainee = await anonymous.as('catalogue-trainee', 'trainee');
    const answer = await inBothLanguages(trainee, 'GET', '/trainees/me');
    expect(answer).toMatchObject({ status: 404, code: 'PROFILE_NOT_FOUND' });
    expect(answer.zh.message).toBe('您尚未填写学员个人信息，请先通过 PUT /trainees/me 提交');
    expect(answer.en.message).toBe('You have no trainee profile yet: PUT /trainees/me first');
  });

  it('a 400 names the field in Chinese with the rule it breaks', async () => {
    const badId = await inBothLanguages(admin, 'GET', '/organizations/no!such');
    expect(badId).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect(badId.zh.details).toEqual([
      { field: 'path.orgId', message: '单位：编号只能包含字母、数字、“-”和“_”' },
    ]);
    expect(badId.en.details).toEqual([
      { field: 'path.orgId', message: 'An id has only letters, digits, "-" and "_"' },
    ]);

    const org = await admin.post('/organizations', {
      name: '柳州市职业培训中心',
      kind: 'host',
      city: '柳州',
    });
    const noReason = await inBothLanguages(admin, 'PATCH', `/organizations/${org.body.id}`, {
      status: 'warned',
    });
    expect(noReason).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect(noReason.zh.details).toEqual([
      {
        field: 'statusReason',
        message: '状态变更原因：变更状态时必须填写，说明为何将单位设为正常、已警示或已退出',
      },
    ]);
    expect(noReason.en.details?.[0]?.message).toBe(
      'A status change needs a statusReason: why the organization is active, warned or exited',
    );

    const nothing = await inBothLanguages(admin, 'PATCH', `/organizations/${org.body.id}`, {});
    expect(nothing.zh.details).toEqual([{ message: '没有要修改的内容：请至少提供一个字段' }]);
    expect(nothing.en.details).toEqual([{ message: 'Nothing to change: send at least one field' }]);
  });
});
