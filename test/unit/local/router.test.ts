import { describe, expect, it } from 'vitest';
import { Router } from '#infra/local/router';
import { ROUTES, type RouteDef } from '#shared/routes';

const route = (method: RouteDef['method'], path: string, operationId: string): RouteDef => ({
  operationId,
  method,
  path,
  function: 'organizations',
  access: 'signed-in',
  summary: operationId,
  status: 200,
});

describe('Router over the route table', () => {
  const router = new Router();

  it('matches a parametric path and decodes its parameter', () => {
    const match = router.match('GET', '/organizations/org_01%20x%2Fy');
    expect(match?.route.operationId).toBe('getOrganization');
    expect(match?.pathParameters).toEqual({ orgId: 'org_01 x/y' });
  });

  it('matches a static path with no parameters', () => {
    expect(router.match('GET', '/health')).toEqual({
      route: ROUTES.find((candidate) => candidate.operationId === 'getHealth'),
      pathParameters: {},
    });
  });

  it('picks the route by method on the same path', () => {
    expect(router.match('POST', '/organizations')?.route.operationId).toBe('createOrganization');
    expect(router.match('GET', '/organizations')?.route.operationId).toBe('listOrganizations');
    expect(router.match('PATCH', '/organizations/org_1')?.route.operationId).toBe('updateOrganization');
  });

  it('answers undefined for a wrong method, an unknown path, a trailing segment or an empty parameter', () => {
    expect(router.match('DELETE', '/organizations/org_1')).toBeUndefined();
    expect(router.match('GET', '/nowhere')).toBeUndefined();
    expect(router.match('GET', '/organizations/org_1/extra')).toBeUndefined();
    expect(router.match('GET', '/organizations/')).toBeUndefined();
  });

  it('routes /reports/trend to the trend, not to a year called "trend"', () => {
    expect(router.match('GET', '/reports/trend')).toEqual({
      route: expect.objectContaining({ operationId: 'getReportTrend' }),
      pathParameters: {},
    });
    expect(router.match('GET', '/reports/2026')).toEqual({
      route: expect.objectContaining({ operationId: 'getReport' }),
      pathParameters: { year: '2026' },
    });
  });

  it('knows which paths exist under another method', () => {
    expect(router.hasPath('/organizations/org_1')).toBe(true);
    expect(router.hasPath('/health')).toBe(true);
    expect(router.hasPath('/nowhere')).toBe(false);
  });

  it('throws URIError for a malformed %-escape', () => {
    expect(() => router.match('GET', '/organizations/%E0%A4%A')).toThrow(URIError);
  });

  it('does not treat regex characters in a path as patterns', () => {
    expect(router.match('GET', '/openapi.json')?.route.operationId).toBe('getOpenApi');
    expect(router.match('GET', '/openapiXjson')).toBeUndefined();
  });
});

describe('Router with overlapping routes', () => {
  // The parametric route comes first in the list: the static one must still win, as in API Gateway.
  const router = new Router([
    route('GET', '/sessions/{sessionId}', 'getSession'),
    route('GET', '/sessions/{sessionId}/roster.csv', 'rosterCsv'),
    route('GET', '/sessions/open', 'listOpenSessions'),
    route('GET', '/reports/{year}/{file}', 'reportFile'),
    route('GET', '/reports/{year}/report.csv', 'reportCsv'),
  ]);

  it('prefers a static path to a parametric one that also matches', () => {
    expect(router.match('GET', '/sessions/open')?.route.operationId).toBe('listOpenSessions');
    expect(router.match('GET', '/sessions/s_1')?.route.operationId).toBe('getSession');
  });

  it('prefers the route with fewer parameters', () => {
    expect(router.match('GET', '/reports/2026/report.csv')).toEqual({
      route: expect.objectContaining({ operationId: 'reportCsv' }),
      pathParameters: { year: '2026' },
    });
    expect(router.match('GET', '/reports/2026/report.xlsx')?.pathParameters).toEqual({
      year: '2026',
      file: 'report.xlsx',
    });
  });

  it('matches a fixed segment after a parameter', () => {
    expect(router.match('GET', '/sessions/s_1/roster.csv')).toEqual({
      route: expect.objectContaining({ operationId: 'rosterCsv' }),
      pathParameters: { sessionId: 's_1' },
    });
  });
});
