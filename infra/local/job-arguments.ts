/** The command line of `npm run job -- <name> [--now <ISO instant>] [--<field> <value> ...]`. */
import { JOBS } from '#shared/jobs';
import { StartupError } from './preflight';

export function jobUsage(): string {
  const names = JOBS.map((job) => job.name).join(', ') || '(none defined yet)';
  return `Usage: npm run job -- <name> [--now <ISO instant>]; jobs: ${names}.`;
}

export interface JobArguments {
  name: string;
  now: Date;
  /** Further `--field value` pairs, handed to the job in its event (e.g. `--year 2026`). */
  fields: Record<string, string>;
}

export function parseJobArguments(argv: readonly string[]): JobArguments {
  const [name, ...rest] = argv;
  if (!name || name.startsWith('--')) throw new StartupError(jobUsage());
  const extra: Record<string, string> = {};
  for (let i = 0; i < rest.length; i += 2) {
    const flag = rest[i] as string;
    const value = rest[i + 1];
    if (!flag.startsWith('--') || value === undefined) throw new StartupError(jobUsage());
    extra[flag.slice(2)] = value;
  }
  const { now: nowText, ...fields } = extra;
  const now = nowText === undefined ? new Date() : new Date(nowText);
  if (Number.isNaN(now.getTime())) {
    throw new StartupError(`--now ${nowText} is not an ISO instant: use e.g. 2026-12-09T09:00:00+08:00.`);
  }
  return { name, now, fields };
}
