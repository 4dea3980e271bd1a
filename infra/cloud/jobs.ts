/**
 * The jobs of the job table (shared/jobs.ts), each run on its cron: as an EventBridge Scheduler
 * schedule (infra/cloud/job-schedule.ts), or, with the profile's `schedules: rules` (the China
 * profile), as an EventBridge rule (infra/cloud/job-rule.ts). Either way the job's function gets
 * the same JobEvent, with the same retries, and an event that cannot be delivered is parked in
 * the jobs dead-letter queue.
 */
import type { Stack } from 'aws-cdk-lib';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { FunctionName } from '#shared/functions';
import type { JobDef } from '#shared/jobs';
import type { HouseFunction } from './house-function';
import { JobRule } from './job-rule';
import { JobSchedule } from './job-schedule';
import type { DeploymentProfile } from './profile';

// Scheduler retries delivery (throttling, Lambda unavailable) with backoff for two hours, then
// parks the event in the dead-letter queue; a late reminder beats a lost one.
const JOB_RETRY_POLICY = { maximumEventAgeInSeconds: 2 * 60 * 60, maximumRetryAttempts: 10 };

export interface JobsProps {
  readonly jobs: readonly JobDef[];
  /** The function a job names: every one is built. */
  readonly fn: (name: FunctionName) => HouseFunction;
  readonly schedules: DeploymentProfile['schedules'];
  /** Absent only while there are no jobs. */
  readonly deadLetterQueue: sqs.IQueue | undefined;
}

/** One `Job-<name>` per job, straight in the stack, as its logical ids have always been. */
export function buildJobs(stack: Stack, { jobs, fn, schedules, deadLetterQueue }: JobsProps): void {
  for (const job of jobs) {
    if (!deadLetterQueue) throw new Error('A job needs the dead-letter queue');
    const props = {
      job,
      target: fn(job.function).function,
      deadLetterQueue,
      retryPolicy: JOB_RETRY_POLICY,
    };
    if (schedules === 'rules') new JobRule(stack, `Job-${job.name}`, props);
    else new JobSchedule(stack, `Job-${job.name}`, props);
  }
}
