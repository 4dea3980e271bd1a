/**
 * Sending one mail, once: claim its sent record, send, mark it sent. A retried message, a second
 * run or a concurrent sender finds the record and sends nothing. SES throttling (and an SMTP
 * service's "try later") is retried here with backoff; anything else fails the message, so its
 * queue (Lambda's asynchronous queue for reminders, the stream for notices) retries it and, in the
 * end, parks it in a dead-letter queue. Each attempt carries the record's key as the mail's
 * delivery id, so an adapter that sets a Message-ID gives every copy of one mail the same.
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
  // An SMTP 4xx reply or a lost connection (./smtp-failure.ts): waited out as throttling is.
  'SmtpTransientFailure',
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

/** Sends `mail` unless the mail with this sent-record key went out already. */
export async function deliverOnce(key: string, mail: OutgoingMail, now = new Date()): Promise<Delivery> {
  const claim = await claimReminder(key, now);
  if (claim === 'already-sent') return 'already-sent';
  // Another sender holds it: fail this copy; when it comes back, the record says sent.
  if (claim === 'being-sent') throw new ReminderBeingSent(`Mail ${mail.kind} (${key}) is being sent`);
  try {
    await sendWithBackoff({ ...mail, deliveryId: key });
  } catch (error) {
    await releaseReminder(key);
    throw error;
  }
  await markReminderSent(key, now);
  return 'sent';
}

export const deliverReminder = (message: ReminderMessage, now = new Date()): Promise<Delivery> =>
  deliverOnce(sentKey(message), reminderMail(message), now);
