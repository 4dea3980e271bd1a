/**
 * The dead-letter queues of the deployment and how many messages wait in each: every message is
 * work that failed for good (a mail batch not sent, a job not run) and waits for a person. The
 * queues are named in `DEAD_LETTER_QUEUES`, a JSON object of name -> queue URL set by CDK; on one
 * machine there are none (`{}`), since failed local work is logged where it fails.
 */
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { type Config, config, missing } from '#shared/config/env';

export interface DeadLetterCount {
  name: string;
  url: string;
  /** Visible messages plus those someone is looking at (received, not yet deleted). */
  messages: number;
}

/** The configured queues; missing configuration fails loudly (a malformed one fails at load). */
export function deadLetterQueues(settings: Config = config()): Readonly<Record<string, string>> {
  const queues = settings.deadLetterQueues;
  if (!queues) throw missing(settings, 'DEAD_LETTER_QUEUES', 'the dead-letter queues it counts');
  return queues;
}

const sqs = new SQSClient({});

const ATTRIBUTES = ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] as const;

/** One GetQueueAttributes per queue: no receive, so looking changes nothing in the queues. */
export async function countDeadLetters(queues: Readonly<Record<string, string>>): Promise<DeadLetterCount[]> {
  return Promise.all(
    Object.entries(queues).map(async ([name, url]) => {
      const answer = await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: [...ATTRIBUTES] }),
      );
      const messages = ATTRIBUTES.reduce((sum, key) => sum + Number(answer.Attributes?.[key] ?? 0), 0);
      return { name, url, messages };
    }),
  );
}

/** What an operator reads first: which queues hold how many, and what to do about it. */
export function describeDeadLetters(waiting: readonly DeadLetterCount[]): string {
  const total = waiting.reduce((sum, queue) => sum + queue.messages, 0);
  const lines = waiting.map((queue) => `- ${queue.name}: ${queue.messages} (${queue.url})`);
  return [
    `${total} message${total === 1 ? '' : 's'} wait in dead-letter queues:`,
    ...lines,
    "Read the failing function's logs, fix the cause, then redrive (docs/operations.md, Dead letters and redrive).",
  ].join('\n');
}
