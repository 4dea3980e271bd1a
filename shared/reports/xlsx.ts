/**
 * The year report as an XLSX workbook, one sheet per section. exceljs is imported here and in
 * shared/rosters/xlsx.ts only, so only the functions that make spreadsheets bundle it.
 */
import ExcelJS from 'exceljs';
import type { YearReport } from '#shared/domain/reports/schemas';
import { type Cell, type Column, reportTables, reportTitle } from './labels';

// Hours keep Excel's General format: '0.##' would print a whole number as "12.". Money shows
// thousands separators ("210,000.00") while the cell stays a number to sum.
const NUMBER_FORMATS: Record<Column['kind'], string | undefined> = {
  text: undefined,
  count: '0',
  hours: undefined,
  money: '#,##0.00',
};

const TEXT_WIDTHS = { title: 40, name: 30, text: 24 };

/** Widths in characters; a Chinese character takes about two. */
function width(column: Column): number {
  const header = [...column.header].length * 2 + 2;
  return Math.max(header, column.kind === 'text' ? TEXT_WIDTHS[column.room ?? 'text'] : 14);
}

/** Money goes in as yuan so sums in the spreadsheet come out in yuan; fen/100 is exact to the cent at 0.00. */
const value = (column: Column | undefined, cell: Cell) =>
  column?.kind === 'money' && typeof cell === 'number' ? cell / 100 : cell;

/**
 * Text goes in as string cells, which a spreadsheet never evaluates, so names stay as typed
 * (only the CSV needs the formula guard). The header row is bold and stays in view.
 */
export async function reportXlsx(report: YearReport): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.title = reportTitle(report.year);
  workbook.created = new Date(report.generatedAt);
  for (const table of reportTables(report)) {
    const sheet = workbook.addWorksheet(table.title, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = table.columns.map((column) => ({ header: column.header, width: width(column) }));
    sheet.getRow(1).font = { bold: true };
    for (const cells of table.rows) {
      const row = sheet.addRow(cells.map((cell, index) => value(table.columns[index], cell)));
      table.columns.forEach((column, index) => {
        const format = NUMBER_FORMATS[column.kind];
        if (format) row.getCell(index + 1).numFmt = format;
      });
    }
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
