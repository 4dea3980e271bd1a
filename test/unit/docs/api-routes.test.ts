/**
 * docs/api.md lists every route the project serves, in our own words; this keeps the list true to
 * what is served. Every path and method of the OpenAPI document (what `GET /openapi.json` answers,
 * built in process as client/scripts/schema-source.ts builds it) and of the route table (the
 * local-only routes too) has its row, and every row is a route the project serves: a route
 * renamed or removed leaves no stale row behind.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '#shared/http/openapi';
import { ROUTES, type RouteDef, routeKey } from '#shared/routes';
import { VERIFY_PATH } from '../../../web/verify-page';

const API_DOC = 'docs/api.md';

/** The verification page's files, served beside the route table (locally, and by the China profile's HTTP API). */
const PAGE_ROUTES = [`GET ${VERIFY_PATH}`, `GET ${VERIFY_PATH}/{file}`];

const METHOD = /^(GET|POST|PUT|PATCH|DELETE)$/;

/** `"GET /plans/{planId}"` for every table row of the page whose cells are a method and a `path`. */
function documentedRoutes(markdown: string): string[] {
  const keys: string[] = [];
  for (const line of markdown.split('\n')) {
    if (!line.startsWith('|')) continue;
    const [method = '', path = ''] = line
      .slice(1)
      .split('|')
      .map((cell) => cell.trim());
    const quoted = /^`(\/[^`]*)`$/.exec(path);
    if (METHOD.test(method) && quoted) keys.push(`${method} ${quoted[1]}`);
  }
  return keys;
}

function openApiRoutes(): string[] {
  const { paths } = buildOpenApiDocument();
  return Object.entries(paths).flatMap(([path, operations]) =>
    Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
  );
}

describe('docs/api.md', () => {
  const documented = documentedRoutes(readFileSync(API_DOC, 'utf8'));

  it('has a row for every path and method of the OpenAPI document', () => {
    const served = openApiRoutes();
    expect(served.length).toBeGreaterThan(40);
    const missing = served.filter((key) => !documented.includes(key));
    expect(missing, `add these routes to ${API_DOC}`).toEqual([]);
  });

  it('has a row for every route of the route table, the local-only ones included', () => {
    const missing = (ROUTES as readonly RouteDef[]).map(routeKey).filter((key) => !documented.includes(key));
    expect(missing, `add these routes to ${API_DOC}`).toEqual([]);
  });

  it('lists each route once, and only routes the project serves', () => {
    const served = new Set([...(ROUTES as readonly RouteDef[]).map(routeKey), ...PAGE_ROUTES]);
    expect(documented.filter((key) => !served.has(key))).toEqual([]);
    expect(documented.filter((key, i) => documented.indexOf(key) !== i)).toEqual([]);
  });
});
