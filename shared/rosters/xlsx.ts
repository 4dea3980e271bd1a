/**
 * The roster as an XLSX workbook. exceljs is imported here and nowhere else, so only the function
 * that makes roster files bundles it (it is large, and cold starts grow with bundle size).
 */
import ExcelJS from 'exceljs';
import { ID_COLUMN, ROSTER_HEADERS, type RosterRow, rosterCells } from '#shared/domain/rosters/roster';

export const ROSTER_SHEET = '花名册';

/** Widths in characters, in header order; a Chinese character takes about two. */
const WIDTHS: Record<(typeof ROSTER_HEADERS)[number], number> = {
  序号: 6,
  姓名: 12,
  身份证号: 22,
  工作单位: 32,
  培训班次: 32,
  学时: 8,
  出勤天数: 10,
  考核结果: 10,
  成绩: 8,
};

/**
 * One sheet, bold header row kept in view while scrolling. Text goes in as string cells, which a
 * spreadsheet never evaluates, so names are kept exactly as typed (the CSV needs its guard because
 * CSV has no cell types). The ID column is formatted as text so no edit turns it into a number.
 */
export async function rosterXlsx(rows: readonly RosterRow[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(ROSTER_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = ROSTER_HEADERS.map((header) => ({ header, width: WIDTHS[header] }));
  sheet.getRow(1).font = { bold: true };
  sheet.getColumn(ID_COLUMN + 1).numFmt = '@';
  for (const row of rows) sheet.addRow(rosterCells(row));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
