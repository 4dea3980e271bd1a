/**
 * The counters aggregator as the cloud runs it, for integration tests: DynamoDB Local's
 * registrations stream, filtered to registrations, handed to the aggregator's handler in process,
 * a shard's batches in order with the shard named (as the tumbling window does). A test that reads
 * counters after writing registrations awaits `caughtUp()` first, instead of sleeping.
 *
 * Test files share the database and each starts its aggregator when it starts, not at the stream's
 * beginning: one file's aggregator counting another file's registrations from the middle of their
 * history would move their watermarks past records their own aggregator has still to count. So
 * each counts only its own registrations (`isMine`: by plan or host, made by the file).
 */
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { handler as counters } from '#functions/counters/handler';
import { startTableStream, type TableStream } from '#infra/local/table-stream';
import { config } from '#shared/config/env';
import { COUNTS_BATCH_SIZE, REGISTRATION_STREAM_FILTER } from '#shared/store/registration-filter';
import { TABLES } from '#shared/store/tables';
import { hostsMadeHere } from './fixtures';

export interface CountedIds {
  planId: string;
  hostOrgId: string;
}

const idsOf = (record: DynamoDBRecord): CountedIds => {
  const image = record.dynamodb?.NewImage;
  return { planId: image?.planId?.S ?? '', hostOrgId: image?.hostOrgId?.S ?? '' };
};

/**
 * Counts, in process, the registrations `isMine` picks out of the registrations stream; by default
 * those of the hosts the test module made with the fixtures.
 */
export function startCounters(
  isMine: (registration: CountedIds) => boolean = (registration) => hostsMadeHere.has(registration.hostOrgId),
): TableStream {
  const endpoint = config().dynamodbEndpoint;
  if (!endpoint) throw new Error('No DynamoDB endpoint configured (test/integration/config.ts)');
  return startTableStream(endpoint, {
    name: 'counters',
    tableName: TABLES.registrations.name,
    filter: REGISTRATION_STREAM_FILTER,
    batchSize: COUNTS_BATCH_SIZE,
    windowed: true,
    handler: (event: DynamoDBStreamEvent, context) =>
      counters({ ...event, Records: event.Records.filter((record) => isMine(idsOf(record))) }, context),
  });
}
