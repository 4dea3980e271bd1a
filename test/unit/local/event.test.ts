import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { toHttpApiEvent } from '#infra/local/event';
import { ROUTES, type RouteDef } from '#shared/routes';

const getOrganization = ROUTES.find((route) => route.operationId === 'getOrganization') as RouteDef;
const createOrganization = ROUTES.find((route) => route.operationId === 'createOrganization') as RouteDef;

function fakeRequest(options: {
  url: string;
  method: string;
  headers?: Record<string, string | string[]>;
}): IncomingMessage {
  return {
    url: options.url,
    method: options.method,
    headers: options.headers ?? {},
    httpVersion: '1.1',
    socket: { remoteAddress: '::ffff:127.0.0.1' },
  } as unknown as IncomingMessage;
}

describe('toHttpApiEvent', () => {
  const before = Date.now();
  const event = toHttpApiEvent({
    request: fakeRequest({
      url: '/organizations/org_1?kind=base&kind=host&limit=5&note=%E5%8D%97%E5%AE%81',
      method: 'GET',
      headers: {
        host: 'localhost:3000',
        'user-agent': 'curl/8.5',
        'x-forwarded-for': ['10.0.0.1', '10.0.0.2'],
        cookie: 'a=1; b=2',
      },
    }),
    route: getOrganization,
    pathParameters: { orgId: 'org_1' },
    body: Buffer.alloc(0),
    claims: { sub: 'u1', 'cognito:groups': '[admin]' },
  });

  it('has the version, route key and raw path and query of payload 2.0', () => {
    expect(event.version).toBe('2.0');
    expect(event.routeKey).toBe('GET /organizations/{orgId}');
    expect(event.requestContext.routeKey).toBe('GET /organizations/{orgId}');
    expect(event.rawPath).toBe('/organizations/org_1');
    expect(event.rawQueryString).toBe('kind=base&kind=host&limit=5&note=%E5%8D%97%E5%AE%81');
  });

  it('joins repeated query keys with commas and decodes values', () => {
    expect(event.queryStringParameters).toEqual({ kind: 'base,host', limit: '5', note: '南宁' });
  });

  it('has lower-case headers with repeated ones joined, and cookies as an array', () => {
    expect(event.headers).toEqual({
      host: 'localhost:3000',
      'user-agent': 'curl/8.5',
      'x-forwarded-for': '10.0.0.1,10.0.0.2',
    });
    expect(event.cookies).toEqual(['a=1', 'b=2']);
  });

  it('carries the path parameters', () => {
    expect(event.pathParameters).toEqual({ orgId: 'org_1' });
  });

  it('fills requestContext as API Gateway does', () => {
    const context = event.requestContext;
    expect(context.stage).toBe('$default');
    expect(context.http).toEqual({
      method: 'GET',
      path: '/organizations/org_1',
      protocol: 'HTTP/1.1',
      sourceIp: '::ffff:127.0.0.1',
      userAgent: 'curl/8.5',
    });
    expect(context.domainName).toBe('localhost:3000');
    expect(typeof context.timeEpoch).toBe('number');
    expect(context.timeEpoch).toBeGreaterThanOrEqual(before);
    expect(context.timeEpoch).toBeLessThanOrEqual(Date.now());
    expect(new Date(context.time).getTime()).toBe(context.timeEpoch);
    expect(context.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(context.authorizer.jwt.claims).toEqual({ sub: 'u1', 'cognito:groups': '[admin]' });
    expect(context.authorizer.jwt.scopes).toEqual([]);
  });

  it('has no body for an empty request', () => {
    expect(event.body).toBeUndefined();
    expect(event.isBase64Encoded).toBe(false);
  });

  it('gives each request its own id', () => {
    const again = toHttpApiEvent({
      request: fakeRequest({ url: '/organizations/org_1', method: 'GET' }),
      route: getOrganization,
      pathParameters: { orgId: 'org_1' },
      body: Buffer.alloc(0),
      claims: undefined,
    });
    expect(again.requestContext.requestId).not.toBe(event.requestContext.requestId);
  });
});

describe('toHttpApiEvent bodies and claims', () => {
  const build = (headers: Record<string, string>, body: Buffer, claims?: Record<string, string>) =>
    toHttpApiEvent({
      request: fakeRequest({ url: '/organizations', method: 'POST', headers }),
      route: createOrganization,
      pathParameters: {},
      body,
      claims,
    });

  it('passes a JSON body as a string', () => {
    const json = '{"name":"南宁基地"}';
    const event = build({ 'content-type': 'application/json; charset=utf-8' }, Buffer.from(json));
    expect(event.body).toBe(json);
    expect(event.isBase64Encoded).toBe(false);
  });

  it('treats a body without a content type as text', () => {
    const event = build({}, Buffer.from('{"a":1}'));
    expect(event.body).toBe('{"a":1}');
    expect(event.isBase64Encoded).toBe(false);
  });

  it.each(['application/octet-stream', 'image/png', 'application/pdf'])(
    'passes a %s body as base64',
    (contentType) => {
      const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff]);
      const event = build({ 'content-type': contentType }, bytes);
      expect(event.isBase64Encoded).toBe(true);
      expect(Buffer.from(event.body ?? '', 'base64')).toEqual(bytes);
    },
  );

  it('has no authorizer without claims, and no empty collections', () => {
    const event = build({}, Buffer.alloc(0));
    expect(event.requestContext).not.toHaveProperty('authorizer');
    expect(event).not.toHaveProperty('pathParameters');
    expect(event).not.toHaveProperty('queryStringParameters');
    expect(event).not.toHaveProperty('cookies');
    expect(event.rawQueryString).toBe('');
    expect(event.requestContext.http.method).toBe('POST');
  });

  it('has the claims it is given', () => {
    const event = build({}, Buffer.alloc(0), { sub: 'u2' });
    expect(event.requestContext.authorizer.jwt.claims).toEqual({ sub: 'u2' });
  });
});
