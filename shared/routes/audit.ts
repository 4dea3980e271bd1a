/** The routes of the `audit` function: its part of the route table (`#shared/routes`). */
import { AuditPage, AuditQuery } from '#shared/domain/audit/schemas';
import type { RouteDef } from './types';

export const AUDIT_ROUTES = [
  {
    operationId: 'listAuditEntries',
    method: 'GET',
    path: '/audit',
    function: 'audit',
    access: ['admin'],
    summary:
      'The audit trail of personal data, newest first: every national roster export and every read of a full ID number by someone other than its owner',
    status: 200,
    query: AuditQuery,
    response: AuditPage,
  },
] as const satisfies readonly RouteDef[];
