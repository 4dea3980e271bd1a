/**
 * The mailer for this process, chosen once: what `MAIL_TRANSPORT` names (`ses` or `smtp`), else
 * the local outbox when `MAIL_OUTBOX_DIR` is set (the local runtime sets it), else SES; each from
 * `MAIL_FROM` under `MAIL_SENDER_NAME`. Missing configuration fails loudly.
 */
import { type Config, config, missing } from '#shared/config/env';
import { LOCAL_SENDER_ADDRESS, OutboxMailer } from './outbox';
import type { Mailer } from './port';
import { SesMailer } from './ses';
import { SmtpMailer } from './smtp';
import { FixedCredentials, SecretCredentials, type SmtpCredentialSource } from './smtp-credentials';

/**
 * The secret in the cloud; on one machine `SMTP_USERNAME`/`SMTP_PASSWORD` may stand in for it. A
 * function (`SERVICE_NAME` set) never takes a password from its environment, where the console
 * shows it to anyone who may read the function's configuration.
 */
function smtpCredentials(settings: Config): SmtpCredentialSource {
  const { secretArn, username, password } = settings.smtp;
  if (secretArn) return new SecretCredentials(secretArn);
  if (username && password && !settings.functionName) return new FixedCredentials({ username, password });
  throw missing(settings, 'SMTP_SECRET_ARN', 'the SMTP credentials (a secret of {"username","password"})');
}

function smtpMailer(settings: Config): Mailer {
  const { host, port } = settings.smtp;
  if (!host) throw missing(settings, 'SMTP_HOST', 'the SMTP service its mail goes to');
  if (!settings.mailFrom) throw missing(settings, 'MAIL_FROM', 'the sender address of its mail');
  return new SmtpMailer(
    { host, port },
    { name: settings.mailSenderName, address: settings.mailFrom },
    smtpCredentials(settings),
  );
}

export function createMailer(settings: Config): Mailer {
  const name = settings.mailSenderName;
  if (settings.mailTransport === 'smtp') return smtpMailer(settings);
  if (settings.mailOutboxDir && settings.mailTransport !== 'ses')
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
