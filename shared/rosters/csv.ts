/**
 * The roster (花名册) as CSV: the header line, then one line per row, under the house CSV rules
 * (a UTF-8 BOM, CRLF line ends, formula-like text neutralized).
 */
import { csvFile } from '#shared/csv';
import { ROSTER_HEADERS, type RosterRow, rosterCells } from '#shared/domain/rosters/roster';

export function toCsv(rows: readonly RosterRow[]): string {
  return csvFile([ROSTER_HEADERS, ...rows.map(rosterCells)]);
}
