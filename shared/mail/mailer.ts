/**
 * The mailer for this process, chosen once: the local outbox when `MAIL_OUTBOX_DIR` is set (the
 * local runtime sets it), SES from `MAIL_FROM` otherwise. Missing configuration fails loudly.
 */
import { type Config, config, missing } from '#shared/config/env';
import { OutboxMailer } from './outbox';
import type { Mailer } from './port';
import { SesMailer } from './ses';

export function createMailer(settings: Config): Mailer {
  if (settings.mailOutboxDir) return new OutboxMailer(settings.mailOutboxDir);
  if (!settings.mailFrom) throw missing(settings, 'MAIL_FROM', 'the SES sender identity of its mail');
  return new SesMailer(settings.mailFrom);
}

let mailer: Mailer | undefined;

/** Created on first use, so functions that never send mail need no mail configuration. */
export function getMailer(): Mailer {
  mailer ??= createMailer(config());
  return mailer;
}
