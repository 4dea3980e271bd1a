/** What telling a notice came to, shared by every kind's teller. */
import { noticeSubject } from '#shared/domain/notices/notice';
import type { Notice } from '#shared/domain/notices/schemas';
import { logger } from '#shared/http/logger';
import type { Delivery } from '../delivery';

/** 'sent' or 'already-sent' for a notice told in one mail; a count for one told to many. */
export type NoticeOutcome = Delivery | 'nobody-to-tell' | { sent: number; alreadySent: number };

/** The outcome of a notice whose subject is gone: logged, and never retried (it cannot help). */
export function nobodyToTell(notice: Notice, why: string): NoticeOutcome {
  logger.warn(`notice dropped: ${why}`, { kind: notice.kind, subject: noticeSubject(notice) });
  return 'nobody-to-tell';
}
