/**
 * Sending one mail, once: claim its sent record, send, mark it sent. A retried message, a second
 * run or a concurrent sender finds the record and sends nothing. The send waits out SES throttling
 * and an SMTP service's "try later" (shared/mail/backoff.ts); anything else fails the message, so
 * its queue (Lambda's asynchronous queue for reminders, the stream for notices) retries it and, in
 * the end, parks it in a dead-letter queue. Each attempt carries the record's key as the mail's
 * delivery id, so an adapter that sets a Message-ID gives every copy of one mail the same.
 */
import { type ReminderMessage, sentKey } from '#shared/domain/reminders/message';
import { sendWithBackoff } from '#shared/mail/backoff';
import type { OutgoingMail } from '#shared/mail/port';
import { reminderMail } from '#shared/mail/templates';
import { claimReminder, markReminderSent, releaseReminder } from '#shared/store/reminders';

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
