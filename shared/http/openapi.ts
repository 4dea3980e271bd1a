/**
 * The OpenAPI 3.1 document, generated from the route table and its zod schemas: the contract
 * cannot drift from what the handlers validate. Local-only routes are left out (they do not
 * exist in the cloud).
 */
import * as z from 'zod/mini';
import { CLOUD_ROUTES, type RouteDef } from '#shared/routes';

type JsonSchema = Record<string, unknown>;

const ERROR_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        details: { type: 'array', items: { type: 'object' } },
      },
    },
  },
};

const ERROR_RESPONSES: Record<string, string> = {
  '400': 'Malformed or invalid input',
  '401': 'No or bad token',
  '403': 'Not allowed for this role',
  '404': 'Unknown id, or one the caller may not see',
  '409': 'Conflict with the current state',
  '422': 'A business rule refuses it',
};

class SchemaCollector {
  readonly components: Record<string, JsonSchema> = { Error: ERROR_SCHEMA };

  /** JSON Schema for `schema`, with named schemas moved to components and referenced from there. */
  add(schema: z.ZodMiniType, io: 'input' | 'output'): JsonSchema {
    const generated = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
    const relinked = JSON.parse(
      JSON.stringify(generated).replaceAll('"#/$defs/', '"#/components/schemas/'),
    ) as JsonSchema;
    const { $schema: _, $defs, ...root } = relinked;
    Object.assign(this.components, $defs as Record<string, JsonSchema> | undefined);
    return root;
  }
}

function parameters(collector: SchemaCollector, route: RouteDef) {
  const params: unknown[] = [];
  for (const [where, schema] of [
    ['path', route.params],
    ['query', route.query],
  ] as const) {
    if (!schema) continue;
    const json = collector.add(schema, 'input');
    const resolved = (
      typeof json.$ref === 'string'
        ? collector.components[json.$ref.replace('#/components/schemas/', '')]
        : json
    ) as { properties?: Record<string, JsonSchema>; required?: string[] };
    for (const [name, property] of Object.entries(resolved?.properties ?? {})) {
      params.push({
        name,
        in: where,
        required: where === 'path' || (resolved.required ?? []).includes(name),
        schema: property,
      });
    }
  }
  return params;
}

function operation(collector: SchemaCollector, route: RouteDef) {
  const access = route.access;
  const errors = Object.entries(ERROR_RESPONSES).filter(([status]) => {
    if (access === 'public') return status !== '401' && status !== '403';
    if (access === 'signed-in') return status !== '403';
    return true;
  });
  return {
    operationId: route.operationId,
    summary: route.summary,
    tags: [route.function],
    ...(access === 'public' ? { security: [] } : {}),
    ...(Array.isArray(access) ? { 'x-roles': access } : {}),
    parameters: [
      ...parameters(collector, route),
      ...(route.idempotent
        ? [
            {
              name: 'Idempotency-Key',
              in: 'header',
              required: false,
              schema: { type: 'string', maxLength: 200 },
            },
          ]
        : []),
    ],
    ...(route.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: collector.add(route.body, 'input') } },
          },
        }
      : {}),
    responses: {
      [String(route.status)]: {
        description: 'Success',
        ...(route.response
          ? { content: { 'application/json': { schema: collector.add(route.response, 'output') } } }
          : {}),
      },
      ...Object.fromEntries(
        errors.map(([status, description]) => [
          status,
          {
            description,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
          },
        ]),
      ),
    },
  };
}

export function buildOpenApiDocument(routes: readonly RouteDef[] = CLOUD_ROUTES) {
  const collector = new SchemaCollector();
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    if (route.localOnly) continue;
    paths[route.path] ??= {};
    (paths[route.path] as Record<string, unknown>)[route.method.toLowerCase()] = operation(collector, route);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Guangxi Knowledge Renewal Program API (专业技术人才知识更新工程)',
      version: '1.0.0',
      description: 'Annual plans, sessions, registrations, credit hours, certificates and reports.',
    },
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: collector.components,
    },
  };
}
