/**
 * One mail from its parts: every template says who it is to, the subject, its paragraphs and the
 * link to act on; this adds the program office's signature (`MAIL_SIGNATURE`) and writes the
 * plain text and the HTML alike, so every mail looks the same and ends the same.
 */
import { mailSignature } from '#shared/config/app';
import { escapeHtml } from '#shared/render/escape-html';
import type { OutgoingMail } from './port';

export interface MailLink {
  /** What the link shows, e.g. 查看报名 (the text reads `<label>：<url>`). */
  label: string;
  /** Built by `webLink` (./links.ts): every link comes from the table of web pages. */
  url: string;
}

export interface MailParts {
  to: string;
  subject: string;
  /** The body, one paragraph each, in Chinese: greeting, what happened, what to do. */
  paragraphs: readonly string[];
  link: MailLink;
  /** What the mail is about (e.g. `plan-reviewed`), as `OutgoingMail.kind`. */
  kind: string;
}

function text(parts: MailParts, signature: readonly string[]): string {
  return `${[...parts.paragraphs, `${parts.link.label}：${parts.link.url}`, signature.join('\n')].join('\n\n')}\n`;
}

function html(parts: MailParts, signature: readonly string[]): string {
  const body = parts.paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`).join('');
  const url = escapeHtml(parts.link.url);
  const link = `<p>${escapeHtml(parts.link.label)}：<a href="${url}">${url}</a></p>`;
  const signed = `<p>${signature.map(escapeHtml).join('<br>')}</p>`;
  return `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><body>${body}${link}${signed}</body></html>`;
}

export function composeMail(parts: MailParts): OutgoingMail {
  const signature = mailSignature();
  return {
    to: parts.to,
    subject: parts.subject,
    text: text(parts, signature),
    html: html(parts, signature),
    kind: parts.kind,
  };
}
