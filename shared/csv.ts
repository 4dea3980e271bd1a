/**
 * CSV files for people who open them in Excel or WPS: the roster and the year report. csv-stringify
 * (the node-csv project) writes RFC 4180; this module adds only the house rules around it: a UTF-8
 * BOM first, CRLF line ends, a line break inside a cell always quoted, and text cells neutralized
 * against formulas (a security rule, so it stays ours). Why: docs/adr/0002-csv-through-csv-stringify.md.
 */
import { stringify } from 'csv-stringify/sync';

/**
 * Text typed by users (names, employers, titles): a cell a spreadsheet would read as a formula
 * (OWASP "CSV injection") is prefixed with an apostrophe, which Excel and WPS show as text.
 */
export function neutralizeFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/**
 * Text we printed from a number ourselves (money as `-12.50`): written as it is, since a negative
 * figure must stay a number in the spreadsheet, and it holds nothing a user typed.
 */
export interface CsvFigure {
  readonly figure: string;
}

/** Text is neutralized, a number or a figure is written as it is, null is an empty cell. */
export type CsvCell = string | number | null | CsvFigure;

function value(cell: CsvCell): string | number | null {
  if (typeof cell === 'string') return neutralizeFormula(cell);
  if (cell === null || typeof cell === 'number') return cell;
  return cell.figure;
}

/**
 * The records as one CSV file: a BOM first (without it Excel reads the file as the local ANSI code
 * page and garbles the Chinese), CRLF after every record, an empty record a blank line.
 */
export function csvFile(records: readonly (readonly CsvCell[])[]): string {
  return stringify(
    records.map((record) => record.map(value)),
    {
      bom: true,
      record_delimiter: 'windows',
      // csv-stringify quotes a cell holding the whole record delimiter (CRLF), not a lone CR or
      // LF; RFC 4180 and spreadsheets want every line break inside a cell quoted.
      quoted_match: /[\r\n]/,
    },
  );
}
