/** The routes of the `rosters` function: its part of the route table (`#shared/routes`). */
import { SessionRegistrationsPath } from '#shared/domain/registrations/schemas';
import type { RouteDef } from './types';

export const ROSTERS_ROUTES = [
  {
    operationId: 'exportRosterXlsx',
    method: 'GET',
    path: '/sessions/{sessionId}/roster.xlsx',
    function: 'rosters',
    access: ['host', 'department', 'admin'],
    summary: 'The roster as a spreadsheet for the national platform upload',
    status: 200,
    params: SessionRegistrationsPath,
  },
  {
    operationId: 'exportRosterCsv',
    method: 'GET',
    path: '/sessions/{sessionId}/roster.csv',
    function: 'rosters',
    access: ['host', 'department', 'admin'],
    summary: 'The roster as UTF-8 CSV with a BOM (Excel opens Chinese correctly)',
    status: 200,
    params: SessionRegistrationsPath,
  },
] as const satisfies readonly RouteDef[];
