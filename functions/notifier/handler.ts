/**
 * The notifier: invoked by the `registrations` table's stream with the notices written there
 * (only those: the event source's filter is NOTICE_STREAM_FILTER), it mails each once. Records of
 * a shard come in order; at the first that fails, the rest of the batch is reported failed with it,
 * so the stream hands them over again from there (a retry re-sends nothing that went out: the sent
 * records skip it). After the event source's retries, the failed range's description lands in the
 * notices dead-letter queue, and the notices themselves stay in the table until told.
 */
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { noticeSubject } from '#shared/domain/notices/notice';
import { createJobHandler } from '#shared/http/job-handler';
import { logger } from '#shared/http/logger';
import { noticeFromStreamImage } from '#shared/store/notices';
import { deliverNotice } from '#shared/use-cases/mail/notices';

const sequenceOf = (record: DynamoDBRecord) => record.dynamodb?.SequenceNumber ?? '';

async function tell(record: DynamoDBRecord): Promise<void> {
  const image = record.dynamodb?.NewImage;
  if (!image) {
    // The filter admits only inserts of notices; anything else is a misconfiguration to see.
    logger.error('stream record without a new image skipped', { sequence: sequenceOf(record) });
    return;
  }
  const notice = noticeFromStreamImage(image as Parameters<typeof noticeFromStreamImage>[0]);
  const outcome = await deliverNotice(notice);
  logger.info('notice told', { kind: notice.kind, subject: noticeSubject(notice), outcome });
}

export async function tellNotices(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  for (const record of event.Records) {
    try {
      await tell(record);
    } catch (error) {
      logger.warn('notice not told; the stream will hand it over again', {
        sequence: sequenceOf(record),
        error: (error as Error).name,
      });
      return { batchItemFailures: [{ itemIdentifier: sequenceOf(record) }] };
    }
  }
  return { batchItemFailures: [] };
}

export const handler = createJobHandler(tellNotices);
