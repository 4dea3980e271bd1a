/**
 * Cloud adapter: Amazon SES v2, from the configured sender identity under the program's name
 * (SES takes a non-ASCII display name as RFC 2047 encoded words: ./mailbox.ts).
 */
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mailbox, type Sender } from './mailbox';
import type { Mailer, OutgoingMail } from './port';

let client: SESv2Client | undefined;
/** Made on the first mail: a function that seldom sends one does not build it while it starts. */
const ses = () => (client ??= new SESv2Client({}));

const utf8 = (data: string) => ({ Data: data, Charset: 'UTF-8' });

export class SesMailer implements Mailer {
  constructor(private readonly from: Sender) {}

  async send(mail: OutgoingMail): Promise<void> {
    await ses().send(
      new SendEmailCommand({
        FromEmailAddress: mailbox(this.from),
        Destination: { ToAddresses: [mail.to] },
        Content: {
          Simple: {
            Subject: utf8(mail.subject),
            Body: { Text: utf8(mail.text), ...(mail.html ? { Html: utf8(mail.html) } : {}) },
          },
        },
        // SES tag values allow only [A-Za-z0-9_.@-].
        EmailTags: [{ Name: 'kind', Value: mail.kind.replace(/[^\w.@-]/g, '_') }],
      }),
    );
  }
}
