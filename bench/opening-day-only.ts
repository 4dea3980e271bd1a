/**
 * `npm run bench:opening-day`: issue 21's two bursts alone, at the issue's sizes. Its section of
 * BENCHMARKS.md is written in place (added at the end when the file has none), headed by the date
 * and the machine of this run, since the rest of the file may be of another day.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { describeMachine } from './machine';
import { ISSUE_SIZES, openingDay } from './opening-day';
import { checkOpeningDay, OPENING_DAY_HEADING, openingDaySection } from './opening-day-report';

const result = await openingDay(ISSUE_SIZES);
const [heading, ...body] = openingDaySection(result);
const section = [
  heading,
  '',
  `Measured ${new Date().toISOString()} on ${describeMachine()}, by \`npm run bench:opening-day\`.`,
  ...body,
].join('\n');
console.log(section);

const file = readFileSync('BENCHMARKS.md', 'utf8');
const start = file.indexOf(OPENING_DAY_HEADING);
let updated: string;
if (start === -1) {
  updated = `${file.trimEnd()}\n\n${section}`;
} else {
  const next = file.indexOf('\n## ', start + OPENING_DAY_HEADING.length);
  updated = `${file.slice(0, start)}${section}${next === -1 ? '' : `\n${file.slice(next + 1)}`}`;
}
writeFileSync('BENCHMARKS.md', updated);
checkOpeningDay(result);
