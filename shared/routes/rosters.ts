/** The routes of the `rosters` function: its part of the route table (`#shared/routes`). */
import { SessionRegistrationsPath } from '#shared/domain/registrations/schemas';
import { MEDIA_TYPES } from '#shared/media-types';
import type { RouteDef } from './types';

const { xlsx: XLSX, csv: CSV } = MEDIA_TYPES;

export const ROSTERS_ROUTES = [
  {
    operationId: 'exportRosterXlsx',
    method: 'GET',
    path: '/sessions/{sessionId}/roster.xlsx',
    function: 'rosters',
    access: ['host', 'department', 'admin', 'city'],
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
    access: ['host', 'department', 'admin', 'city'],
    summary: 'The roster as UTF-8 CSV with a BOM (Excel opens Chinese correctly)',
    status: 200,
    params: SessionRegistrationsPath,
    file: CSV,
  },
  {
    operationId: 'exportNationalRosterXlsx',
    method: 'GET',
    path: '/sessions/{sessionId}/national-roster.xlsx',
    function: 'rosters',
    // A department passes the gate only to be told 403 unless it hosts the session itself.
    access: ['host', 'department', 'admin'],
    summary:
      'The completed trainees with full ID numbers, for upload to the national platform; for the host and admin, recorded in the audit trail',
    status: 200,
    params: SessionRegistrationsPath,
    file: XLSX,
  },
  {
    operationId: 'exportNationalRosterCsv',
    method: 'GET',
    path: '/sessions/{sessionId}/national-roster.csv',
    function: 'rosters',
    access: ['host', 'department', 'admin'],
    summary:
      'The national platform roster as UTF-8 CSV with a BOM; for the host and admin, recorded in the audit trail',
    status: 200,
    params: SessionRegistrationsPath,
    file: CSV,
  },
] as const satisfies readonly RouteDef[];
