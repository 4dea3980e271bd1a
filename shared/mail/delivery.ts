/**
 * Sending one reminder, once: claim its sent record, send, mark it sent. A retried message, a
 * second run or a concurrent sender finds the record and sends nothing. SES throttling is
 * retried here with backoff; anything else fails the message, so the queue retries it and, in
 * the end, parks it in the dead-letter queue.
 */
import { type ReminderMessage, sentKey } from '#shared/domain/reminders/message';
import { claimReminder, markReminderSent, releaseReminder } from '#shared/store/reminders';
import { getMailer } from './mailer';
import type { OutgoingMail } from './port';
import { reminderMail } from './templates';

const THROTTLING = new Set([
  'TooManyRequestsException',
  'ThrottlingException',
  'Throttling',
  'LimitExceededException',
]);
const SEND_ATTEMPTS = 4;

export const isThrottling = (error: unknown) => THROTTLING.has((error as { name?: string })?.name ?? '');

/** Sends, waiting out SES's sending-rate limit with exponential backoff and jitter. */
export async function sendWithBackoff(mail: OutgoingMail, baseDelayMs = 200): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await getMailer().send(mail);
      return;
    } catch (error) {
      if (!isThrottling(error) || attempt >= SEND_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, baseDelayMs * 2 ** attempt * (0.5 + Math.random())));
    }
  }
}

export class ReminderBeingSent extends Error {
  override name = 'ReminderBeingSent';
}

export type Delivery = 'sent' | 'already-sent';

export async function deliverReminder(message: ReminderMessage, now = new Date()): Promise<Delivery> {
  const key = sentKey(message);
  const claim = await claimReminder(key, now);
  if (claim === 'already-sent') return 'already-sent';
  // Another sender holds it: fail this copy; when it comes back, the record says sent.
  if (claim === 'being-sent')
    throw new ReminderBeingSent(`Reminder ${message.kind} for ${message.person} is being sent`);
  try {
    await sendWithBackoff(reminderMail(message));
  } catch (error) {
    await releaseReminder(key);
    throw error;
  }
  await markReminderSent(key, now);
  return 'sent';
}
