/**
 * The daily reminders job (09:00 Beijing time): finds what is due today and puts one message per
 * mail on the mail queue. Running it twice sends nothing twice: the mailer's sent records see to it.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { beijingDate } from '#shared/domain/dates';
import { logger } from '#shared/http/logger';
import type { JobEvent } from '#shared/jobs';
import { getMailQueue } from '#shared/mail/queue';
import { remindersOf } from '#shared/reminders/collect';

export async function runReminders(event: JobEvent) {
  const now = new Date(event.now);
  const day = await remindersOf(beijingDate(Number.isNaN(now.getTime()) ? new Date() : now));
  await getMailQueue().enqueue(day.messages);
  const byKind: Record<string, number> = {};
  for (const message of day.messages) byKind[message.kind] = (byKind[message.kind] ?? 0) + 1;
  const summary = { today: day.today, dueItems: day.dueItems, enqueued: day.messages.length, byKind };
  logger.info('reminders queued', summary);
  return summary;
}

export const handler = middy(runReminders).use(injectLambdaContext(logger, { resetKeys: true }));
