/**
 * The year report as one CSV file: a heading block, then each section as a title line, a header
 * line and its rows, sections separated by a blank line.
 */
import type { YearReport } from '#shared/domain/reports/schemas';
import { neutralizeFormula } from '#shared/domain/rosters/roster';
import {
  beijingDateTime,
  type Cell,
  type Column,
  displayCell,
  reportTables,
  reportTitle,
  scopeLabel,
} from './labels';

/** RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled. */
const quoted = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);

/**
 * Only text is neutralized: names are typed by users, while a number of ours (a negative change
 * such as -12.50) must stay a number in the spreadsheet.
 */
function field(column: Column | undefined, cell: Cell): string {
  if (typeof cell === 'string') return quoted(neutralizeFormula(cell));
  return column ? displayCell(column, cell) : '';
}

const textLine = (cells: readonly string[]) => cells.map((cell) => quoted(neutralizeFormula(cell))).join(',');

/** UTF-8 with a BOM (without it Excel reads the Chinese as the local ANSI code page), CRLF lines. */
export function reportCsv(report: YearReport): string {
  const lines = [
    textLine([reportTitle(report.year)]),
    textLine(['生成时间', beijingDateTime(report.generatedAt)]),
    textLine(['统计范围', scopeLabel(report.scope)]),
  ];
  for (const table of reportTables(report)) {
    lines.push(
      '',
      textLine([table.title]),
      textLine(table.columns.map((column) => column.header)),
      ...table.rows.map((row) => row.map((cell, index) => field(table.columns[index], cell)).join(',')),
    );
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
