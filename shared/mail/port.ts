/** The mail port: every mail the system sends goes through one of its adapters. */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** What the mail is about (e.g. `waitlist-promoted`), for tracing and for the local outbox. */
  kind: string;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
}
