/**
 * The rules around a year's compilations, apart from what a report counts (./compile): when a
 * year may be compiled.
 */
import { beijingDate, yearOf } from '../dates';
import { unprocessable } from '../errors';

/**
 * A year is compiled from 1 January of that year (Beijing) on: a year not yet begun has held
 * nothing, and its report, stored, would stand as that year's report and as the next year's
 * "last year".
 */
export function assertYearStarted(year: number, now: Date): void {
  if (yearOf(beijingDate(now)) < year) {
    throw unprocessable(
      'YEAR_NOT_STARTED',
      `The year ${year} has not begun; compile it from 1 January ${year}`,
      [{ field: 'year', message: `Compile ${year} from ${year}-01-01 (Beijing time)` }],
    );
  }
}
