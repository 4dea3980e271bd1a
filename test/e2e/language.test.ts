/**
 * The language of the people who use the program, over HTTP as a client meets it: refusals in
 * Chinese unless English is asked for, the same codes in both, and the labels of every value.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client';
import { type LocalSystem, startLocalSystem } from '../support/local-system';

let system: LocalSystem;
let anonymous: ApiClient;
let trainee: ApiClient;
let admin: ApiClient;

beforeAll(async () => {
  system = await startLocalSystem();
  anonymous = new ApiClient(system.baseUrl);
  trainee = await anonymous.as('trainee-language', 'trainee');
  admin = await anonymous.as('admin-language', 'admin', 'org_hrss');
});

afterAll(async () => {
  await system?.stop();
});

type Refusal = { error: { code: string; message: string; details?: { field?: string; message: string }[] } };

const CHINESE = /[\u4e00-\u9fff]/;

describe('refusals', () => {
  it('a 403 is in Chinese by default and in English with Accept-Language: en', async () => {
    const body = { name: '南宁培训中心', kind: 'host', city: '南宁' };
    const zh = await trainee.post<Refusal>('/organizations', body);
    const en = await trainee.post<Refusal>('/organizations', body, { 'accept-language': 'en' });
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
