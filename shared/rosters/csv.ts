/**
 * The rosters as CSV: the header line, then one line per row, under the house CSV rules (a UTF-8
 * BOM, CRLF line ends, formula-like text neutralized).
 */
import { csvFile } from '#shared/csv';
import {
  NATIONAL_ROSTER_HEADERS,
  type NationalRosterRow,
  nationalRosterCells,
} from '#shared/domain/rosters/national-roster';
import { ROSTER_HEADERS, type RosterRow, rosterCells } from '#shared/domain/rosters/roster';

export function toCsv(rows: readonly RosterRow[]): string {
  return csvFile([ROSTER_HEADERS, ...rows.map(rosterCells)]);
}

/**
 * The national roster as CSV. The ID number is written as its digits: the platform's import reads
 * them as text; a person opening the file should take the XLSX, whose ID column is text.
 */
export function nationalRosterCsv(rows: readonly NationalRosterRow[]): string {
  return csvFile([NATIONAL_ROSTER_HEADERS, ...rows.map(nationalRosterCells)]);
}
