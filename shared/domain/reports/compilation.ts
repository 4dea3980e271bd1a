/**
 * The rules around a year's compilations, apart from what a report counts (./compile): when a
 * year may be compiled, what a reader gets before it was, and which of two compilations of one
 * year is the year's report.
 */
import { aboutField } from '#shared/i18n/field-labels';
import * as MESSAGES from '#shared/i18n/messages';
import { beijingDate, yearOf } from '../dates';
import { notFound, unprocessable } from '../errors';
import { newId } from '../ids';

/**
 * A year is compiled from 1 January of that year (Beijing) on: a year not yet begun has held
 * nothing, and its report, stored, would stand as that year's report and as the next year's
 * "last year".
 */
export function assertYearStarted(year: number, now: Date): void {
  if (yearOf(beijingDate(now)) < year) {
    throw unprocessable('YEAR_NOT_STARTED', MESSAGES.reports.yearNotStarted(year), [
      { field: 'year', message: aboutField('year', MESSAGES.reports.compileFrom(year)) },
    ]);
  }
}

/** The answer to reading a year nobody compiled: reading never compiles, so it stays this way. */
export const reportNotCompiled = (year: number) =>
  notFound(MESSAGES.reports.notCompiled(year), 'REPORT_NOT_COMPILED');

/**
 * The id of a compilation started at `now` (its report's `generatedAt`). Ids sort by start time
 * (ties by their random part), and the later-started compilation is the year's report: it read
 * the counters later, so it is never older than the other, whichever finished first.
 */
export const newCompilationId = (now: Date) => newId('cmp', now);
