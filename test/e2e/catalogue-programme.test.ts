/**
 * The refusals of plans, sessions, registrations, results and certificates as a client meets them
 * over HTTP: the catalogue's Chinese by default, its English with `Accept-Language: en`, and the
 * same status and code in both.
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

beforeAll(async () => {
  system = await startLocalSystem();
  anonymous = new ApiClient(system.baseUrl);
  admin = await anonymous.as('admin-catalogue-programme', 'admin', 'org_hrss');
});

afterAll(async () => {
  await system?.stop();
});

type Refusal = {
  error: { code: string; message: string; details?: { field?: string; message: string }[] };
};

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
