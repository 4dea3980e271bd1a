/**
 * The daily reminders job (09:00 Beijing time): finds what is due today and hands the mail to the
 * mailer in batches (the mail queue port). Running it twice sends nothing twice: the mailer's sent
 * records see to it.
 */
import type { Context } from 'aws-lambda';
import { beijingDate } from '#shared/domain/dates';
import { createJobHandler } from '#shared/http/job-handler';
import { logger } from '#shared/http/logger';
import type { JobEvent } from '#shared/jobs';
import { getMailQueue } from '#shared/use-cases/mail/queue';
import { remindersOf } from '#shared/use-cases/reminders/collect';

// Kept free at the end of the run to log and return, after the mail is handed over.
const RESERVE_MS = 20_000;

export async function runReminders(event: JobEvent, context?: Pick<Context, 'getRemainingTimeInMillis'>) {
  const now = new Date(event.now);
  const day = await remindersOf(beijingDate(Number.isNaN(now.getTime()) ? new Date() : now));
  // Handing over is paced at SES's rate; on a big day it is squeezed to end within this run.
  const deadline = context ? Date.now() + context.getRemainingTimeInMillis() - RESERVE_MS : undefined;
  await getMailQueue().enqueue(day.messages, { deadline });
  const byKind: Record<string, number> = {};
  for (const message of day.messages) byKind[message.kind] = (byKind[message.kind] ?? 0) + 1;
  const summary = { today: day.today, dueItems: day.dueItems, enqueued: day.messages.length, byKind };
  logger.info('reminders queued', summary);
  return summary;
}

export const handler = createJobHandler(runReminders);
