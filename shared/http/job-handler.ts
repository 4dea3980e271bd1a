/**
 * The Lambda handler of a job (a schedule, the mailer's batches, the notifier's stream records):
 * middy, like every HTTP function, with the invocation's context on its log lines. A job's errors
 * are thrown on, so that Lambda retries it and, in the end, parks it in its dead-letter queue.
 */
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { invocationContext } from './middleware/invocation-context';

export function createJobHandler<TEvent, TResult>(
  run: (event: TEvent, context: Context) => Promise<TResult>,
) {
  return middy<TEvent, TResult>(run).use(invocationContext());
}
