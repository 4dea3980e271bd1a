/**
 * The mailer for this process, chosen once: the local outbox when `MAIL_OUTBOX_DIR` is set (the
 * local runtime sets it), SES from `MAIL_FROM` otherwise, both under `MAIL_SENDER_NAME`. Missing
 * configuration fails loudly.
 */
import { type Config, config, missing } from '#shared/config/env';
import { LOCAL_SENDER_ADDRESS, OutboxMailer } from './outbox';
import type { Mailer } from './port';
import { SesMailer } from './ses';

export function createMailer(settings: Config): Mailer {
  const name = settings.mailSenderName;
  if (settings.mailOutboxDir)
    return new OutboxMailer(settings.mailOutboxDir, {
      name,
      address: settings.mailFrom ?? LOCAL_SENDER_ADDRESS,
    });
  if (!settings.mailFrom) throw missing(settings, 'MAIL_FROM', 'the SES sender identity of its mail');
  return new SesMailer({ name, address: settings.mailFrom });
}

let mailer: Mailer | undefined;

/** Created on first use, so functions that never send mail need no mail configuration. */
export function getMailer(): Mailer {
  mailer ??= createMailer(config());
  return mailer;
}
