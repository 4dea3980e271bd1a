/**
 * The mail queue's consumer: sends each reminder once and reports the messages that failed, so
 * SQS retries only those (and, after a few tries, moves them to the dead-letter queue).
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { ReminderMessage } from '#shared/domain/reminders/message';
import { logger } from '#shared/http/logger';
import { deliverReminder } from '#shared/mail/delivery';

export async function sendBatch(event: SQSEvent): Promise<SQSBatchResponse> {
  const failures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    try {
      await deliverReminder(ReminderMessage.parse(JSON.parse(record.body)));
    } catch (error) {
      logger.warn('reminder not sent; the queue will retry it', {
        messageId: record.messageId,
        error: (error as Error).name,
      });
      failures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures: failures };
}

export const handler = middy(sendBatch).use(injectLambdaContext(logger, { resetKeys: true }));
