/**
 * The notifier as the cloud runs it, for integration tests: DynamoDB Local's registrations stream,
 * filtered to new notices, handed to the notifier's handler in process. Test files share the
 * database, so each tells only its own notices (another file's poller would race
 * it for them and send their mail to its own outbox).
 */
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { handler as notifier } from '#functions/notifier/handler';
import { startTableStream, type TableStream } from '#infra/local/table-stream';
import { config } from '#shared/config/env';
import type { Notice } from '#shared/domain/notices/schemas';
import { NOTICE_STREAM_FILTER } from '#shared/store/notice-filter';
import { noticeFromStreamImage } from '#shared/store/notices';
import { TABLES } from '#shared/store/tables';

const noticeOf = (record: DynamoDBRecord): Notice =>
  noticeFromStreamImage(record.dynamodb?.NewImage as Parameters<typeof noticeFromStreamImage>[0]);

/** Tells, in process, the notices `isMine` picks out of the registrations stream. */
export function startNotifier(isMine: (notice: Notice) => boolean): TableStream {
  const endpoint = config().dynamodbEndpoint;
  if (!endpoint) throw new Error('No DynamoDB endpoint configured (test/integration/config.ts)');
  return startTableStream(endpoint, {
    name: 'notifier',
    tableName: TABLES.registrations.name,
    filter: NOTICE_STREAM_FILTER,
    handler: (event: DynamoDBStreamEvent, context) =>
      notifier(
        {
          Records: event.Records.filter((record) => isMine(noticeOf(record))),
        },
        context,
      ),
  });
}
