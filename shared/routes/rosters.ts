/** The routes of the `rosters` function: its part of the route table (`#shared/routes`). */
import { SessionRegistrationsPath } from '#shared/domain/registrations/schemas';
import type { RouteDef } from './types';

// As functions/rosters sends them (shared/rosters/xlsx.ts, shared/domain/rosters/roster.ts): not
// imported from there, where exceljs and the roster rules live, to keep the route table data only.
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const CSV = 'text/csv; charset=utf-8';

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
    file: XLSX,
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
    file: CSV,
  },
] as const satisfies readonly RouteDef[];
