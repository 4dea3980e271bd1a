import { actsAs } from '#shared/domain/actor';
import { forbidden } from '#shared/domain/errors';
import { assertYearStarted } from '#shared/domain/reports/compilation';
import { departmentScope } from '#shared/domain/reports/compile';
import type { YearReport } from '#shared/domain/reports/schemas';
import { createHttpHandler } from '#shared/http/handler';
import type { Principal } from '#shared/http/principal';
import { RawResponse } from '#shared/http/types';
import { reportCsv } from '#shared/reports/csv';
import { reportHtml } from '#shared/reports/html';
import { REPORT_FILES, type ReportFile } from '#shared/reports/port';
import { getReportStore } from '#shared/reports/storage';
import { reportXlsx } from '#shared/reports/xlsx';
import { compileYear, storedReport } from '#shared/reports/year-end';
import { REPORTS_ROUTES } from '#shared/routes/reports';

/** The report as the caller may see it: whole for admin, cut to its scope for a department. */
async function reportFor(principal: Principal, year: number): Promise<YearReport> {
  const report = (await storedReport(year)) ?? (await compileYear(year, new Date()));
  if (actsAs(principal, 'admin')) return report;
  if (!principal.orgId) throw forbidden('Your sign-in carries no organization (custom:orgId)');
  return departmentScope(report, principal.orgId);
}

const RENDER: Record<Exclude<ReportFile, 'report.json'>, (report: YearReport) => Promise<Buffer>> = {
  'report.csv': async (report) => Buffer.from(reportCsv(report)),
  'report.xlsx': reportXlsx,
  'report.html': async (report) => Buffer.from(reportHtml(report)),
};

/** Admin gets the stored file of the last compilation; a department's cut is rendered for it. */
async function file(principal: Principal, year: number, name: Exclude<ReportFile, 'report.json'>) {
  const report = await reportFor(principal, year);
  const stored = report.scope === 'all' ? await getReportStore().get(year, name) : undefined;
  const body = stored ?? (await RENDER[name](report));
  const binary = name === 'report.xlsx';
  return new RawResponse(
    binary ? body.toString('base64') : body.toString('utf8'),
    REPORT_FILES[name],
    { 'content-disposition': `attachment; filename="report-${year}${name.slice('report'.length)}"` },
    binary,
  );
}

export const handler = createHttpHandler(REPORTS_ROUTES, {
  compileReport: async ({ params, now }) => {
    assertYearStarted(params.year, now);
    return compileYear(params.year, now);
  },
  getReport: async ({ principal, params }) => reportFor(principal, params.year),
  getReportCsv: async ({ principal, params }) => file(principal, params.year, 'report.csv'),
  getReportXlsx: async ({ principal, params }) => file(principal, params.year, 'report.xlsx'),
  getReportHtml: async ({ principal, params }) => file(principal, params.year, 'report.html'),
});
