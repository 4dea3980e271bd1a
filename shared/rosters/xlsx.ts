/**
 * The rosters as XLSX workbooks: the masked roster (花名册) and the national platform's roster with
 * full ID numbers. exceljs is imported here and nowhere else, so only the function that makes
 * roster files bundles it (it is large, and cold starts grow with bundle size).
 */
import ExcelJS from 'exceljs';
import {
  NATIONAL_ID_COLUMN,
  NATIONAL_ROSTER_HEADERS,
  type NationalRosterRow,
  nationalRosterCells,
} from '#shared/domain/rosters/national-roster';
import {
  ID_COLUMN,
  ROSTER_HEADERS,
  type RosterCell,
  type RosterRow,
  rosterCells,
} from '#shared/domain/rosters/roster';

export const ROSTER_SHEET = '花名册';
export const NATIONAL_ROSTER_SHEET = '学员名单';

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

const NATIONAL_WIDTHS: Record<(typeof NATIONAL_ROSTER_HEADERS)[number], number> = {
  序号: 6,
  姓名: 12,
  证件类型: 12,
  证件号码: 22,
  工作单位: 32,
  所在地市: 10,
  培训项目: 28,
  培训班名称: 32,
  培训开始日期: 14,
  培训结束日期: 14,
  学时: 8,
  考核结果: 10,
  证书编号: 24,
};

interface Sheet<Header extends string> {
  name: string;
  headers: readonly Header[];
  widths: Record<Header, number>;
  /** The ID column's index, formatted as text. */
  idColumn: number;
  rows: readonly (readonly RosterCell[])[];
}

/**
 * One sheet, bold header row kept in view while scrolling. Text goes in as string cells, which a
 * spreadsheet never evaluates, so names are kept exactly as typed (the CSV needs its guard because
 * CSV has no cell types). The ID column is formatted as text so no edit turns it into a number
 * (18 digits are beyond a spreadsheet's 15 significant ones: the last would become zeros).
 */
async function workbookOf<Header extends string>(sheet: Sheet<Header>): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const worksheet = workbook.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: 1 }] });
  worksheet.columns = sheet.headers.map((header) => ({ header, width: sheet.widths[header] }));
  worksheet.getRow(1).font = { bold: true };
  worksheet.getColumn(sheet.idColumn + 1).numFmt = '@';
  for (const row of sheet.rows) worksheet.addRow([...row]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export function rosterXlsx(rows: readonly RosterRow[]): Promise<Buffer> {
  return workbookOf({
    name: ROSTER_SHEET,
    headers: ROSTER_HEADERS,
    widths: WIDTHS,
    idColumn: ID_COLUMN,
    rows: rows.map(rosterCells),
  });
}

export function nationalRosterXlsx(rows: readonly NationalRosterRow[]): Promise<Buffer> {
  return workbookOf({
    name: NATIONAL_ROSTER_SHEET,
    headers: NATIONAL_ROSTER_HEADERS,
    widths: NATIONAL_WIDTHS,
    idColumn: NATIONAL_ID_COLUMN,
    rows: rows.map(nationalRosterCells),
  });
}
