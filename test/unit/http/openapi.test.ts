import { describe, expect, it } from 'vitest';
import { ORGANIZATION_KINDS } from '#shared/domain/organizations/schemas';
import { buildOpenApiDocument } from '#shared/http/openapi';
import { ROUTES, type RouteDef } from '#shared/routes';

type Json = Record<string, unknown>;
interface Operation extends Json {
  operationId: string;
  security?: unknown[];
  parameters: { name: string; in: string; required: boolean }[];
  requestBody?: { content: { 'application/json': { schema: Json } } };
  responses: Record<string, Json>;
}

const document = buildOpenApiDocument();
const schemas = document.components.schemas as Record<string, Json>;
const routes: readonly RouteDef[] = ROUTES;
const operationOf = (route: RouteDef) =>
  (document.paths[route.path] as Record<string, Operation> | undefined)?.[route.method.toLowerCase()];

/** Every `$ref` anywhere in `value`. */
function refsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) =>
    key === '$ref' && typeof inner === 'string' ? [inner] : refsIn(inner),
  );
}

const resolve = (schema: Json): Json =>
  typeof schema.$ref === 'string'
    ? (schemas[schema.$ref.replace('#/components/schemas/', '')] ?? {})
    : schema;

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1.0 with a bearer scheme required by default', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.security).toEqual([{ bearer: [] }]);
    expect(document.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it.each(routes.filter((route) => !route.localOnly).map((route) => [route.operationId, route] as const))(
    'has %s under its path and method',
    (operationId, route) => {
      const operation = operationOf(route);
      expect(operation?.operationId).toBe(operationId);
      expect(operation?.responses[String(route.status)]).toBeDefined();
    },
  );

  it('leaves out every local-only route', () => {
    const local = routes.filter((route) => route.localOnly);
    expect(local.length).toBeGreaterThan(0);
    for (const route of local) expect(operationOf(route)).toBeUndefined();
    const operationIds = Object.values(document.paths).flatMap((methods) =>
      Object.values(methods as Record<string, Operation>).map((operation) => operation.operationId),
    );
    for (const route of local) expect(operationIds).not.toContain(route.operationId);
  });

  it('has no operation that is not in the route table', () => {
    const count = Object.values(document.paths).reduce(
      (sum, methods) => sum + Object.keys(methods).length,
      0,
    );
    expect(count).toBe(routes.filter((route) => !route.localOnly).length);
  });

  it('resolves every $ref to a components.schemas entry', () => {
    const refs = refsIn(document);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      expect(ref).toMatch(/^#\/components\/schemas\//);
      expect(schemas[ref.replace('#/components/schemas/', '')], ref).toBeDefined();
    }
  });

  it('marks public routes with security: [] and only them', () => {
    for (const route of routes.filter((candidate) => !candidate.localOnly)) {
      const operation = operationOf(route);
      if (route.access === 'public') expect(operation?.security).toEqual([]);
      else expect(operation?.security).toBeUndefined();
    }
  });

  it('declares every path parameter as a required path parameter', () => {
    for (const route of routes.filter((candidate) => !candidate.localOnly)) {
      const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
      const declared = (operationOf(route)?.parameters ?? []).filter((parameter) => parameter.in === 'path');
      expect(declared.map((parameter) => parameter.name).sort()).toEqual([...names].sort());
      for (const parameter of declared) expect(parameter.required).toBe(true);
    }
  });

  it('documents the Idempotency-Key header on idempotent routes', () => {
    for (const route of routes.filter((candidate) => !candidate.localOnly)) {
      const header = operationOf(route)?.parameters.find((parameter) => parameter.name === 'Idempotency-Key');
      expect(Boolean(header), route.operationId).toBe(Boolean(route.idempotent));
    }
  });

  it('gives createOrganization a strict request body with the kind enum', () => {
    const create = routes.find((route) => route.operationId === 'createOrganization');
    const schema = create && operationOf(create)?.requestBody?.content['application/json'].schema;
    expect(schema).toBeDefined();
    const body = resolve(schema as Json) as { properties: Record<string, Json>; required: string[] };
    expect(resolve(body.properties.kind as Json).enum).toEqual([...ORGANIZATION_KINDS]);
    expect(body.required).toEqual(expect.arrayContaining(['name', 'kind', 'city']));
    expect(body).toMatchObject({ additionalProperties: false });
  });

  it('lists organizations with the kind and pagination query parameters', () => {
    const list = routes.find((route) => route.operationId === 'listOrganizations');
    const query =
      (list && operationOf(list)?.parameters.filter((parameter) => parameter.in === 'query')) ?? [];
    expect(query.map((parameter) => parameter.name).sort()).toEqual(['cursor', 'kind', 'limit']);
    for (const parameter of query) expect(parameter.required).toBe(false);
  });

  it('describes errors with the one error shape', () => {
    expect(schemas.Error).toMatchObject({ required: ['error'] });
    const create = routes.find((route) => route.operationId === 'createOrganization');
    expect(create && operationOf(create)?.responses['403']).toMatchObject({
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    });
  });
});
