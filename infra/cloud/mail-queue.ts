/**
 * The mail queue: jobs put one message per mail on it; one consumer sends them through SES and
 * reports partial batch failures. A message that keeps failing moves to the dead-letter queue,
 * which alarms on its first message. Nothing is dropped silently.
 */
import { Duration } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { AlarmTopic } from './alarms';

/** How the consumer polls: batches of 10, gathered for up to 5 s. */
export const MAIL_BATCH_SIZE = 10;
export const MAIL_BATCHING_WINDOW = Duration.seconds(5);
/**
 * At most two consumer invocations at once (Lambda's minimum): each sends its batch one mail at a
 * time, so two stay near SES's starting production rate (14 mails/s) instead of overrunning it.
 * Raise with the account's sending quota.
 */
export const MAIL_MAX_CONCURRENCY = 2;
/** Receives before a message is parked in the dead-letter queue (a few backoffs, then a human). */
export const MAIL_MAX_RECEIVE_COUNT = 5;

export interface MailQueueProps {
  /** The consumer's timeout: the visibility timeout is derived from it. */
  readonly consumerTimeout: Duration;
  /** Where the dead-letter alarm is sent. */
  readonly alarms: AlarmTopic;
}

export class MailQueue extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  readonly deadLetterAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: MailQueueProps) {
    super(scope, id);

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // Longer than the queue's own retention, so a parked mail outlives its first enqueue time.
      retentionPeriod: Duration.days(14),
    });
    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // AWS guidance for Lambda event sources: at least six times the function's timeout (plus the
      // batching window), so a batch still being retried by Lambda is not handed out twice. It is
      // also the backoff before a failed (throttled) mail is tried again.
      visibilityTimeout: Duration.seconds(
        6 * props.consumerTimeout.toSeconds() + MAIL_BATCHING_WINDOW.toSeconds(),
      ),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: MAIL_MAX_RECEIVE_COUNT },
    });
    this.deadLetterAlarm = props.alarms.alarmOnDeadLetters(
      'MailDeadLetters',
      this.deadLetterQueue,
      `Mail that failed ${MAIL_MAX_RECEIVE_COUNT} times waits in the mail dead-letter queue: ` +
        "read the consumer's logs, fix the cause, then redrive the messages to the mail queue.",
    );
  }

  /** `sqs:SendMessage` (which also covers SendMessageBatch) on this queue, nothing else. */
  grantEnqueue(grantee: iam.IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.queue.queueArn] }),
    );
  }

  /**
   * Makes `fn` the consumer. The event source grants it receive, delete, change visibility and
   * queue attributes on this queue only (`grantConsumeMessages`).
   */
  attachConsumer(fn: lambda.IFunction): void {
    fn.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: MAIL_BATCH_SIZE,
        maxBatchingWindow: MAIL_BATCHING_WINDOW,
        // Only the failed mails of a batch come back; the sent ones are deleted.
        reportBatchItemFailures: true,
        maxConcurrency: MAIL_MAX_CONCURRENCY,
      }),
    );
  }
}
