/**
 * The notifier as the cloud runs it, for integration tests: DynamoDB Local's registrations stream,
 * filtered to new notices, handed to the notifier's handler in process. Test files share the
 * database, so each tells only the notices of its own trainees (another file's poller would race
 * it for them and send their mail to its own outbox).
 */
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { handler as notifier } from '#functions/notifier/handler';
import { startTableStream, type TableStream } from '#infra/local/table-stream';
import { config } from '#shared/config/env';
import { NOTICE_STREAM_FILTER } from '#shared/store/notice-filter';
import { TABLES } from '#shared/store/tables';

export function startNotifier(isMine: (traineeId: string) => boolean): TableStream {
  const endpoint = config().dynamodbEndpoint;
  if (!endpoint) throw new Error('No DynamoDB endpoint configured (test/integration/config.ts)');
  return startTableStream(endpoint, {
    name: 'notifier',
    tableName: TABLES.registrations.name,
    filter: NOTICE_STREAM_FILTER,
    handler: (event: DynamoDBStreamEvent, context) =>
      notifier(
        {
          Records: event.Records.filter((record) => isMine(record.dynamodb?.NewImage?.traineeId?.S ?? '')),
        },
        context,
      ),
  });
}
