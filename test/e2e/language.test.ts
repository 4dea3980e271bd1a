/**
 * The refusals of every area as a client meets them over HTTP: organizations, annual reports,
 * trainees and the input rules they share; plans, sessions, registrations, results and
 * certificates. The catalogue's Chinese by default, its English with `Accept-Language: en`, and
 * the same status and code in both; an unknown language gets Chinese, never a 406; and the labels
 * of `GET /public/labels`. One local system for all of them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beijingDate } from '#shared/domain/dates';
import { ApiClient } from '../support/api-client';
import { addDays } from '../support/fixtures';
import { publishedSession, traineeWithProfile } from '../support/http-scenario';
import { type LocalSystem, startLocalSystem } from '../support/local-system';

let system: LocalSystem;
let anonymous: ApiClient;
let admin: ApiClient;
let aTrainee: ApiClient;

beforeAll(async () => {
  system = await startLocalSystem();
  anonymous = new ApiClient(system.baseUrl);
  admin = await anonymous.as('admin-catalogue', 'admin', 'org_hrss');
  aTrainee = await anonymous.as('trainee-language', 'trainee');
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

const today = beijingDate(new Date());
const year = Number(today.slice(0, 4));

describe('refusals of the program, in both languages', () => {
  it('a 403 SELF_REVIEW of the admin who drafted the plan', async () => {
    const hostOrgId = (
      await admin.post('/organizations', { name: '广西艺术学院继续教育学院', kind: 'host', city: '南宁' })
    ).body.id;
    const host = await anonymous.as('catalogue-plan-host', 'host', hostOrgId);
    const drafted = await admin.post('/plans', {
      year,
      project: 'seminar',
      level: 'regional',
      category: 'shortage',
      title: '文化创意人才研修班',
      plannedSessions: 1,
      plannedTrainees: 40,
      budget: { subsidyCapFen: 1_000_000, selfFundedFen: 0 },
      hostOrgId,
    });
    expect(drafted.status).toBe(201);
    expect((await host.post(`/plans/${drafted.body.id}/submit`)).status).toBe(200);

    const own = await inBothLanguages(admin, 'POST', `/plans/${drafted.body.id}/review`, {
      decision: 'approve',
    });
    expect(own).toMatchObject({ status: 403, code: 'SELF_REVIEW' });
    expect(own.zh.message).toBe('此计划由您起草，须由他人审核');
    expect(own.en.message).toBe('You drafted this plan: someone else reviews it');
  });

  it('a 400 of a plan whose category its project does not admit, naming the field in Chinese', async () => {
    const answer = await inBothLanguages(admin, 'POST', '/plans', {
      year,
      project: 'seminar',
      level: 'regional',
      category: 'digital',
      title: '类别有误的研修班',
      plannedSessions: 1,
      plannedTrainees: 40,
      budget: { subsidyCapFen: 0, selfFundedFen: 0 },
      hostOrgId: 'org_any',
    });
    expect(answer).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect(answer.zh.details).toEqual([
      {
        field: 'category',
        message:
          '类别：研修培训项目的类别须为“高级研修”或“急需紧缺人才培养培训”或“岗位培训”，不能为“数字技术”',
      },
    ]);
    expect(answer.en.details?.[0]?.message).toBe(
      'A seminar plan has category advanced or shortage or on-the-job, not digital',
    );
  });

  it('a 409 ALREADY_REGISTERED and a 422 SESSION_NOT_ENDED', async () => {
    const { host, sessionId } = await publishedSession(anonymous, admin, { hostName: '钦州市人才服务中心' });
    const trainee = await traineeWithProfile(anonymous, 61, '黄丽');
    const registration = await trainee.post(`/sessions/${sessionId}/registrations`);
    expect(registration.status).toBe(201);

    const twice = await inBothLanguages(trainee, 'POST', `/sessions/${sessionId}/registrations`);
    expect(twice).toMatchObject({ status: 409, code: 'ALREADY_REGISTERED' });
    expect(twice.zh.message).toBe('您已报名该班次');
    expect(twice.zh.details).toEqual([
      { field: 'sessionId', message: '培训班次：每位学员每个班次只能报名一次' },
    ]);
    expect(twice.en.message).toBe('You are already registered for this session');

    // The session of the scenario ends in eleven days: no results before its last day.
    const endDate = addDays(today, 11);
    const early = await inBothLanguages(host, 'POST', `/sessions/${sessionId}/results`, {
      results: [{ registrationId: registration.body.id, passed: true }],
    });
    expect(early).toMatchObject({ status: 422, code: 'SESSION_NOT_ENDED' });
    expect(early.zh.message).toBe(`考核结果自班次最后一天（${endDate}）起方可录入`);
    expect(early.zh.details?.[0]).toMatchObject({ field: 'endDate', message: '结束日期：班次尚未结束' });
    expect(early.en.message).toBe(`Results are recorded from ${endDate}, the last day`);
    expect(early.en.details?.[0]?.message).toBe('The session has not ended yet');
  });

  it('a 400 of session dates out of order', async () => {
    const { host, planId } = await publishedSession(anonymous, admin, { hostName: '玉林市人才服务中心' });
    const answer = await inBothLanguages(host, 'POST', `/plans/${planId}/sessions`, {
      title: '日期颠倒的班次',
      startDate: addDays(today, 10),
      endDate: addDays(today, 9),
      registrationDeadline: addDays(today, 5),
      capacity: 30,
      creditHours: 8,
      subjectType: 'professional',
      mode: 'offline',
      city: '玉林',
    });
    expect(answer).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect(answer.zh.details).toEqual([{ field: 'endDate', message: '结束日期：不能早于开始日期' }]);
    expect(answer.en.details).toEqual([
      { field: 'endDate', message: 'The end date must be on or after the start date' },
    ]);
  });

  it('a 409 ALREADY_CERTIFIED of a second certificate of one level in one field', async () => {
    const institution = await admin.post('/organizations', {
      name: '广西专业技术人才评价中心',
      kind: 'assessment-institution',
      city: '南宁',
    });
    const assessor = await anonymous.as('catalogue-assessor', 'assessor', institution.body.id);
    const holder = await traineeWithProfile(anonymous, 62, '韦强');
    const holderId = (await holder.get('/trainees/me')).body.traineeId;
    const certificate = {
      holderId,
      holderName: '韦强',
      field: '大数据',
      level: 'intermediate',
      examDate: today,
    };
    const first = await assessor.post('/certificates', certificate);
    expect(first.status).toBe(201);

    const again = await inBothLanguages(assessor, 'POST', '/certificates', certificate);
    expect(again).toMatchObject({ status: 409, code: 'ALREADY_CERTIFIED' });
    expect(again.zh.message).toBe(`学员 ${holderId} 已持有“大数据”领域的中级证书：${first.body.number}`);
    expect(again.zh.details?.[0]).toMatchObject({
      field: 'level',
      message: '级别：每位持证人在同一专业领域、同一级别只能持有一张证书',
    });
    expect(again.en.message).toBe(
      `Trainee ${holderId} already holds an intermediate certificate in 大数据: ${first.body.number}`,
    );
  });
});

const CHINESE = /[\u4e00-\u9fff]/;

describe('the language of refusals', () => {
  it('a 403 is in Chinese by default and in English with Accept-Language: en', async () => {
    const body = { name: '南宁培训中心', kind: 'host', city: '南宁' };
    const zh = await aTrainee.post<Refusal>('/organizations', body);
    const en = await aTrainee.post<Refusal>('/organizations', body, { 'accept-language': 'en' });
    expect(zh.status).toBe(403);
    expect(en.status).toBe(403);
    expect(zh.body.error.code).toBe('FORBIDDEN');
    expect(en.body.error.code).toBe('FORBIDDEN');
    expect(zh.body.error.message).toBe('此操作仅限项目管理办公室');
    expect(en.body.error.message).toBe('This needs one of the roles: admin');
  });

  it('a 400 names the fields by their Chinese labels, and by name in English', async () => {
    const body = { kind: 'host', city: 7, colour: 'red' };
    const zh = await admin.post<Refusal>('/organizations', body);
    const en = await admin.post<Refusal>('/organizations', body, { 'accept-language': 'en-US,en;q=0.9' });
    expect(zh.status).toBe(400);
    expect(zh.body.error.code).toBe('VALIDATION_FAILED');
    expect(en.body.error.code).toBe('VALIDATION_FAILED');
    expect(zh.body.error.message).toMatch(/^请求内容有误：/);
    expect(zh.body.error.message).toContain('所在地市');
    const city = zh.body.error.details?.find((detail) => detail.field === 'city');
    expect(city?.message).toMatch(/^所在地市：/);
    expect(city?.message).toMatch(CHINESE);
    expect(zh.body.error.details?.find((detail) => detail.field === 'colour')?.message).toBe(
      'colour：不接受此字段',
    );
    expect(en.body.error.message).toMatch(/^Invalid body: /);
    expect(en.body.error.details?.find((detail) => detail.field === 'city')?.message).toBe(
      'Invalid input: expected string, received number',
    );
  });

  it('an unknown language gets Chinese, never a 406', async () => {
    const answer = await anonymous.request<Refusal>('GET', '/plans', {
      headers: { 'accept-language': 'fr' },
    });
    expect(answer.status).toBe(401);
    expect(answer.body.error.message).toMatch(CHINESE);
  });
});

describe('GET /public/labels', () => {
  it('gives anyone the Chinese label of every enumerated value', async () => {
    const answer = await anonymous.get<Record<string, Record<string, string>>>('/public/labels');
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.body).sort()).toEqual(
      [
        'categories',
        'certificateTypes',
        'fields',
        'levels',
        'modes',
        'organizationKinds',
        'projects',
        'statuses',
        'subjectTypes',
      ].sort(),
    );
    expect(answer.body.projects?.seminar).toBe('研修培训项目');
    expect(answer.body.modes?.online).toBe('线上');
    expect(answer.body.statuses?.waitlisted).toBe('候补中');
    expect(answer.body.fields?.['artificial-intelligence']).toBe('人工智能');
  });
});
