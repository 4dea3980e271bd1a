/**
 * What an SMTP failure means for sending, by RFC 5321's reply classes: a 4xx reply or a lost
 * connection is transient (try again later, as SES throttling is), a 5xx reply permanent (as an
 * SES rejection is), a rejected login the authentication path (the adapter re-reads its secret
 * once), and a server that will not speak TLS a refusal: the credentials never go in plaintext.
 * No nodemailer here: ./backoff.ts reads these names in every function that sends mail.
 */

interface NodemailerError {
  code?: string;
  originalCode?: string;
  responseCode?: number;
  command?: string;
  message?: string;
}

abstract class SmtpFailure extends Error {
  /** The server's reply code, when it answered. */
  readonly responseCode: number | undefined;

  constructor(message: string, cause: unknown) {
    super(message, { cause });
    this.responseCode = (cause as NodemailerError | undefined)?.responseCode;
  }
}

/** A 4xx reply or no answer: the mail may go through later. ./backoff.ts retries it. */
export class SmtpTransientFailure extends SmtpFailure {
  override name = 'SmtpTransientFailure';
}

/** A 5xx reply: the same mail would be refused again. */
export class SmtpPermanentFailure extends SmtpFailure {
  override name = 'SmtpPermanentFailure';
}

/** The server refused the username and password. */
export class SmtpAuthenticationFailed extends SmtpFailure {
  override name = 'SmtpAuthenticationFailed';
}

/** No TLS (not offered, or a certificate that does not verify): nothing was sent, no credentials either. */
export class SmtpTlsRefused extends SmtpFailure {
  override name = 'SmtpTlsRefused';
}

const CONNECTION_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS']);
/** Node's certificate verification errors: a misconfiguration, never cured by waiting. */
const CERTIFICATE = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/;

/** The failure `error` (as nodemailer throws it) stands for; anything else as it is. */
export function smtpFailure(error: unknown): Error {
  if (error instanceof SmtpFailure) return error;
  const failure = (error ?? {}) as NodemailerError;
  const reply = failure.responseCode ?? 0;
  const detail = `${failure.command ? `${failure.command}: ` : ''}${failure.message ?? String(error)}`;
  if (reply >= 400 && reply < 500) return new SmtpTransientFailure(`SMTP said try later (${detail})`, error);
  if (failure.code === 'EAUTH' || reply === 530 || reply === 534 || reply === 535)
    return new SmtpAuthenticationFailed(`SMTP refused the login (${detail})`, error);
  if (failure.code === 'ETLS' || CERTIFICATE.test(failure.originalCode ?? ''))
    return new SmtpTlsRefused(`SMTP without verified TLS, not sent (${detail})`, error);
  if (reply >= 500) return new SmtpPermanentFailure(`SMTP refused the mail (${detail})`, error);
  if (CONNECTION_CODES.has(failure.code ?? ''))
    return new SmtpTransientFailure(`SMTP connection failed (${detail})`, error);
  return error instanceof Error ? error : new Error(detail);
}
