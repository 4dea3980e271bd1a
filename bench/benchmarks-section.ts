/**
 * A benchmark run alone (`npm run bench:catalogue`, `bench:opening-day`) writes its own section of
 * BENCHMARKS.md in place, added at the end when the file has none, headed by the date and the
 * machine of this run, since the rest of the file may be of another day.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { describeMachine } from './machine';

/** Replaces the section that starts with `lines[0]` (its heading); prints it too. */
export function writeSection(lines: readonly string[], command: string): void {
  const [heading = '', ...body] = lines;
  const section = [
    heading,
    '',
    `Measured ${new Date().toISOString()} on ${describeMachine()}, by \`${command}\`.`,
    ...body,
  ].join('\n');
  console.log(section);

  const file = readFileSync('BENCHMARKS.md', 'utf8');
  const start = file.indexOf(heading);
  let updated: string;
  if (start === -1) {
    updated = `${file.trimEnd()}\n\n${section}`;
  } else {
    const next = file.indexOf('\n## ', start + heading.length);
    updated = `${file.slice(0, start)}${section}${next === -1 ? '' : `\n${file.slice(next + 1)}`}`;
  }
  writeFileSync('BENCHMARKS.md', updated);
}
