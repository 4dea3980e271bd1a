import { seminarTargets } from '#shared/config/reports';
import { actsAs } from '#shared/domain/actor';
import { readsAsCityBureau } from '#shared/domain/cities/city-scope';
import { forbidden } from '#shared/domain/errors';
import { cityScope } from '#shared/domain/reports/city-scope';
import { assertYearStarted, reportNotCompiled } from '#shared/domain/reports/compilation';
import { departmentScope } from '#shared/domain/reports/compile';
import type { YearReport } from '#shared/domain/reports/schemas';
import { assembleTrend } from '#shared/domain/reports/trend';
import { createHttpHandler } from '#shared/http/handler';
import type { Principal } from '#shared/http/principal';
import { RawResponse } from '#shared/http/types';
import * as MESSAGES from '#shared/i18n/messages';
import { reportCsv } from '#shared/reports/csv';
import { reportHtml } from '#shared/reports/html';
import { REPORT_FILES, type ReportFile } from '#shared/reports/port';
import { reportXlsx } from '#shared/reports/xlsx';
import { REPORTS_ROUTES } from '#shared/routes/reports';
import { organizationIdsInCity } from '#shared/store/organizations';
import { type CurrentCompilation, getCurrentCompilation } from '#shared/store/reports';
import { bureauCityOf } from '#shared/use-cases/cities/bureau';
import { readCompiledFile, readCompiledReport } from '#shared/use-cases/reports/compilations';
import { storedReportsOf } from '#shared/use-cases/reports/trend';
import { compileYear } from '#shared/use-cases/reports/year-end';

type ReportScope = 'all' | { department: string } | { city: string; orgIds: ReadonlySet<string> };

/**
 * What the caller may see: the whole report for admin, a city bureau's city (its organizations,
 * read from the store), a department's own scope otherwise.
 */
async function scopeOf(principal: Principal): Promise<ReportScope> {
  if (actsAs(principal, 'admin')) return 'all';
  if (readsAsCityBureau(principal)) {
    const city = await bureauCityOf(principal);
    return { city, orgIds: new Set(await organizationIdsInCity(city)) };
  }
  if (!principal.orgId) throw forbidden(MESSAGES.requests.noOrganization());
  return { department: principal.orgId };
}

/** The year's compilation: reading never compiles, so a year nobody compiled stays a 404. */
async function compiled(year: number): Promise<CurrentCompilation> {
  const compilation = await getCurrentCompilation(year);
  if (!compilation) throw reportNotCompiled(year);
  return compilation;
}

async function reportIn(compilation: CurrentCompilation, scope: ReportScope): Promise<YearReport> {
  const report = await readCompiledReport(compilation);
  if (scope === 'all') return report;
  return 'city' in scope
    ? cityScope(report, scope.city, scope.orgIds)
    : departmentScope(report, scope.department);
}

const RENDER: Record<Exclude<ReportFile, 'report.json'>, (report: YearReport) => Promise<Buffer>> = {
  'report.csv': async (report) => Buffer.from(reportCsv(report)),
  'report.xlsx': reportXlsx,
  'report.html': async (report) => Buffer.from(reportHtml(report)),
};

/** Admin gets the stored file of the year's compilation; a department's or city's cut is rendered for it. */
async function file(principal: Principal, year: number, name: Exclude<ReportFile, 'report.json'>) {
  const scope = await scopeOf(principal);
  const compilation = await compiled(year);
  const stored = scope === 'all' ? await readCompiledFile(compilation, name) : undefined;
  const body = stored ?? (await RENDER[name](await reportIn(compilation, scope)));
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
  // One stored report per year (at most ten years): never registrations, never compiling.
  // The route admits admin and departments only, so the scope is all or a department.
  getReportTrend: async ({ principal, query }) => {
    const scope = await scopeOf(principal);
    const cut = scope === 'all' || !('department' in scope) ? 'all' : scope.department;
    return assembleTrend(query, await storedReportsOf(query), cut, seminarTargets());
  },
  getReport: async ({ principal, params }) => {
    const scope = await scopeOf(principal);
    return reportIn(await compiled(params.year), scope);
  },
  getReportCsv: async ({ principal, params }) => file(principal, params.year, 'report.csv'),
  getReportXlsx: async ({ principal, params }) => file(principal, params.year, 'report.xlsx'),
  getReportHtml: async ({ principal, params }) => file(principal, params.year, 'report.html'),
});
