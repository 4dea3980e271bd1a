/** The routes of the `organizations` function: its part of the route table (`#shared/routes`). */
import {
  CreateOrganizationInput,
  ListOrganizationsQuery,
  Organization,
  OrganizationIdPath,
  OrganizationPage,
  UpdateOrganizationInput,
} from '#shared/domain/organizations/schemas';
import type { RouteDef } from './types';

export const ORGANIZATIONS_ROUTES = [
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
] as const satisfies readonly RouteDef[];
