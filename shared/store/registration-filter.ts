/**
 * How a registration shows on the registrations table's stream, apart from the module that reads
 * and writes registrations: the CDK app and the local runtime need the filter without loading a
 * DynamoDB client (see ./notice-filter.ts).
 */
export const REGISTRATION_ENTITY = 'registration';

/**
 * Which stream records the counters aggregator reads, as a Lambda event filter pattern: the writes
 * of registrations (created or changed; they are never deleted). Guards, attendance and notices
 * in the same table invoke nothing.
 */
export const REGISTRATION_STREAM_FILTER = {
  eventName: ['INSERT', 'MODIFY'],
  dynamodb: { NewImage: { entity: { S: [REGISTRATION_ENTITY] } } },
} as const;

/**
 * Records per invocation of the aggregator: its writes grow with the counter items a batch touches,
 * not with its records, so a large batch of one busy host's registrations is one write to its
 * counters (the images of 500 changes stay well inside a Lambda event).
 */
export const COUNTS_BATCH_SIZE = 500;

/**
 * Seconds the event source gathers a shard's changes before invoking the aggregator: fewer, larger
 * batches, so fewer writes to a busy host's counters and a busy session's count, for figures not
 * read by the second (the CDK app's mapping and the local poller both use it).
 */
export const COUNTS_BATCHING_WINDOW_SECONDS = 2;
