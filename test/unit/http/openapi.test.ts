import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { CERTIFICATE_NUMBER_PATTERN } from '#shared/domain/certificates/numbering';
import { programYearText } from '#shared/domain/common';
import { ORGANIZATION_KINDS } from '#shared/domain/organizations/kinds';
import { buildOpenApiDocument } from '#shared/http/openapi';
import { MEDIA_TYPES } from '#shared/media-types';
import { REPORT_FILES } from '#shared/reports/port';
import { ROUTES, type RouteDef } from '#shared/routes';

type Json = Record<string, unknown>;
interface Operation extends Json {
  operationId: string;
  summary?: string;
  description?: string;
  tags?: string[];
  security?: unknown[];
  parameters: { name: string; in: string; required: boolean; schema: Json }[];
  requestBody?: { content: { 'application/json': { schema: Json } } };
  responses: Record<string, Json>;
}

const document = buildOpenApiDocument();
const schemas = document.components.schemas as Record<string, Json>;
const routes: readonly RouteDef[] = ROUTES;
const cloudRoutes = routes.filter((route) => !route.localOnly);
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

  it('names its servers and one described tag per area, and every operation has a summary, a description and a defined tag', () => {
    expect(document.servers).toEqual([expect.objectContaining({ url: 'http://localhost:3000' })]);
    const tags = new Map<string, string>(document.tags.map((tag) => [tag.name, tag.description]));
    for (const route of cloudRoutes) {
      const operation = operationOf(route);
      expect(operation?.summary, route.operationId).toBeTruthy();
      expect(operation?.description, route.operationId).toBeTruthy();
      expect(operation?.tags, route.operationId).toEqual([route.function]);
      expect(tags.get(route.function), route.function).toMatch(/\p{Script=Han}.*: [A-Z]/u);
    }
    expect([...tags.keys()].sort()).toEqual([...new Set(cloudRoutes.map((route) => route.function))].sort());
  });

  it('answers every operation with content: a JSON schema, or a file of its media type', () => {
    for (const route of cloudRoutes) {
      const content = operationOf(route)?.responses[String(route.status)]?.content as Record<string, Json>;
      expect(Object.keys(content ?? {}), route.operationId).toEqual([route.file ?? 'application/json']);
    }
  });

  it('declares each file answer with the media type its handler sends and a string or binary schema', () => {
    const sent: Record<string, string> = {
      exportRosterXlsx: MEDIA_TYPES.xlsx,
      exportRosterCsv: MEDIA_TYPES.csv,
      exportNationalRosterXlsx: MEDIA_TYPES.xlsx,
      exportNationalRosterCsv: MEDIA_TYPES.csv,
      getReportCsv: REPORT_FILES['report.csv'],
      getReportXlsx: REPORT_FILES['report.xlsx'],
      getReportHtml: REPORT_FILES['report.html'],
      printCertificate: MEDIA_TYPES.pdf,
    };
    const files = cloudRoutes.filter((route) => route.file);
    expect(files.map((route) => route.operationId).sort()).toEqual(Object.keys(sent).sort());
    for (const route of files) {
      expect(route.file, route.operationId).toBe(sent[route.operationId]);
      expect(route.response, route.operationId).toBeUndefined();
      const content = operationOf(route)?.responses['200']?.content as Record<string, { schema: Json }>;
      const binary = !(route.file as string).startsWith('text/');
      expect(content[route.file as string]?.schema).toEqual(
        binary ? { type: 'string', format: 'binary' } : { type: 'string' },
      );
    }
  });

  it('documents a 500 with the error shape on every operation', () => {
    for (const route of cloudRoutes) {
      expect(operationOf(route)?.responses['500'], route.operationId).toMatchObject({
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      });
    }
  });

  it('gives every year parameter a pattern that matches exactly the years the server takes', () => {
    const years = cloudRoutes.flatMap((route) =>
      (operationOf(route)?.parameters ?? []).filter((parameter) => parameter.name === 'year'),
    );
    expect(years.length).toBeGreaterThanOrEqual(8);
    const patterns = new Set(years.map((parameter) => parameter.schema.pattern));
    expect(patterns.size).toBe(1);
    const pattern = new RegExp([...patterns][0] as string);
    const texts = [
      ...Array.from({ length: 10_000 }, (_, year) => String(year).padStart(4, '0')),
      ...['', '202', '20210', ' 2026', '2026 ', '2026.0', '+2026', '２０２６'],
    ];
    for (const text of texts) {
      expect(pattern.test(text), text).toBe(z.safeParse(programYearText, text).success);
    }
  });

  it('gives {number} the certificate number pattern the operations check', () => {
    const numbered = cloudRoutes.filter((route) => route.path.includes('{number}'));
    expect(numbered.length).toBeGreaterThanOrEqual(3);
    for (const route of numbered) {
      const number = operationOf(route)?.parameters.find((parameter) => parameter.name === 'number');
      expect(number?.schema.pattern, route.operationId).toBe(CERTIFICATE_NUMBER_PATTERN.source);
    }
  });

  it("offers mine=true alone, required, on the lists of a trainee's own things", () => {
    for (const operationId of ['listMyRegistrations', 'listMyCertificates']) {
      const route = cloudRoutes.find((candidate) => candidate.operationId === operationId) as RouteDef;
      const mine = operationOf(route)?.parameters.find((parameter) => parameter.name === 'mine');
      expect(mine, operationId).toMatchObject({ in: 'query', required: true, schema: { enum: ['true'] } });
    }
  });

  it('requires crv, x and y of every key of the JWKS', () => {
    const key = (schemas.Jwks as { properties: { keys: { items: Json } } }).properties.keys.items;
    expect(key.required).toEqual(expect.arrayContaining(['kty', 'crv', 'x', 'y', 'kid', 'alg', 'use']));
  });

  it('keeps no component that nothing refers to', () => {
    const referred = new Set(refsIn(document).map((ref) => ref.replace('#/components/schemas/', '')));
    expect(Object.keys(schemas).filter((name) => !referred.has(name))).toEqual([]);
  });
});
