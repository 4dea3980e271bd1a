import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { listOutbox, OutboxMailer, parseEml, renderEml } from '#shared/mail/outbox';
import type { OutgoingMail } from '#shared/mail/port';
import { makeTempDir } from '../helpers/temp-dir';

const SENT_AT = new Date('2026-12-09T01:00:00.000Z');
const SENDER = { name: '广西专业技术人才知识更新工程', address: 'noreply@localhost' };
const MAIL: OutgoingMail = {
  to: 'zhang.san@example.cn',
  subject: '候补转正通知：数字经济高级研修班',
  text: '张三您好：\n您已从候补名单转为正式学员。\n培训地点：南宁市青秀区。'.repeat(5),
  kind: 'waitlist-promoted',
};

/**
 * The display name as a mail client reads it (RFC 2047): each encoded word decoded on its own,
 * whitespace between adjacent encoded words dropped.
 */
function decodeDisplayName(mailbox: string): string {
  const phrase = mailbox.replace(/\s*<[^>]*>$/, '');
  const bytes = (phrase.match(/=\?UTF-8\?B\?([^?]*)\?=/gi) ?? []).map((word) =>
    Buffer.from(word.slice(10, -2), 'base64'),
  );
  return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(bytes));
}

describe('renderEml and parseEml', () => {
  it('round-trip a plain-text mail with a Chinese subject and text', () => {
    const eml = renderEml(MAIL, SENT_AT, 'gx-boundary', SENDER);
    expect(eml).toContain('MIME-Version: 1.0');
    expect(eml).toContain('Subject: =?UTF-8?B?');
    expect(eml).not.toContain('multipart');
    expect(eml.split('\r\n').every((line) => line.length <= 998)).toBe(true);
    expect(parseEml(eml)).toEqual({
      to: MAIL.to,
      subject: MAIL.subject,
      text: MAIL.text,
      kind: MAIL.kind,
      sentAt: SENT_AT.toISOString(),
    });
  });

  it('round-trip a mail with an HTML alternative, reading back the text part', () => {
    const eml = renderEml({ ...MAIL, html: '<p>张三您好：<b>已转正</b></p>' }, SENT_AT, 'gx-abc123', SENDER);
    expect(eml).toContain('Content-Type: multipart/alternative; boundary="gx-abc123"');
    expect(eml).toContain('--gx-abc123\r\nContent-Type: text/html; charset=UTF-8');
    expect(eml.trimEnd().endsWith('--gx-abc123--')).toBe(true);
    expect(parseEml(eml)).toMatchObject({ subject: MAIL.subject, text: MAIL.text, kind: MAIL.kind });
  });

  it('puts the program name into From as RFC 2047 encoded words that decode to it', () => {
    const eml = renderEml(MAIL, SENT_AT, 'b', SENDER);
    const from = eml.match(/^From: (.*)$/m)?.[1] ?? '';
    expect(from).toMatch(/^(=\?UTF-8\?B\?[A-Za-z0-9+/=]+\?= ?)+ <noreply@localhost>$/);
    expect(from).not.toMatch(/[^\x20-\x7e]/);
    expect(decodeDisplayName(from)).toBe('广西专业技术人才知识更新工程');
  });

  it('splits a long Chinese sender name into encoded words of at most 75 characters', () => {
    const name = '广西壮族自治区人力资源和社会保障厅专业技术人才知识更新工程办公室';
    const eml = renderEml(MAIL, SENT_AT, 'b', { name, address: 'office@hrss.example.gov.cn' });
    const from = eml.match(/^From: (.*)$/m)?.[1] ?? '';
    const words = from.match(/=\?UTF-8\?B\?[^?]*\?=/g) ?? [];
    expect(words.length).toBeGreaterThan(1);
    for (const word of words) expect(word.length).toBeLessThanOrEqual(75);
    expect(decodeDisplayName(from)).toBe(name);
  });

  it('quotes a plain ASCII sender name instead of encoding it', () => {
    const eml = renderEml(MAIL, SENT_AT, 'b', { name: 'GX "KRP"', address: 'a@example.cn' });
    expect(eml).toContain('From: "GX \\"KRP\\"" <a@example.cn>\r\n');
  });

  it('keeps base64 body lines within 76 characters', () => {
    const eml = renderEml(MAIL, SENT_AT, 'b', SENDER);
    const body = eml.split('\r\n\r\n')[1] ?? '';
    expect(body.length).toBeGreaterThan(76);
    for (const line of body.split('\r\n')) expect(line.length).toBeLessThanOrEqual(76);
  });
});

describe('OutboxMailer and listOutbox', () => {
  let dir: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    dir = makeTempDir('outbox');
  });
  afterEach(() => {
    vi.useRealTimers();
    dir.remove();
  });

  it('writes one .eml file per mail, creating the folder', async () => {
    const outbox = join(dir.path, 'nested', 'outbox');
    await new OutboxMailer(outbox, SENDER).send(MAIL);
    const files = readdirSync(outbox);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/\.eml$/);
    expect(parseEml(readFileSync(join(outbox, files[0] ?? ''), 'utf8')).subject).toBe(MAIL.subject);
  });

  it('lists what was sent, in sending order, as {to, subject, text, kind, sentAt}', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(SENT_AT);
    const mailer = new OutboxMailer(dir.path, SENDER);
    const subjects = ['第一封', '第二封', '第三封', '第四封'];
    for (const [index, subject] of subjects.entries()) {
      vi.setSystemTime(SENT_AT.getTime() + index * 1_000);
      await mailer.send({ ...MAIL, subject, kind: `kind-${index}` });
    }
    writeFileSync(join(dir.path, 'notes.txt'), 'not a mail');

    const items = await listOutbox(dir.path);
    expect(items).toEqual(
      subjects.map((subject, index) => ({
        to: MAIL.to,
        subject,
        text: MAIL.text,
        kind: `kind-${index}`,
        sentAt: new Date(SENT_AT.getTime() + index * 1_000).toISOString(),
      })),
    );
  });

  it('lists mails sent within the same millisecond in sending order', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(SENT_AT);
    const mailer = new OutboxMailer(dir.path, SENDER);
    const subjects = Array.from({ length: 12 }, (_, index) => `提醒 ${String(index + 1).padStart(2, '0')}`);
    for (const subject of subjects) await mailer.send({ ...MAIL, subject });

    const items = await listOutbox(dir.path);
    expect(items.map((item) => item.subject)).toEqual(subjects);
  });

  it('lists nothing for a folder that does not exist', async () => {
    await expect(listOutbox(join(dir.path, 'missing'))).resolves.toEqual([]);
  });
});
