/**
 * This process's mail queue (shared/mail/queue.ts), chosen once from the configuration: the
 * mailer's asynchronous invocations in the cloud; on one machine, in process through the same
 * delivery the mailer runs (./delivery.ts).
 */
import { config } from '#shared/config/env';
import { createMailQueue, type MailQueue } from '#shared/mail/queue';
import { deliverReminder } from './delivery';

let queue: MailQueue | undefined;

export function getMailQueue(): MailQueue {
  queue ??= createMailQueue(config(), (message) => deliverReminder(message));
  return queue;
}
