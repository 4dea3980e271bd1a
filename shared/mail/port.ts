/** The mail port: every mail the system sends goes through one of its adapters. */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** What the mail is about (e.g. `waitlist-promoted`), for tracing and for the local outbox. */
  kind: string;
  /**
   * The sent record's key (shared/use-cases/mail/delivery.ts), the same on every attempt at this
   * mail: adapters that set a Message-ID derive it from this, so a mail sent twice is recognisably
   * one.
   */
  deliveryId?: string;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
}
