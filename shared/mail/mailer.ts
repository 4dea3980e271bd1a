/**
 * The mailer for this process, chosen once: the local outbox when `MAIL_OUTBOX_DIR` is set (the
 * local runtime sets it), SES from `MAIL_FROM` otherwise. Missing configuration fails loudly.
 */
import { OutboxMailer } from './outbox';
import type { Mailer } from './port';
import { SesMailer } from './ses';

function chooseMailer(): Mailer {
  const outbox = process.env.MAIL_OUTBOX_DIR;
  if (outbox) return new OutboxMailer(outbox);
  const from = process.env.MAIL_FROM;
  if (!from) throw new Error('Missing environment variable MAIL_FROM (the SES sender identity)');
  return new SesMailer(from);
}

let mailer: Mailer | undefined;

/** Created on first use, so functions that never send mail need no mail configuration. */
export function getMailer(): Mailer {
  mailer ??= chooseMailer();
  return mailer;
}
