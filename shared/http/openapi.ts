/**
 * The OpenAPI 3.1 document, generated from the route table and its zod schemas: the contract
 * cannot drift from what the handlers validate. Local-only routes are left out (they do not
 * exist in the cloud). It lints clean with Redocly's `recommended` rules and Spectral's
 * `spectral:oas` (test/unit/http/openapi-lint.test.ts).
 */
import * as z from 'zod/mini';
import { MAX_ERROR_DETAILS } from '#shared/domain/errors';
import { FUNCTIONS } from '#shared/functions';
import { CLOUD_ROUTES, type Route, type RouteDef } from '#shared/routes';

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
        details: {
          type: 'array',
          maxItems: MAX_ERROR_DETAILS,
          items: { type: 'object' },
          description: `What is wrong, field by field: at most ${MAX_ERROR_DETAILS}`,
        },
        detailsOmitted: {
          type: 'integer',
          minimum: 1,
          description: 'How many more details there were than `details` lists',
        },
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
  '500': 'A fault of the system, never of the request',
};

/** Where the API answers. In the cloud it is the URL the deploy prints (the stack output ApiUrl). */
const SERVERS = [
  {
    url: 'http://localhost:3000',
    description:
      'Local: `npm start` (PORT, default 3000). In the cloud: the API URL `npm run deploy` prints (output ApiUrl).',
  },
];

/**
 * One tag per function, an area of the API: its Chinese name, then what the function does
 * (`FUNCTIONS`). Typed by the route table, so a function that gains routes needs its name here.
 */
const AREAS: Record<Route['function'], string> = {
  meta: '元数据',
  organizations: '机构',
  'annual-reports': '基地年度报告',
  plans: '年度计划',
  sessions: '培训班',
  trainees: '学员',
  registrations: '报名',
  results: '考勤与考核结果',
  rosters: '花名册',
  audit: '个人信息审计',
  certificates: '证书',
  'certificate-pdf': '证书打印',
  verification: '证书查验',
  reports: '年度评估报告',
  'local-tools': '本地工具',
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

/** Who may call, and how the operation answers beyond its summary. */
function operationDescription(route: RouteDef): string {
  const access = route.access;
  return [
    access === 'public'
      ? 'Anyone may call it, without a token.'
      : access === 'signed-in'
        ? 'Any signed-in user (a Bearer JWT).'
        : `Roles: ${access.join(', ')} (a Bearer JWT); any other role gets 403.`,
    route.idempotent
      ? 'Honours `Idempotency-Key`: the same key and body within 24 h return the first answer and create nothing new.'
      : '',
    route.file ? `Answers a file (${route.file}) as an attachment.` : '',
  ]
    .filter(Boolean)
    .join(' ');
}

/** A file answer's schema: text as a string, anything else as binary. */
const fileSchema = (mediaType: string): JsonSchema =>
  mediaType.startsWith('text/') ? { type: 'string' } : { type: 'string', format: 'binary' };

function success(collector: SchemaCollector, route: RouteDef) {
  if (route.file) {
    return {
      description: `The file, ${route.file}`,
      headers: {
        'Content-Disposition': {
          description: 'attachment, with the file name',
          schema: { type: 'string' },
        },
      },
      content: { [route.file]: { schema: fileSchema(route.file) } },
    };
  }
  return {
    description: 'Success',
    ...(route.response
      ? { content: { 'application/json': { schema: collector.add(route.response, 'output') } } }
      : {}),
  };
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
    description: operationDescription(route),
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
      [String(route.status)]: success(collector, route),
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

/** Every `$ref` to a schema in `value`, by the schema's name. */
function schemaRefs(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(schemaRefs);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) =>
    key === '$ref' && typeof inner === 'string' && inner.startsWith('#/components/schemas/')
      ? [inner.slice('#/components/schemas/'.length)]
      : schemaRefs(inner),
  );
}

/**
 * The schemas `paths` refers to, directly or through one another, in the order they were met. A
 * query or path schema registered under a name is spread into parameters, and its name is not used.
 */
function usedSchemas(paths: unknown, components: Record<string, JsonSchema>): Record<string, JsonSchema> {
  const used = new Set<string>();
  const pending = schemaRefs(paths);
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    if (used.has(name)) continue;
    used.add(name);
    pending.push(...schemaRefs(components[name]));
  }
  return Object.fromEntries(Object.entries(components).filter(([name]) => used.has(name)));
}

export function buildOpenApiDocument(routes: readonly RouteDef[] = CLOUD_ROUTES) {
  const collector = new SchemaCollector();
  const paths: Record<string, Record<string, unknown>> = {};
  const areas = new Set<Route['function']>();
  for (const route of routes) {
    if (route.localOnly) continue;
    paths[route.path] ??= {};
    (paths[route.path] as Record<string, unknown>)[route.method.toLowerCase()] = operation(collector, route);
    areas.add(route.function as Route['function']);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Guangxi Knowledge Renewal Program API (专业技术人才知识更新工程)',
      version: '1.0.0',
      description: 'Annual plans, sessions, registrations, credit hours, certificates and reports.',
    },
    servers: SERVERS,
    tags: [...areas].map((name) => ({ name, description: `${AREAS[name]}: ${FUNCTIONS[name].description}` })),
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: usedSchemas(paths, collector.components),
    },
  };
}
