/** The routes of the `reports` function: its part of the route table (`#shared/routes`). */
import { ReportYearPath, YearReport } from '#shared/domain/reports/schemas';
import { Trend, TrendQuery } from '#shared/domain/reports/trend-schemas';
import { REPORT_FILES } from '#shared/reports/port';
import type { RouteDef } from './types';

export const REPORTS_ROUTES = [
  {
    operationId: 'compileReport',
    method: 'POST',
    path: '/reports/{year}/compile',
    function: 'reports',
    access: ['admin'],
    summary:
      "Compile a year's evaluation report now, from the yearly counters (countsAppliedThrough says how fresh)",
    status: 200,
    params: ReportYearPath,
    response: YearReport,
  },
  {
    operationId: 'getReportTrend',
    method: 'GET',
    // A literal segment: API Gateway and the local router both prefer it to `/reports/{year}`.
    path: '/reports/trend',
    function: 'reports',
    access: ['admin', 'department'],
    summary:
      "The years' evaluations side by side, from their compiled reports, with the 研修培训项目 against its yearly target (a department sees its own scope)",
    status: 200,
    query: TrendQuery,
    response: Trend,
  },
  {
    operationId: 'getReport',
    method: 'GET',
    path: '/reports/{year}',
    function: 'reports',
    access: ['admin', 'department', 'city'],
    summary: "A year's evaluation report as JSON (a department or city bureau sees its own scope)",
    status: 200,
    params: ReportYearPath,
    response: YearReport,
  },
  {
    operationId: 'getReportCsv',
    method: 'GET',
    path: '/reports/{year}/report.csv',
    function: 'reports',
    access: ['admin', 'department', 'city'],
    summary: 'The report as CSV (UTF-8 with BOM)',
    status: 200,
    params: ReportYearPath,
    file: REPORT_FILES['report.csv'],
  },
  {
    operationId: 'getReportXlsx',
    method: 'GET',
    path: '/reports/{year}/report.xlsx',
    function: 'reports',
    access: ['admin', 'department', 'city'],
    summary: 'The report as a spreadsheet, one sheet per section',
    status: 200,
    params: ReportYearPath,
    file: REPORT_FILES['report.xlsx'],
  },
  {
    operationId: 'getReportHtml',
    method: 'GET',
    path: '/reports/{year}/report.html',
    function: 'reports',
    access: ['admin', 'department', 'city'],
    summary: 'The report as a self-contained web page with charts',
    status: 200,
    params: ReportYearPath,
    file: REPORT_FILES['report.html'],
  },
] as const satisfies readonly RouteDef[];
