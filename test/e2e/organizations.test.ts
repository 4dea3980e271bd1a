/** The foundation's acceptance story, over HTTP against the local system as a client calls it. */
import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '#shared/routes';
import { ApiClient } from '../support/api-client';
import { type LocalSystem, startLocalSystem } from '../support/local-system';

let system: LocalSystem;
let anonymous: ApiClient;
let admin: ApiClient;
let trainee: ApiClient;

beforeAll(async () => {
  system = await startLocalSystem();
  anonymous = new ApiClient(system.baseUrl);
  admin = await anonymous.as('admin-1', 'admin', 'gx-hrss');
  trainee = await anonymous.as('trainee-1', 'trainee');
});

afterAll(async () => {
  await system?.stop();
});

const base = { name: '广西大学继续教育基地', kind: 'base', level: 'national', city: '南宁' };

describe('public routes', () => {
  it('answers GET /health', async () => {
    const response = await anonymous.get('/health');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('serves an OpenAPI 3.1 document listing every route of the table', async () => {
    const { status, body } = await anonymous.get('/openapi.json');
    expect(status).toBe(200);
    expect(body.openapi).toBe('3.1.0');
    for (const route of ROUTES.filter((candidate) => !('localOnly' in candidate))) {
      expect(body.paths[route.path]?.[route.method.toLowerCase()]?.operationId).toBe(route.operationId);
    }
    expect(body.paths['/local/tokens']).toBeUndefined();
  });

  it('answers a CORS preflight', async () => {
    const response = await fetch(`${system.baseUrl}/organizations`, {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example.cn', 'access-control-request-method': 'POST' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-headers')).toContain('idempotency-key');
  });

  it("lets a browser read an answer's Retry-After and replay mark", async () => {
    const response = await fetch(`${system.baseUrl}/public/sessions`, {
      headers: { origin: 'https://app.example.cn' },
    });
    expect(response.status).toBe(200);
    const exposed = response.headers.get('access-control-expose-headers') ?? '';
    expect(exposed.split(',')).toEqual(expect.arrayContaining(['retry-after', 'idempotent-replayed']));
  });

  it('answers an unknown path with 404 in the error shape', async () => {
    const response = await anonymous.get('/no-such-thing');
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('NOT_FOUND');
  });
});

describe('signing in', () => {
  it('is 401 without a token', async () => {
    const response = await anonymous.get('/organizations');
    expect(response.status).toBe(401);
    expect(response.body.error).toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('is 401 with a token signed by another key', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const forged = await new SignJWT({ 'cognito:groups': ['admin'] })
      .setProtectedHeader({ alg: 'ES256' })
      .setSubject('mallory')
      .setIssuer('urn:gx-knowledge-renewal:local')
      .setAudience('gx-knowledge-renewal-local-client')
      .setExpirationTime('1h')
      .sign(privateKey);
    expect((await anonymous.withToken(forged).get('/organizations')).status).toBe(401);
  });

  it('is 401 when the role in a real token is changed', async () => {
    const token = (await anonymous.post('/local/tokens', { sub: 'eve', role: 'trainee' })).body
      .token as string;
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload as string, 'base64url').toString());
    claims['cognito:groups'] = ['admin'];
    const tampered = [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.');
    expect((await anonymous.withToken(tampered).get('/organizations')).status).toBe(401);
  });

  it('refuses a token request for an unknown role', async () => {
    const response = await anonymous.post('/local/tokens', { sub: 'x', role: 'superuser' });
    expect(response.status).toBe(400);
    expect(response.body.error.details[0].field).toBe('role');
  });
});

describe('organizations', () => {
  it('is 403 for a role that may not create one', async () => {
    const response = await trainee.post('/organizations', base);
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('FORBIDDEN');
  });

  it('is 400 for malformed JSON, not 415', async () => {
    const response = await admin.request('POST', '/organizations', {
      rawBody: '{"name": "broken',
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('MALFORMED_JSON');
  });

  it('is 400 naming unknown fields', async () => {
    const response = await admin.post('/organizations', { ...base, motto: 'x', budget: 1 });
    expect(response.status).toBe(400);
    const fields = response.body.error.details.map((detail: { field: string }) => detail.field);
    expect(fields).toEqual(expect.arrayContaining(['motto', 'budget']));
  });

  it('is 400 for a wrong kind, a missing name, an oversized city', async () => {
    const response = await admin.post('/organizations', { kind: 'bank', city: 'x'.repeat(51) });
    expect(response.status).toBe(400);
    const fields = response.body.error.details.map((detail: { field: string }) => detail.field);
    expect(fields).toEqual(expect.arrayContaining(['kind', 'name', 'city']));
  });

  it('creates one (201) and reads it back (200)', async () => {
    const created = await admin.post('/organizations', base);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ...base, status: 'active', fields: [] });
    expect(created.body.id).toMatch(/^org_/);

    const read = await trainee.get(`/organizations/${created.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);
  });

  it('lists by kind, page by page', async () => {
    for (const name of ['南宁市人社局', '柳州市人社局', '桂林市人社局']) {
      expect(
        (await admin.post('/organizations', { name, kind: 'department', city: name.slice(0, 2) })).status,
      ).toBe(201);
    }
    const first = await admin.get('/organizations?kind=department&limit=2');
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await admin.get(`/organizations?kind=department&limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items).toHaveLength(1);
    expect(second.body.nextCursor).toBeNull();
    const all = [...first.body.items, ...second.body.items];
    expect(all.every((org: { kind: string }) => org.kind === 'department')).toBe(true);
    expect(new Set(all.map((org: { id: string }) => org.id)).size).toBe(3);
  });

  it('is 400 for a limit over 200 and for a forged cursor', async () => {
    expect((await admin.get('/organizations?limit=201')).status).toBe(400);
    expect((await admin.get('/organizations?cursor=bm90LWEtY3Vyc29y')).status).toBe(400);
  });

  it('lets admin warn a base, and only admin', async () => {
    const created = await admin.post('/organizations', {
      ...base,
      name: '柳州职业技术学院基地',
      level: 'regional',
    });
    const path = `/organizations/${created.body.id}`;
    expect((await trainee.patch(path, { status: 'warned', statusReason: '年度总结逾期' })).status).toBe(403);
    const warned = await admin.patch(path, { status: 'warned', statusReason: '年度总结逾期' });
    expect(warned.status).toBe(200);
    expect(warned.body.status).toBe('warned');
    expect((await admin.get(path)).body.status).toBe('warned');
    expect((await admin.patch(path, { status: 'closed', statusReason: '关闭' })).status).toBe(400);
  });

  it('is 404 for an unknown id and 400 for an id that cannot be one', async () => {
    expect((await admin.get('/organizations/org_does_not_exist')).status).toBe(404);
    expect((await admin.get('/organizations/%3Cscript%3E')).status).toBe(400);
  });

  it('replays an Idempotency-Key instead of creating twice', async () => {
    const body = { name: '梧州学院', kind: 'training-institution', city: '梧州' };
    const first = await admin.post('/organizations', body, { 'idempotency-key': 'e2e-key-1' });
    const again = await admin.post('/organizations', body, { 'idempotency-key': 'e2e-key-1' });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    const listed = await admin.get('/organizations?kind=training-institution&limit=200');
    expect(listed.body.items.filter((org: { name: string }) => org.name === body.name)).toHaveLength(1);
  });
});

describe('local tools', () => {
  it('lists the outbox, empty before any mail', async () => {
    const response = await anonymous.get('/local/outbox');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ items: [] });
  });
});
