/** The routes of the `annual-reports` function: its part of the route table (`#shared/routes`). */
import {
  AnnualReport,
  AnnualReportOrgPath,
  AnnualReportPath,
  FileAnnualReportInput,
} from '#shared/domain/annual-reports/schemas';
import type { RouteDef } from './types';

export const ANNUAL_REPORTS_ROUTES = [
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
] as const satisfies readonly RouteDef[];
