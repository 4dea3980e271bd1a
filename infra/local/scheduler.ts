/**
 * The local scheduler: the jobs of `shared/jobs.ts` on croner, in the same time zone as the
 * cloud's EventBridge Scheduler, each calling the same handler the cloud invokes.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { Cron } from 'croner';
import { fromEventBridgeCron } from '#infra/eventbridge-cron';
import { FUNCTIONS } from '#shared/functions';
import { JOB_TIME_ZONE, JOBS, type JobDef, type JobEvent } from '#shared/jobs';
import { REPO_ROOT } from './config';
import { localLambdaContext } from './lambda-context';

/**
 * A job's cron as croner's five-field pattern. Years other than `*` are refused: no job of
 * shared/jobs.ts has one (croner could read it, as the cost model's count does).
 */
export function toCronerPattern(eventBridgeCron: string): string {
  const { pattern, year } = fromEventBridgeCron(eventBridgeCron);
  if (year !== '*') throw new Error(`Year "${year}" in "${eventBridgeCron}" is not supported locally`);
  return pattern;
}

export type JobHandler = (event: JobEvent & Record<string, string>, context: Context) => Promise<unknown>;

export async function loadJobHandler(job: JobDef): Promise<JobHandler> {
  const module = (await import(pathToFileURL(join(REPO_ROOT, FUNCTIONS[job.function].entry)).href)) as {
    handler: JobHandler;
  };
  return module.handler;
}

/** Jobs may run for up to 15 minutes, as a Lambda can. */
export const jobContext = (job: JobDef): Context =>
  localLambdaContext(`local-job-${job.name}`, 15 * 60 * 1000);

/** Runs one job once, as if it were `now`. */
export async function runJob(job: JobDef, now: Date, extra: Record<string, string> = {}): Promise<unknown> {
  const handler = await loadJobHandler(job);
  return handler({ ...extra, job: job.name, now: now.toISOString() }, jobContext(job));
}

/** Starts every job on its schedule; returns the function that stops them all. */
export function startScheduler(jobs: readonly JobDef[] = JOBS, log = console): () => void {
  const crons = jobs.map(
    (job) =>
      new Cron(
        toCronerPattern(job.cron),
        { timezone: JOB_TIME_ZONE, protect: true, name: job.name },
        async () => {
          try {
            await runJob(job, new Date());
            log.info(`job ${job.name} done`);
          } catch (error) {
            log.error(`job ${job.name} failed:`, error);
          }
        },
      ),
  );
  return () => {
    for (const cron of crons) cron.stop();
  };
}
