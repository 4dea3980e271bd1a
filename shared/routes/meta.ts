/** The routes of the `meta` function: its part of the route table (`#shared/routes`). */
import { Health, OpenApiDocument, PublicLabels } from '#shared/domain/meta/schemas';
import type { RouteDef } from './types';

export const META_ROUTES = [
  {
    operationId: 'getHealth',
    method: 'GET',
    path: '/health',
    function: 'meta',
    access: 'public',
    summary: 'Liveness check',
    status: 200,
    response: Health,
  },
  {
    operationId: 'getOpenApi',
    method: 'GET',
    path: '/openapi.json',
    function: 'meta',
    access: 'public',
    summary: 'This OpenAPI 3.1 document',
    status: 200,
    response: OpenApiDocument,
  },
  {
    operationId: 'getLabels',
    method: 'GET',
    path: '/public/labels',
    function: 'meta',
    access: 'public',
    summary: 'The Chinese label of every enumerated value (projects, statuses, modes, ...)',
    status: 200,
    response: PublicLabels,
  },
] as const satisfies readonly RouteDef[];
