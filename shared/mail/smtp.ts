/**
 * SMTP adapter, for where SES is not (the AWS China regions): each mail over its own TLS
 * connection to the configured service, from the configured sender under the program's name.
 *
 * - TLS always: implicit TLS on port 465, STARTTLS required on any other; a server that will not
 *   upgrade, or whose certificate does not verify, gets no credentials and no mail.
 * - Credentials from ./smtp-credentials.ts; a refused login reads the secret again, once.
 * - The Message-ID comes from the delivery id (./message-id.ts), the same on every attempt.
 * - Failures come out as ./smtp-failure.ts names them, which ./backoff.ts retries or not.
 *
 * A connection per mail, not a pool: Lambda freezes a container between invocations, and a pooled
 * connection the server closed meanwhile would fail the next mail; a batch is a few dozen mails.
 */
import type { ConnectionOptions } from 'node:tls';
import { createTransport } from 'nodemailer';
import type { Sender } from './mailbox';
import { messageIdFor } from './message-id';
import type { Mailer, OutgoingMail } from './port';
import { type SmtpCredentialSource, type SmtpCredentials, sameCredentials } from './smtp-credentials';
import { SmtpAuthenticationFailed, smtpFailure } from './smtp-failure';

export interface SmtpServer {
  host: string;
  port: number;
  /** TLS from the first byte; else STARTTLS, required. Unset: implicit on port 465 only. */
  implicitTls?: boolean;
}

export interface SmtpMailerOptions {
  /**
   * Tests only: a CA to trust beside the system's (their server's self-signed certificate). The
   * cloud trusts the public CAs alone, so there is no variable for it.
   */
  ca?: string | Buffer;
}

/** The port where TLS starts with the connection (RFC 8314); any other must offer STARTTLS. */
const IMPLICIT_TLS_PORT = 465;

// Bounded well inside the mailer function's timeout, so a silent server fails one mail, not the batch.
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 };

export class SmtpMailer implements Mailer {
  constructor(
    private readonly server: SmtpServer,
    private readonly from: Sender,
    private readonly credentials: SmtpCredentialSource,
    private readonly options: SmtpMailerOptions = {},
  ) {}

  async send(mail: OutgoingMail): Promise<void> {
    const credentials = await this.credentials.current();
    try {
      await this.transmit(mail, credentials);
    } catch (error) {
      const failure = smtpFailure(error);
      if (!(failure instanceof SmtpAuthenticationFailed)) throw failure;
      // Rotated since we read it? Read again, once; the same credentials again are not retried.
      const renewed = await this.credentials.renew(credentials);
      if (sameCredentials(renewed, credentials)) throw failure;
      await this.transmit(mail, renewed).catch((retryError: unknown) => {
        throw smtpFailure(retryError);
      });
    }
  }

  private async transmit(mail: OutgoingMail, credentials: SmtpCredentials): Promise<void> {
    const tls: ConnectionOptions = {
      servername: this.server.host,
      minVersion: 'TLSv1.2',
      rejectUnauthorized: true,
      ...(this.options.ca ? { ca: this.options.ca } : {}),
    };
    const transport = createTransport({
      host: this.server.host,
      port: this.server.port,
      secure: this.server.implicitTls ?? this.server.port === IMPLICIT_TLS_PORT,
      // Upgrade before anything else is said, or stop: never AUTH over plaintext.
      requireTLS: true,
      tls,
      auth: { user: credentials.username, pass: credentials.password },
      ...TIMEOUTS,
    });
    try {
      await transport.sendMail({
        from: { name: this.from.name, address: this.from.address },
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        ...(mail.html ? { html: mail.html } : {}),
        ...(mail.deliveryId ? { messageId: messageIdFor(mail.deliveryId, this.from.address) } : {}),
      });
    } finally {
      transport.close();
    }
  }
}
