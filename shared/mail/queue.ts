/**
 * The mail queue port: the daily job puts one message per mail on it; the mailer takes them off
 * and sends each once. SQS in the cloud; on one machine the messages are delivered in process,
 * through the same delivery code, retried a few times as SQS would.
 */
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { ReminderMessage } from '#shared/domain/reminders/message';
import { logger } from '#shared/http/logger';
import { deliverReminder } from './delivery';

export interface MailQueue {
  enqueue(messages: readonly ReminderMessage[]): Promise<void>;
}

const sqs = new SQSClient({});

export class SqsMailQueue implements MailQueue {
  constructor(private readonly queueUrl: string) {}

  async enqueue(messages: readonly ReminderMessage[]): Promise<void> {
    for (let start = 0; start < messages.length; start += 10) {
      let entries = messages
        .slice(start, start + 10)
        .map((message, index) => ({ Id: String(start + index), MessageBody: JSON.stringify(message) }));
      // SendMessageBatch may accept some entries and not others: send the rest again.
      for (let round = 0; entries.length > 0; round++) {
        if (round >= 5) throw new Error(`${entries.length} reminders could not be queued`);
        const answer = await sqs.send(
          new SendMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: entries }),
        );
        const failed = new Set((answer.Failed ?? []).map((entry) => entry.Id));
        entries = entries.filter((entry) => failed.has(entry.Id));
        if (entries.length > 0) await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** round));
      }
    }
  }
}

/** Local: delivered right away, each retried like a queue would before giving up (logged). */
export class InProcessMailQueue implements MailQueue {
  constructor(private readonly attempts = 5) {}

  async enqueue(messages: readonly ReminderMessage[]): Promise<void> {
    for (const message of messages) {
      for (let attempt = 1; ; attempt++) {
        try {
          await deliverReminder(message);
          break;
        } catch (error) {
          if (attempt >= this.attempts) {
            logger.error('reminder not delivered', {
              kind: message.kind,
              person: message.person,
              error: (error as Error).message,
            });
            break;
          }
          await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
        }
      }
    }
  }
}

let queue: MailQueue | undefined;

export function getMailQueue(): MailQueue {
  if (queue) return queue;
  const url = process.env.MAIL_QUEUE_URL;
  if (url) queue = new SqsMailQueue(url);
  else if (process.env.MAIL_OUTBOX_DIR) queue = new InProcessMailQueue();
  else throw new Error('Missing environment variable MAIL_QUEUE_URL (the mail queue)');
  return queue;
}
