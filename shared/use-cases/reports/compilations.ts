/**
 * A year's compilations in the report store, and the pointer that names the year's report
 * (shared/store/reports.ts): a compilation is written whole under its own id, and only then
 * pointed at, so whoever follows the pointer reads one whole compilation: the JSON and the files
 * of the same one, however many compilations of the year overlap.
 */
import { YearReport } from '#shared/domain/reports/schemas';
import { reportCsv } from '#shared/reports/csv';
import { reportHtml } from '#shared/reports/html';
import type { ReportFile } from '#shared/reports/port';
import { getReportStore } from '#shared/reports/storage';
import { reportXlsx } from '#shared/reports/xlsx';
import {
  type CurrentCompilation,
  getCurrentCompilation,
  makeCurrentCompilation,
} from '#shared/store/reports';

/**
 * Stores the report and its files as compilation `compilationId`, then makes it the year's
 * report unless a later-started compilation already is. True when it became the year's report.
 */
export async function publishCompilation(report: YearReport, compilationId: string): Promise<boolean> {
  const files: Record<ReportFile, Buffer> = {
    'report.json': Buffer.from(JSON.stringify(report, null, 2)),
    'report.csv': Buffer.from(reportCsv(report)),
    'report.xlsx': await reportXlsx(report),
    'report.html': Buffer.from(reportHtml(report)),
  };
  const store = getReportStore();
  await Promise.all(
    (Object.entries(files) as [ReportFile, Buffer][]).map(([file, body]) =>
      store.put(report.year, compilationId, file, body),
    ),
  );
  return makeCurrentCompilation({ year: report.year, compilationId, generatedAt: report.generatedAt });
}

/** A file of a compilation the pointer named: undefined only if it went missing from the store. */
export const readCompiledFile = (compilation: CurrentCompilation, file: ReportFile) =>
  getReportStore().get(compilation.year, compilation.compilationId, file);

/** The report of a compilation the pointer named. */
export async function readCompiledReport(compilation: CurrentCompilation): Promise<YearReport> {
  const body = await readCompiledFile(compilation, 'report.json');
  if (!body) {
    throw new Error(
      `The report of ${compilation.year} names compilation ${compilation.compilationId}, which has no report.json`,
    );
  }
  return YearReport.parse(JSON.parse(body.toString('utf8')));
}

/** The year's report, or undefined when the year was never compiled. */
export async function currentReport(year: number): Promise<YearReport | undefined> {
  const compilation = await getCurrentCompilation(year);
  return compilation ? readCompiledReport(compilation) : undefined;
}
