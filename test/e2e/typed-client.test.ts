/**
 * The typed client of `client/` driven over HTTP against the local system, as a web or mobile app
 * calls it: anonymous and signed-in calls, path, query and header parameters, and refusals read
 * through the one error shape.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beijingDate } from '#shared/domain/dates';
import { type ApiClient, createApiClient, isApiError, type Schema } from '../../client/src/index';
import { type LocalSystem, startLocalSystem } from '../support/local-system';

let system: LocalSystem;
let anonymous: ApiClient;
let admin: ApiClient;

/** `POST /local/tokens` is local only, so it is not in the OpenAPI document nor in the client. */
async function mintToken(sub: string, role: string, orgId?: string): Promise<string> {
  const response = await fetch(`${system.baseUrl}/local/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ sub, role, ...(orgId ? { orgId } : {}) }),
  });
  if (response.status !== 201) throw new Error(`Could not mint a token: ${await response.text()}`);
  return ((await response.json()) as { token: string }).token;
}

/** A client whose token comes from an async source, the way an app reads it from its sign-in state. */
async function signedIn(sub: string, role: string, orgId?: string): Promise<ApiClient> {
  const token = await mintToken(sub, role, orgId);
  return createApiClient({ baseUrl: system.baseUrl, getToken: async () => token });
}

beforeAll(async () => {
  system = await startLocalSystem();
  anonymous = createApiClient({ baseUrl: `${system.baseUrl}/` });
  admin = await signedIn('admin-1', 'admin', 'gx-hrss');
});

afterAll(async () => {
  await system?.stop();
});

describe('the typed client', () => {
  it('calls a public route without a token', async () => {
    const { data, error, response } = await anonymous.GET('/health');
    expect(response.status).toBe(200);
    expect(error).toBeUndefined();
    expect(data).toEqual({ status: 'ok' });
  });

  it('sends the bearer token and an Idempotency-Key header', async () => {
    const body: Schema<'CreateOrganizationInput'> = {
      name: '广西大学继续教育基地',
      kind: 'base',
      level: 'national',
      city: '南宁',
    };
    const headers = { 'Idempotency-Key': 'typed-client-create-base' };
    const first = await admin.POST('/organizations', { params: { header: headers }, body });
    expect(first.response.status).toBe(201);
    expect(first.data).toMatchObject({ name: body.name, kind: 'base', status: 'active' });

    const replay = await admin.POST('/organizations', { params: { header: headers }, body });
    expect(replay.data?.id).toBe(first.data?.id);

    const { data } = await admin.GET('/organizations/{orgId}', {
      params: { path: { orgId: first.data?.id ?? '' } },
    });
    expect(data?.level).toBe('national');
  });

  it('takes a plan from draft to published and finds it in the public list', async () => {
    const org = await admin.POST('/organizations', {
      body: { name: '广西人才培训中心', kind: 'host', city: '桂林' },
    });
    const orgId = org.data?.id ?? '';
    const host = await signedIn(`host-of-${orgId}`, 'host', orgId);
    const year = Number(beijingDate(new Date()).slice(0, 4));

    const draft = await host.POST('/plans', {
      body: {
        year,
        project: 'capability',
        level: 'regional',
        category: 'professional',
        title: '人工智能应用能力提升研修',
        plannedSessions: 2,
        plannedTrainees: 80,
        budget: { subsidyCapFen: 500_000, selfFundedFen: 0 },
      },
    });
    expect(draft.response.status).toBe(201);
    expect(draft.data?.status).toBe('draft');
    const planId = draft.data?.id ?? '';
    const path = { path: { planId } };

    expect((await host.POST('/plans/{planId}/submit', { params: path })).data?.status).toBe('submitted');
    const reviewed = await admin.POST('/plans/{planId}/review', {
      params: path,
      body: { decision: 'approve' },
    });
    expect(reviewed.data?.status).toBe('approved');
    expect((await admin.POST('/plans/{planId}/publish', { params: path })).data?.status).toBe('published');

    const listed = await anonymous.GET('/public/plans', {
      params: { query: { year: String(year), limit: 200 } },
    });
    expect(listed.response.status).toBe(200);
    expect(listed.data?.items.map((plan) => plan.id)).toContain(planId);
  });

  it('reads refusals through the one error shape', async () => {
    const unsigned = await anonymous.GET('/organizations');
    expect(unsigned.response.status).toBe(401);
    expect(unsigned.data).toBeUndefined();
    expect(unsigned.error?.error.code).toBe('UNAUTHORIZED');

    const trainee = await signedIn('trainee-typed-1', 'trainee');
    const refused = await trainee.POST('/organizations', {
      body: { name: '某单位', kind: 'host', city: '南宁' },
    });
    expect(refused.response.status).toBe(403);
    expect(isApiError(refused.error)).toBe(true);
    expect(refused.error?.error.code).toBe('FORBIDDEN');

    const unknown = await admin.GET('/plans/{planId}', { params: { path: { planId: 'no-such-plan' } } });
    expect(unknown.response.status).toBe(404);
    expect(unknown.error?.error.message).toEqual(expect.any(String));

    const invalid = await anonymous.GET('/public/plans', { params: { query: { limit: 500 } } });
    expect(invalid.response.status).toBe(400);
    expect(invalid.error?.error.details?.length).toBeGreaterThan(0);
  });
});
