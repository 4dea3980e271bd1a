/**
 * What every answer of the local system carries and what it refuses, over HTTP as a client sees
 * it: signed-in answers are never stored by a browser or proxy and never sniffed; an error stays
 * small however much is wrong with a request; text must be valid Unicode, so no export can trip
 * over half of a surrogate pair.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, type ApiResponse } from '../support/api-client';
import { publishedSession } from '../support/http-scenario';
import { type LocalSystem, startLocalSystem } from '../support/local-system';

const APP_ORIGIN = 'https://app.example.gov.cn';

let system: LocalSystem;
let anonymous: ApiClient;
let admin: ApiClient;
let host: ApiClient;
let planId: string;
let sessionId: string;

beforeAll(async () => {
  // One allowed origin, as a deployment lists its web app's.
  system = await startLocalSystem({ env: { CORS_ALLOWED_ORIGINS: APP_ORIGIN } });
  anonymous = new ApiClient(system.baseUrl);
  admin = await anonymous.as('admin-hygiene', 'admin', 'org_hrss');
  ({ host, planId, sessionId } = await publishedSession(anonymous, admin, { hostName: '卫生检查承办单位' }));
});

afterAll(async () => {
  await system?.stop();
});

const protectedAnswer = (answer: ApiResponse, what: string) => {
  expect(answer.headers.get('cache-control'), what).toBe('no-store');
  expect(answer.headers.get('x-content-type-options'), what).toBe('nosniff');
};

describe('headers', () => {
  it('marks every signed-in answer no-store and nosniff: JSON, files and refusals alike', async () => {
    const trainee = await anonymous.as('trainee-hygiene', 'trainee');
    const answers: [string, ApiResponse][] = [
      ['a list', await host.get('/plans')],
      ['one item', await host.get(`/sessions/${sessionId}`)],
      ['a refused write', await host.post('/plans', { title: 'x' })],
      ['a CSV file', await host.get(`/sessions/${sessionId}/roster.csv`)],
      ['a forbidden call', await trainee.get(`/sessions/${sessionId}/roster.csv`)],
      ['an unknown id', await host.get('/plans/plan_nosuch')],
    ];
    expect(answers.map(([, answer]) => answer.status)).toEqual([200, 200, 400, 200, 403, 404]);
    for (const [what, answer] of answers) protectedAnswer(answer, what);
    expect(answers[3]?.[1].headers.get('content-type')).toMatch(/^text\/csv/);
  });

  it('marks public answers nosniff, leaving them cacheable', async () => {
    const answer = await anonymous.get('/public/plans');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.headers.get('cache-control')).toBeNull();
  });
});

describe('CORS with one allowed origin', () => {
  it('lets that origin read answers, keeping one cached copy per origin, and no other', async () => {
    const fromApp = await host.request('GET', '/plans', { headers: { origin: APP_ORIGIN } });
    expect(fromApp.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    expect(fromApp.headers.get('vary')).toMatch(/origin/i);
    const fromElsewhere = await host.request('GET', '/plans', {
      headers: { origin: 'https://evil.example' },
    });
    expect(fromElsewhere.status).toBe(200);
    expect(fromElsewhere.headers.get('access-control-allow-origin')).toBeNull();
    expect(fromElsewhere.headers.get('vary')).toMatch(/origin/i);
  });
});

describe('error bodies', () => {
  it('answers 20,000 unknown fields with a 400 under 8 KB: 20 details and a count of the rest', async () => {
    const body: Record<string, string> = { name: '某承办单位', kind: 'host', city: '南宁' };
    for (let i = 0; i < 20_000; i++) body[`unknown${i}`] = 'x';
    const response = await fetch(`${system.baseUrl}/organizations`, {
      method: 'POST',
      headers: { authorization: (await adminHeader()) as string, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    expect(response.status).toBe(400);
    expect(Buffer.byteLength(text)).toBeLessThan(8 * 1024);
    const { error } = JSON.parse(text);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details).toHaveLength(20);
    expect(error.details[0]).toEqual({ field: 'unknown0', message: 'unknown0：不接受此字段' });
    expect(error.detailsOmitted).toBe(20_000 - 20);
    expect(error.message).toContain('（另有 19980 项）');
  });
});

describe('text that is not valid Unicode', () => {
  const loneSurrogate = 'x\ud800';

  it('is refused with a 400 naming the field, and nothing is written', async () => {
    const before = await host.get(`/sessions?planId=${planId}`);
    expect(before.body.items).toHaveLength(1);
    const [existing] = before.body.items;
    const session = await host.post(`/plans/${planId}/sessions`, {
      title: loneSurrogate,
      startDate: existing.startDate,
      endDate: existing.endDate,
      registrationDeadline: existing.registrationDeadline,
      capacity: 10,
      creditHours: 4,
      subjectType: 'professional',
      mode: 'online',
      city: '南宁',
    });
    expect(session.status).toBe(400);
    expect(session.body.error.details).toContainEqual({
      field: 'title',
      message: '标题：不是有效的 Unicode 文本（含有不成对的代理字符）',
    });
    const after = await host.get(`/sessions?planId=${planId}`);
    expect(after.body.items).toHaveLength(before.body.items.length);

    const renamed = await host.patch(`/sessions/${sessionId}`, { title: `\udc00${loneSurrogate}` });
    expect(renamed.status).toBe(400);
    const trainee = await anonymous.as('trainee-surrogate', 'trainee');
    const profile = await trainee.request('PUT', '/trainees/me', {
      body: {
        name: loneSurrogate,
        idNumber: '11010519491231002X',
        employer: '某单位',
        city: '南宁',
        email: 't@example.cn',
      },
    });
    expect(profile.status).toBe(400);
    expect(profile.body.error.details.map((detail: { field: string }) => detail.field)).toContain('name');
  });

  it('leaves the roster exports answering', async () => {
    for (const file of ['roster.csv', 'roster.xlsx']) {
      expect((await host.get(`/sessions/${sessionId}/${file}`)).status, file).toBe(200);
    }
  });
});

async function adminHeader(): Promise<string> {
  const minted = await anonymous.post<{ token: string }>('/local/tokens', {
    sub: 'admin-hygiene',
    role: 'admin',
    orgId: 'org_hrss',
  });
  return `Bearer ${minted.body.token}`;
}
