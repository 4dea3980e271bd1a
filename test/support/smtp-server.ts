/**
 * A local SMTP server for tests (smtp-server), with the self-signed certificate of
 * test/fixtures/smtp: what it was told (logins, envelopes) and every mail it accepted, read back
 * with mailparser. TLS as asked: STARTTLS (the default), implicit TLS, or none at all.
 */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/smtp/${name}`, import.meta.url));
/** The server's certificate, which the client under test trusts as its CA. */
export const TEST_SMTP_CA = fixture('localhost.crt');
const TEST_SMTP_KEY = fixture('localhost.key');

export interface ReceivedMail {
  parsed: ParsedMail;
  envelopeFrom: string;
  envelopeTo: string[];
  /** Whether the session was encrypted when the mail came. */
  secure: boolean;
  user: string | undefined;
}

export interface LoginAttempt {
  username: string;
  accepted: boolean;
  secure: boolean;
}

export interface TestSmtpServerOptions {
  tls?: 'starttls' | 'implicit' | 'none';
  /** The accounts it accepts, username -> password. */
  users?: Record<string, string>;
  /** An error for this recipient (its `responseCode` the reply), or nothing to accept it. */
  onRecipient?: (address: string) => (Error & { responseCode?: number }) | undefined;
}

export interface TestSmtpServer {
  port: number;
  received: ReceivedMail[];
  logins: LoginAttempt[];
  /** Recipients it was told (RCPT TO), accepted or not. */
  recipients: string[];
  close(): Promise<void>;
}

/** An error the server answers with `code` (e.g. 451 try later, 550 no such mailbox). */
export const smtpReply = (code: number, message: string) =>
  Object.assign(new Error(message), { responseCode: code });

export async function startTestSmtpServer(options: TestSmtpServerOptions = {}): Promise<TestSmtpServer> {
  const tls = options.tls ?? 'starttls';
  const users = options.users ?? {};
  const received: ReceivedMail[] = [];
  const logins: LoginAttempt[] = [];
  const recipients: string[] = [];
  const isSecure = (session: SMTPServerSession) => Boolean((session as { secure?: boolean }).secure);

  const server = new SMTPServer({
    logger: false,
    secure: tls === 'implicit',
    ...(tls === 'none' ? { disabledCommands: ['STARTTLS'], allowInsecureAuth: true } : {}),
    key: TEST_SMTP_KEY,
    cert: TEST_SMTP_CA,
    authMethods: ['PLAIN', 'LOGIN'],
    onAuth(auth, session, callback) {
      const accepted = auth.username !== undefined && users[auth.username] === auth.password;
      logins.push({ username: auth.username ?? '', accepted, secure: isSecure(session) });
      if (!accepted) return callback(new Error('Invalid username or password'));
      callback(null, { user: auth.username });
    },
    onRcptTo(address, _session, callback) {
      recipients.push(address.address);
      callback(options.onRecipient?.(address.address) ?? null);
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          received.push({
            parsed,
            envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            envelopeTo: session.envelope.rcptTo.map((to) => to.address),
            secure: isSecure(session),
            user: session.user as string | undefined,
          });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    received,
    logins,
    recipients,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
