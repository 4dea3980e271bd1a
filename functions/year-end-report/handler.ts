/**
 * The yearly job (02:00 Beijing time on 1 January): compiles the report of the year just ended.
 * `npm run job -- year-end-report --year 2026` compiles a given year locally.
 */
import { programYear } from '#shared/domain/common';
import { beijingDate } from '#shared/domain/dates';
import { createJobHandler } from '#shared/http/job-handler';
import { logger } from '#shared/http/logger';
import type { JobEvent } from '#shared/jobs';
import { compileYear } from '#shared/use-cases/reports/year-end';

export async function runYearEndReport(event: JobEvent & { year?: string }) {
  const now = new Date(event.now);
  const runAt = Number.isNaN(now.getTime()) ? new Date() : now;
  const year = programYear.parse(
    event.year === undefined ? Number(beijingDate(runAt).slice(0, 4)) - 1 : Number(event.year),
  );
  const report = await compileYear(year, runAt);
  const summary = {
    year,
    plans: report.plans.length,
    bases: report.bases.length,
    flags: report.flags.length,
  };
  logger.info('year-end report compiled', summary);
  return summary;
}

export const handler = createJobHandler(runYearEndReport);
