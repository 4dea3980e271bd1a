/** The route table is the one source of truth: check what CDK, the router and OpenAPI rely on. */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FUNCTIONS } from '#shared/functions';
import { ROUTES, type RouteDef, routeKey } from '#shared/routes';
import { ORGANIZATIONS_ROUTES } from '#shared/routes/organizations';

/** The repository's root, which the route table's files are found under. */
const REPO_ROOT = new URL('../../', import.meta.url);

const routes: readonly RouteDef[] = ROUTES;
const parametersOf = (path: string) => [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1] as string);

describe('the route table', () => {
  it('has unique route keys and operation ids', () => {
    expect(new Set(routes.map(routeKey)).size).toBe(routes.length);
    expect(new Set(routes.map((route) => route.operationId)).size).toBe(routes.length);
  });

  it('uses only whole-segment path parameters, as API Gateway requires', () => {
    for (const route of routes) {
      expect(route.path).toMatch(/^\//);
      for (const segment of route.path.split('/').slice(1)) {
        expect(segment, route.path).not.toBe('');
        if (segment.includes('{') || segment.includes('}')) expect(segment, route.path).toMatch(/^\{\w+\}$/);
      }
    }
  });

  it('names an existing function for every route, local-only routes only on local-only functions', () => {
    for (const route of routes) {
      const fn = FUNCTIONS[route.function] as { localOnly?: boolean } | undefined;
      expect(fn, route.operationId).toBeDefined();
      expect(Boolean(route.localOnly), route.operationId).toBe(Boolean(fn?.localOnly));
    }
  });

  it('validates exactly the path parameters of each path', () => {
    for (const route of routes) {
      const names = parametersOf(route.path);
      if (names.length === 0) {
        expect(route.params, route.operationId).toBeUndefined();
        continue;
      }
      // A year is a year; every other parameter is an opaque id.
      const valid = Object.fromEntries(names.map((name) => [name, name === 'year' ? '2026' : 'abc_123']));
      expect(route.params?.safeParse(valid).success, route.operationId).toBe(true);
      expect(route.params?.safeParse({ ...valid, extra: 'x' }).success, route.operationId).toBe(false);
    }
  });

  it('has a body only on methods that carry one, and idempotency only on creating POSTs', () => {
    for (const route of routes) {
      if (route.body) expect(['POST', 'PUT', 'PATCH'], route.operationId).toContain(route.method);
      if (route.idempotent) {
        expect(route.method, route.operationId).toBe('POST');
        expect(route.status, route.operationId).toBe(201);
      }
    }
  });

  it('keeps routes under /public and /health public', () => {
    for (const route of routes.filter((candidate) => /^\/(public|health)(\/|$)/.test(candidate.path))) {
      expect(route.access, route.operationId).toBe('public');
    }
  });

  it("lists a function's routes in its part of the table", () => {
    expect(ORGANIZATIONS_ROUTES.map((route) => route.operationId).sort()).toEqual([
      'createOrganization',
      'getOrganization',
      'listOrganizations',
      'updateOrganization',
    ]);
    expect(routeKey({ method: 'GET', path: '/organizations/{orgId}' })).toBe('GET /organizations/{orgId}');
  });

  // Each function's handler is made from its own part: a route in another function's part would
  // be served by the wrong Lambda locally and answered 404 by the right one in the cloud.
  it("keeps each function's routes, and only them, in shared/routes/<function>.ts", async () => {
    const folder = new URL('shared/routes/', REPO_ROOT);
    const parts = readdirSync(folder).filter((name) => name.endsWith('.ts') && name !== 'types.ts');
    const seen: string[] = [];
    for (const part of parts) {
      const fn = part.replace(/\.ts$/, '');
      const exported = (await import(`#shared/routes/${fn}`)) as Record<string, readonly RouteDef[]>;
      const [partRoutes] = Object.values(exported);
      expect(partRoutes?.length, part).toBeGreaterThan(0);
      for (const route of partRoutes ?? [])
        expect(route.function, `${route.operationId} in ${part}`).toBe(fn);
      seen.push(...(partRoutes ?? []).map((route) => route.operationId));
      // The table assembles every part.
      expect(readFileSync(new URL('shared/routes.ts', REPO_ROOT), 'utf8')).toContain(`./routes/${fn}'`);
    }
    expect(seen.sort()).toEqual(routes.map((route) => route.operationId).sort());
  });
});
