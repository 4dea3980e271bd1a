/**
 * The outbox's way out: the `registrations` table's stream triggers the notifier with the notices
 * written there (shared/store/notices.ts), filtered before any invocation so that the table's other
 * writes cost nothing. Lambda reads DynamoDB streams at no charge, so this costs nothing while
 * idle. A batch that still fails after the retries is described (shard and sequence numbers, not
 * the notice) in the notices dead-letter queue; the notices themselves stay in the table, so an
 * operator can see what was not told (docs/operations.md, "Dead letters and redrive").
 */
import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { NOTICE_STREAM_FILTER } from '#shared/store/notice-filter';
import { acknowledgeListStreams, streamDeadLetterQueue } from './stream-reader';

/** Notices per invocation: a few seconds of SES sends at most. */
export const NOTICE_BATCH_SIZE = 10;
/**
 * Retries of a failing batch before it is given up (Lambda's backoff between them): enough for SES
 * throttling or a short outage to pass; the notices stay in the table either way.
 */
export const NOTICE_RETRY_ATTEMPTS = 5;
/** A notice older than this is given up rather than mailed late (the stream keeps 24 hours). */
export const NOTICE_MAX_AGE = Duration.hours(6);

export class NoticeStream extends Construct {
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.deadLetterQueue = streamDeadLetterQueue(this, "notifier's");
  }

  /** `notifier` gets the table's new notices, in order per shard, failures reported per record. */
  subscribe(notifier: lambda.IFunction, table: dynamodb.ITable): void {
    notifier.addEventSource(
      new DynamoEventSource(table, {
        // From the oldest record kept: a notice written while the mapping was being created is told.
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: NOTICE_BATCH_SIZE,
        retryAttempts: NOTICE_RETRY_ATTEMPTS,
        maxRecordAge: NOTICE_MAX_AGE,
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(this.deadLetterQueue),
        filters: [lambda.FilterCriteria.filter(NOTICE_STREAM_FILTER)],
      }),
    );
    acknowledgeListStreams(notifier, "notifier's");
  }
}
