/**
 * `npm run bench:catalogue`: the course catalogue benchmark alone. Its section of BENCHMARKS.md is
 * written in place (added at the end when the file has none), headed by the date and the machine
 * of this run, since the rest of the file may be of another day.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { catalogueBenchmark } from './catalogue';
import { CATALOGUE_HEADING, catalogueSection, checkCatalogue } from './catalogue-report';
import { describeMachine } from './machine';

const result = await catalogueBenchmark();
const [heading, ...body] = catalogueSection(result);
const section = [
  heading,
  '',
  `Measured ${new Date().toISOString()} on ${describeMachine()}, by \`npm run bench:catalogue\`.`,
  ...body,
].join('\n');
console.log(section);

const file = readFileSync('BENCHMARKS.md', 'utf8');
const start = file.indexOf(CATALOGUE_HEADING);
let updated: string;
if (start === -1) {
  updated = `${file.trimEnd()}\n\n${section}`;
} else {
  const next = file.indexOf('\n## ', start + CATALOGUE_HEADING.length);
  updated = `${file.slice(0, start)}${section}${next === -1 ? '' : `\n${file.slice(next + 1)}`}`;
}
writeFileSync('BENCHMARKS.md', updated);
checkCatalogue(result);
