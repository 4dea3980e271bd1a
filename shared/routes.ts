/**
 * THE route table. Data only: CDK builds the HTTP API from it, the local server routes from it,
 * the OpenAPI document is generated from it, and each handler dispatches and checks roles and
 * input with it. Paths use API Gateway syntax; a path parameter is always a whole segment.
 */
import type { z } from 'zod';
import { Health, LocalOutbox, LocalToken, MintLocalTokenInput } from '#shared/domain/meta/schemas';
import {
  CreateOrganizationInput,
  ListOrganizationsQuery,
  Organization,
  OrganizationIdPath,
  OrganizationPage,
  UpdateOrganizationInput,
} from '#shared/domain/organizations/schemas';
import type { Role } from '#shared/domain/roles';
import type { FunctionName } from '#shared/functions';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Who may call: anyone (no token), any signed-in user, or the listed roles. */
export type Access = 'public' | 'signed-in' | readonly Role[];

export interface RouteDef {
  operationId: string;
  method: HttpMethod;
  path: string;
  function: FunctionName;
  access: Access;
  summary: string;
  /** Status of a successful answer. */
  status: 200 | 201;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** Schema of a successful JSON answer; absent for answers that are not JSON. */
  response?: z.ZodType;
  /** Honours `Idempotency-Key`: a replay within 24 h returns the first answer. */
  idempotent?: boolean;
  /** Exists only in the local runtime, never in the cloud or the OpenAPI document. */
  localOnly?: boolean;
}

export const ROUTES = [
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
  },
  {
    operationId: 'createOrganization',
    method: 'POST',
    path: '/organizations',
    function: 'organizations',
    access: ['admin'],
    summary: 'Create an organization (base, institution, host or department)',
    status: 201,
    body: CreateOrganizationInput,
    response: Organization,
    idempotent: true,
  },
  {
    operationId: 'listOrganizations',
    method: 'GET',
    path: '/organizations',
    function: 'organizations',
    access: 'signed-in',
    summary: 'List organizations, optionally of one kind',
    status: 200,
    query: ListOrganizationsQuery,
    response: OrganizationPage,
  },
  {
    operationId: 'getOrganization',
    method: 'GET',
    path: '/organizations/{orgId}',
    function: 'organizations',
    access: 'signed-in',
    summary: 'One organization',
    status: 200,
    params: OrganizationIdPath,
    response: Organization,
  },
  {
    operationId: 'updateOrganization',
    method: 'PATCH',
    path: '/organizations/{orgId}',
    function: 'organizations',
    access: ['admin'],
    summary: "Change an organization's status (active, warned, exited) or details",
    status: 200,
    params: OrganizationIdPath,
    body: UpdateOrganizationInput,
    response: Organization,
  },
  {
    operationId: 'mintLocalToken',
    method: 'POST',
    path: '/local/tokens',
    function: 'local-tools',
    access: 'public',
    summary: 'Local only: a sign-in token for any role, signed by the local key',
    status: 201,
    body: MintLocalTokenInput,
    response: LocalToken,
    localOnly: true,
  },
  {
    operationId: 'listLocalOutbox',
    method: 'GET',
    path: '/local/outbox',
    function: 'local-tools',
    access: 'public',
    summary: 'Local only: the mail the system has sent',
    status: 200,
    response: LocalOutbox,
    localOnly: true,
  },
] as const satisfies readonly RouteDef[];

export type Route = (typeof ROUTES)[number];
export type OperationId = Route['operationId'];

/** `"GET /organizations/{orgId}"`, the route key API Gateway puts in every event. */
export const routeKey = (route: Pick<RouteDef, 'method' | 'path'>) => `${route.method} ${route.path}`;

export const routesOf = (fn: FunctionName): RouteDef[] => ROUTES.filter((route) => route.function === fn);

/** The routes that exist in the cloud (and in the OpenAPI document): all but the local-only ones. */
export const CLOUD_ROUTES: readonly RouteDef[] = (ROUTES as readonly RouteDef[]).filter(
  (route) => !route.localOnly,
);
