/**
 * The daily dead-letters job (10:00 Beijing time, after the reminders' mail has had its retries):
 * counts the messages waiting in every dead-letter queue and, when there are any, fails with a
 * summary. The failure is the report: the function's on-failure destination is the operators'
 * SNS topic, so Lambda itself publishes the summary there (one message, no SNS client needed, and
 * a run that cannot read the queues reaches operators the same way). It replaces one CloudWatch
 * alarm per queue, which cost money every month whether anything failed or not.
 *
 * Locally there are no dead-letter queues: `npm run job -- dead-letters` reports none.
 */
import { countDeadLetters, deadLetterQueues, describeDeadLetters } from '#shared/dead-letters/queues';
import { createJobHandler } from '#shared/http/job-handler';
import { logger } from '#shared/http/logger';
import type { JobEvent } from '#shared/jobs';

export class DeadLettersWaiting extends Error {
  override name = 'DeadLettersWaiting';
}

export async function runDeadLetters(_event: JobEvent) {
  const queues = await countDeadLetters(deadLetterQueues());
  const waiting = queues.filter((queue) => queue.messages > 0);
  const summary = {
    checked: queues.map((queue) => queue.name),
    waiting: Object.fromEntries(waiting.map((queue) => [queue.name, queue.messages])),
  };
  if (waiting.length === 0) {
    logger.info('no dead letters', summary);
    return summary;
  }
  logger.error('dead letters waiting', summary);
  throw new DeadLettersWaiting(describeDeadLetters(waiting));
}

export const handler = createJobHandler(runDeadLetters);
