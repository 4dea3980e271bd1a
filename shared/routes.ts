/**
 * THE route table. Data only: CDK builds the HTTP API from it, the local server routes from it,
 * the OpenAPI document is generated from it, and each handler dispatches and checks roles and
 * input with it. Paths use API Gateway syntax; a path parameter is always a whole segment.
 */
import type { z } from 'zod';
import {
  AnnualReport,
  AnnualReportOrgPath,
  AnnualReportPath,
  FileAnnualReportInput,
} from '#shared/domain/annual-reports/schemas';
import { Health, LocalOutbox, LocalToken, MintLocalTokenInput } from '#shared/domain/meta/schemas';
import {
  CreateOrganizationInput,
  ListOrganizationsQuery,
  Organization,
  OrganizationIdPath,
  OrganizationPage,
  UpdateOrganizationInput,
} from '#shared/domain/organizations/schemas';
import {
  CreatePlanInput,
  ExpenseRecorded,
  ListPlansQuery,
  Plan,
  PlanIdPath,
  PlanPage,
  PublicPlanPage,
  PublicPlansQuery,
  RecordExpenseInput,
  ReviewPlanInput,
  UpdatePlanInput,
} from '#shared/domain/plans/schemas';
import type { Role } from '#shared/domain/roles';
import {
  CreateSessionInput,
  ListSessionsQuery,
  Session,
  SessionIdPath,
  SessionPage,
  UpdateSessionInput,
} from '#shared/domain/sessions/schemas';
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
    operationId: 'fileAnnualReport',
    method: 'POST',
    path: '/organizations/{orgId}/annual-reports',
    function: 'annual-reports',
    access: ['host'],
    summary: "A base's execution summary for the year and plan for the next, due 10 December",
    status: 201,
    params: AnnualReportOrgPath,
    body: FileAnnualReportInput,
    response: AnnualReport,
    idempotent: true,
  },
  {
    operationId: 'getAnnualReport',
    method: 'GET',
    path: '/organizations/{orgId}/annual-reports/{year}',
    function: 'annual-reports',
    access: ['host', 'admin'],
    summary: "A base's annual report for one year",
    status: 200,
    params: AnnualReportPath,
    response: AnnualReport,
  },
  {
    operationId: 'createPlan',
    method: 'POST',
    path: '/plans',
    function: 'plans',
    access: ['host', 'department', 'admin'],
    summary: 'Draft an annual plan (a topic application)',
    status: 201,
    body: CreatePlanInput,
    response: Plan,
    idempotent: true,
  },
  {
    operationId: 'listPlans',
    method: 'GET',
    path: '/plans',
    function: 'plans',
    access: 'signed-in',
    summary:
      "Plans in the caller's scope: a host its own, a department those it co-organizes, admin all, others the published",
    status: 200,
    query: ListPlansQuery,
    response: PlanPage,
  },
  {
    operationId: 'getPlan',
    method: 'GET',
    path: '/plans/{planId}',
    function: 'plans',
    access: 'signed-in',
    summary: 'One plan, with its budget totals and workflow history',
    status: 200,
    params: PlanIdPath,
    response: Plan,
  },
  {
    operationId: 'updatePlan',
    method: 'PATCH',
    path: '/plans/{planId}',
    function: 'plans',
    access: ['host', 'department', 'admin'],
    summary: 'Edit a draft or returned plan (its host organization only)',
    status: 200,
    params: PlanIdPath,
    body: UpdatePlanInput,
    response: Plan,
  },
  {
    operationId: 'submitPlan',
    method: 'POST',
    path: '/plans/{planId}/submit',
    function: 'plans',
    access: ['host', 'department', 'admin'],
    summary: 'Submit a draft or returned plan for review',
    status: 200,
    params: PlanIdPath,
    response: Plan,
  },
  {
    operationId: 'reviewPlan',
    method: 'POST',
    path: '/plans/{planId}/review',
    function: 'plans',
    access: ['admin'],
    summary: 'Approve, reject or return a submitted plan',
    status: 200,
    params: PlanIdPath,
    body: ReviewPlanInput,
    response: Plan,
  },
  {
    operationId: 'publishPlan',
    method: 'POST',
    path: '/plans/{planId}/publish',
    function: 'plans',
    access: ['admin'],
    summary: 'Publish an approved plan (public notice, 公示)',
    status: 200,
    params: PlanIdPath,
    response: Plan,
  },
  {
    operationId: 'recordExpense',
    method: 'POST',
    path: '/plans/{planId}/expenses',
    function: 'plans',
    access: ['host', 'department', 'admin'],
    summary: 'Record spending against an approved plan; the totals on the plan follow',
    status: 201,
    params: PlanIdPath,
    body: RecordExpenseInput,
    response: ExpenseRecorded,
    idempotent: true,
  },
  {
    operationId: 'listPublicPlans',
    method: 'GET',
    path: '/public/plans',
    function: 'plans',
    access: 'public',
    summary: 'Published plans: the public notice of selected projects and host units',
    status: 200,
    query: PublicPlansQuery,
    response: PublicPlanPage,
  },
  {
    operationId: 'createSession',
    method: 'POST',
    path: '/plans/{planId}/sessions',
    function: 'sessions',
    access: ['host', 'department', 'admin'],
    summary: 'Add a session to a published plan (its host organization only)',
    status: 201,
    params: PlanIdPath,
    body: CreateSessionInput,
    response: Session,
    idempotent: true,
  },
  {
    operationId: 'listSessions',
    method: 'GET',
    path: '/sessions',
    function: 'sessions',
    access: 'signed-in',
    summary: 'Sessions, by year or plan; open=true for those still taking registrations',
    status: 200,
    query: ListSessionsQuery,
    response: SessionPage,
  },
  {
    operationId: 'getSession',
    method: 'GET',
    path: '/sessions/{sessionId}',
    function: 'sessions',
    access: 'signed-in',
    summary: 'One session, with seats taken and waitlist length',
    status: 200,
    params: SessionIdPath,
    response: Session,
  },
  {
    operationId: 'updateSession',
    method: 'PATCH',
    path: '/sessions/{sessionId}',
    function: 'sessions',
    access: ['host', 'department', 'admin'],
    summary: 'Change a session (its host organization only); capacity never below seats taken',
    status: 200,
    params: SessionIdPath,
    body: UpdateSessionInput,
    response: Session,
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
