/**
 * The year report as one CSV file: a heading block, then each section as a title line, a header
 * line and its rows, sections separated by a blank line.
 */
import { type CsvCell, csvFile } from '#shared/csv';
import type { YearReport } from '#shared/domain/reports/schemas';
import {
  beijingDateTime,
  type Cell,
  type Column,
  countsFreshness,
  displayCell,
  reportTables,
  reportTitle,
  scopeLabel,
} from './labels';

/**
 * Only text is neutralized: names are typed by users, while a number of ours (a negative change
 * such as -12.50) must stay a number in the spreadsheet.
 */
function csvCell(column: Column | undefined, cell: Cell): CsvCell {
  if (typeof cell === 'string') return cell;
  return { figure: column ? displayCell(column, cell) : '' };
}

/** UTF-8 with a BOM (without it Excel reads the Chinese as the local ANSI code page), CRLF lines. */
export function reportCsv(report: YearReport): string {
  const records: CsvCell[][] = [
    [reportTitle(report.year)],
    ['生成时间', beijingDateTime(report.generatedAt)],
    ['统计范围', scopeLabel(report)],
  ];
  const freshness = countsFreshness(report);
  if (freshness) records.push([freshness.label, freshness.value]);
  for (const table of reportTables(report)) {
    records.push(
      [],
      [table.title],
      table.columns.map((column) => column.header),
      ...table.rows.map((row) => row.map((cell, index) => csvCell(table.columns[index], cell))),
    );
  }
  return csvFile(records);
}
