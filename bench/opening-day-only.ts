/**
 * `npm run bench:opening-day`: issue 21's two bursts alone, at the issue's sizes, their section of
 * BENCHMARKS.md written in place (./benchmarks-section.ts).
 */
import { writeSection } from './benchmarks-section';
import { ISSUE_SIZES, openingDay } from './opening-day';
import { checkOpeningDay, openingDaySection } from './opening-day-report';

const result = await openingDay(ISSUE_SIZES);
writeSection(openingDaySection(result), 'npm run bench:opening-day');
checkOpeningDay(result);
