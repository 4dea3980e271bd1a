/**
 * The counters' way in: the `registrations` table's stream triggers the counters aggregator with
 * the changes of registrations (functions/counters), filtered before any invocation. Reading the
 * stream costs nothing while idle. The aggregator is idempotent under redelivery (each counter
 * item keeps the watermark of every shard it heard from), so the mapping may hand a batch over as
 * often as it needs; it must hand a shard's batches over in order (one batch of a shard at a time:
 * no parallelization factor), and its events must name the shard (a tumbling window adds that).
 * A batch that still fails after the retries is described (shard and sequence numbers) in the
 * counters dead-letter queue, which the daily dead-letters job reports to operators: the counters
 * then lack those changes until the records are applied again.
 */
import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  COUNTS_BATCH_SIZE,
  COUNTS_BATCHING_WINDOW_SECONDS,
  REGISTRATION_STREAM_FILTER,
} from '#shared/store/registration-filter';
import { acknowledgeListStreams, streamDeadLetterQueue } from './stream-reader';

/**
 * Retries of a failing batch (Lambda's backoff between them): a throttled counter item or a
 * conflict with a revocation's transaction passes long before; only a lasting fault exhausts them.
 */
export const COUNTS_RETRY_ATTEMPTS = 1000;
/**
 * A change still not counted after this is given up to the dead-letter queue, well before the
 * stream drops it (24 hours), so an operator can still apply it again from the stream.
 */
export const COUNTS_MAX_AGE = Duration.hours(12);
/** Gathers a busy shard's changes into larger batches (COUNTS_BATCHING_WINDOW_SECONDS). */
export const COUNTS_BATCHING_WINDOW = Duration.seconds(COUNTS_BATCHING_WINDOW_SECONDS);
/**
 * Only there so that each event names its shard (the window's state is not used); the longest
 * window, so the empty closing invocation comes rarely.
 */
export const COUNTS_TUMBLING_WINDOW = Duration.minutes(15);

export class CounterStream extends Construct {
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.deadLetterQueue = streamDeadLetterQueue(this, "counters'");
  }

  /** `aggregator` gets the table's changes of registrations, a shard's batches in order. */
  subscribe(aggregator: lambda.IFunction, table: dynamodb.ITable): void {
    aggregator.addEventSource(
      new DynamoEventSource(table, {
        // From the oldest record kept: writes counted in their own transactions (before the
        // counters moved to the stream) carry no `countedBy` and are left alone by the aggregator.
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: COUNTS_BATCH_SIZE,
        maxBatchingWindow: COUNTS_BATCHING_WINDOW,
        parallelizationFactor: 1,
        tumblingWindow: COUNTS_TUMBLING_WINDOW,
        bisectBatchOnError: true,
        retryAttempts: COUNTS_RETRY_ATTEMPTS,
        maxRecordAge: COUNTS_MAX_AGE,
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(this.deadLetterQueue),
        filters: [lambda.FilterCriteria.filter(REGISTRATION_STREAM_FILTER)],
      }),
    );
    acknowledgeListStreams(aggregator, "counters'");
  }
}
