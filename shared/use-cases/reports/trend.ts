/**
 * The stored reports a trend reads: each year's current compilation (./compilations), one read
 * per year, all at once. A year nobody compiled has none; nothing is compiled here.
 */
import type { YearReport } from '#shared/domain/reports/schemas';
import { type TrendRange, yearsOf } from '#shared/domain/reports/trend';
import { currentReport } from './compilations';

export async function storedReportsOf(range: TrendRange): Promise<Map<number, YearReport | undefined>> {
  const years = yearsOf(range);
  const reports = await Promise.all(years.map((year) => currentReport(year)));
  return new Map(years.map((year, index) => [year, reports[index]]));
}
