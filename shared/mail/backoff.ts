/**
 * Sending through this process's mailer (./mailer.ts) while the sending rate says "not now": SES
 * throttling, and an SMTP service's "try later" (./smtp-failure.ts), are retried with exponential
 * backoff and jitter; anything else is thrown to the caller. Sending once, with its sent record,
 * is a use case's (shared/use-cases/mail/delivery.ts).
 */
import { getMailer } from './mailer';
import type { OutgoingMail } from './port';

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
