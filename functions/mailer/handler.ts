/**
 * The mailer: invoked asynchronously with a batch of mails (`{ messages }`, shared/mail/queue.ts),
 * sends each once and throws if any was not sent, so that Lambda runs the batch again (twice, a
 * minute or two apart) and then parks it in the mail dead-letter queue. A retry sends only what
 * is still unsent: the sent records (shared/use-cases/mail/delivery.ts) skip the rest.
 */
import { ReminderMessage } from '#shared/domain/reminders/message';
import { createJobHandler } from '#shared/http/job-handler';
import { logger } from '#shared/http/logger';
import { isThrottling } from '#shared/mail/backoff';
import { deliverReminder } from '#shared/use-cases/mail/delivery';

export class MailBatchIncomplete extends Error {
  override name = 'MailBatchIncomplete';
}

export interface MailBatchResult {
  sent: number;
  alreadySent: number;
}

export async function sendBatch(event: unknown): Promise<MailBatchResult> {
  const messages = (event as { messages?: unknown } | null)?.messages;
  // Not a batch at all: retrying cannot help, but the dead-letter queue keeps it for a person.
  if (!Array.isArray(messages))
    throw new MailBatchIncomplete('The event is not a mail batch ({ messages: [...] })');

  const result: MailBatchResult = { sent: 0, alreadySent: 0 };
  let failed = 0;
  for (const [index, raw] of messages.entries()) {
    const parsed = ReminderMessage.safeParse(raw);
    if (!parsed.success) {
      logger.error('malformed mail in the batch; it will end in the dead-letter queue', { index });
      failed++;
      continue;
    }
    try {
      const delivery = await deliverReminder(parsed.data);
      if (delivery === 'sent') result.sent++;
      else result.alreadySent++;
    } catch (error) {
      failed++;
      logger.warn('reminder not sent; Lambda will retry the batch', {
        index,
        kind: parsed.data.kind,
        error: (error as Error).name,
      });
      // SES still refuses after backoff: stop rather than press on at a rate it will not take.
      // The rest waits for Lambda's retry, a minute or two later.
      if (isThrottling(error)) {
        failed += messages.length - index - 1;
        break;
      }
    }
  }
  logger.info('mail batch done', { ...result, failed, size: messages.length });
  if (failed > 0)
    throw new MailBatchIncomplete(`${failed} of ${messages.length} mails in the batch were not sent`);
  return result;
}

export const handler = createJobHandler(sendBatch);
