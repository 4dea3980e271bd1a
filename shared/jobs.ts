/**
 * THE schedule table. Data only: CDK builds one EventBridge Scheduler schedule per job (time
 * zone, retry policy, dead-letter queue), and the local scheduler runs the same jobs with croner
 * in the same time zone. `npm run job -- <name> [--now <ISO instant>]` runs one once.
 *
 * A job's function exports `handler(event: JobEvent)`.
 */
import type { FunctionName } from '#shared/functions';

/** Business deadlines are Beijing dates. */
export const JOB_TIME_ZONE = 'Asia/Shanghai';

export interface JobDef {
  name: string;
  description: string;
  /** Six-field cron: minutes hours day-of-month month day-of-week year (EventBridge syntax). */
  cron: string;
  function: FunctionName;
}

/** What a job's handler receives: the instant it runs as (the schedule's time, or `--now`). */
export interface JobEvent {
  job: string;
  now: string;
}

export const JOBS: readonly JobDef[] = [
  {
    name: 'reminders',
    description:
      'Mails every reminder due today (sessions, waitlists, results, annual reports, credit hours)',
    cron: '0 9 * * ? *',
    function: 'reminders',
  },
  {
    // After the reminders' mail has had Lambda's retries; on one machine there is nothing to count.
    name: 'dead-letters',
    description: 'Reports to operators any message waiting in a dead-letter queue (failed mail, failed jobs)',
    cron: '0 10 * * ? *',
    function: 'dead-letters',
  },
  {
    name: 'year-end-report',
    description: 'Compiles the evaluation report of the year just ended (or --year <year> locally)',
    cron: '0 2 1 1 ? *',
    function: 'year-end-report',
  },
];
