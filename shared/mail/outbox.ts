/**
 * Local adapter: each mail becomes an RFC 5322 `.eml` file under the outbox folder, which any
 * mail client opens; `listOutbox` reads them back for `GET /local/outbox`.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { mailbox, type Sender } from './mailbox';
import type { Mailer, OutgoingMail } from './port';

export interface OutboxItem {
  to: string;
  subject: string;
  text: string;
  kind: string;
  sentAt: string;
}

/** Locally, mail comes from the program's name at a local address unless MAIL_FROM names one. */
export const LOCAL_SENDER_ADDRESS = 'noreply@localhost';
const base64Lines = (text: string) =>
  (
    Buffer.from(text, 'utf8')
      .toString('base64')
      .match(/.{1,76}/g) ?? []
  ).join('\r\n');
const encodedWord = (text: string) => `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`;

export function renderEml(mail: OutgoingMail, sentAt: Date, boundary: string, from: Sender): string {
  const headers = [
    `From: ${mailbox(from)}`,
    `To: ${mail.to}`,
    `Subject: ${encodedWord(mail.subject)}`,
    `Date: ${sentAt.toUTCString()}`,
    `X-Sent-At: ${sentAt.toISOString()}`,
    `X-Mail-Kind: ${mail.kind}`,
    'MIME-Version: 1.0',
  ];
  const part = (type: string, body: string) =>
    [`Content-Type: ${type}; charset=UTF-8`, 'Content-Transfer-Encoding: base64', '', base64Lines(body)].join(
      '\r\n',
    );
  if (!mail.html) return [...headers, part('text/plain', mail.text)].join('\r\n');
  return [
    ...headers,
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    part('text/plain', mail.text),
    `--${boundary}`,
    part('text/html', mail.html),
    `--${boundary}--`,
    '',
  ].join('\r\n');
}

/** Reads back a file written by `renderEml` (not a general MIME parser). */
export function parseEml(eml: string): OutboxItem {
  const header = (name: string) => eml.match(new RegExp(`^${name}: (.*)$`, 'mi'))?.[1]?.trim() ?? '';
  const subject = header('Subject').replace(/^=\?UTF-8\?B\?(.*)\?=$/i, (_, b64: string) =>
    Buffer.from(b64, 'base64').toString('utf8'),
  );
  const textPart = eml.match(
    /Content-Type: text\/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n([A-Za-z0-9+/=\r\n]*)/,
  );
  const text = Buffer.from((textPart?.[1] ?? '').replace(/\s/g, ''), 'base64').toString('utf8');
  return { to: header('To'), subject, text, kind: header('X-Mail-Kind'), sentAt: header('X-Sent-At') };
}

let sendSequence = 0;

export class OutboxMailer implements Mailer {
  constructor(
    private readonly directory: string,
    private readonly from: Sender,
  ) {}

  async send(mail: OutgoingMail): Promise<void> {
    const sentAt = new Date();
    const unique = randomBytes(6).toString('hex');
    await mkdir(this.directory, { recursive: true });
    // Names sort by time, then by a per-process sequence for mails of the same millisecond, so the
    // outbox lists in sending order.
    const sequence = String(sendSequence++).padStart(8, '0');
    const file = join(
      this.directory,
      `${sentAt.toISOString().replace(/[:.]/g, '-')}-${sequence}-${unique}.eml`,
    );
    await writeFile(file, renderEml(mail, sentAt, `gx-${unique}`, this.from), { flag: 'wx' });
  }
}

export async function listOutbox(directory: string): Promise<OutboxItem[]> {
  const names = await readdir(directory).catch(() => [] as string[]);
  const emls = names.filter((name) => name.endsWith('.eml')).sort();
  return Promise.all(emls.map(async (name) => parseEml(await readFile(join(directory, name), 'utf8'))));
}
