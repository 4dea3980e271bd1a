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

// The year-end report (02:00 on 1 January) joins this table with the feature that owns it.
export const JOBS: readonly JobDef[] = [
  {
    name: 'reminders',
    description:
      'Mails every reminder due today (sessions, waitlists, results, annual reports, credit hours)',
    cron: '0 9 * * ? *',
    function: 'reminders',
  },
];
