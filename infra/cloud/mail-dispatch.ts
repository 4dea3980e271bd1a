/**
 * How mail travels from the jobs that find it to the mailer that sends it, at no cost while idle:
 * the jobs invoke the mailer asynchronously with batches (shared/mail/queue.ts), Lambda's own
 * asynchronous queue holds them (nothing polls an SQS queue, as an event source mapping would all
 * day long), retries a batch that fails, and parks it in the mail dead-letter queue after the last
 * retry. That queue is storage only: the `dead-letters` job counts it daily and tells operators,
 * who resend a parked batch by hand (docs/operations.md, "Dead letters and redrive"). Nothing is
 * dropped silently.
 */
import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { deadLetterQueue } from './dead-letter-queue';

/**
 * Lambda's retries of a failed batch (its maximum), a minute or two apart: enough for SES
 * throttling or a sender holding a claim to pass; what still fails is for a person to look at.
 */
export const MAIL_RETRY_ATTEMPTS = 2;
/**
 * How long a batch may wait in Lambda's queue (throttled by the account's concurrency, or between
 * retries) before it is parked: a reminder sent later the same day still beats a lost one.
 */
export const MAIL_MAX_EVENT_AGE = Duration.hours(6);
/**
 * The mailer sends a batch of 25 one by one, each waiting out SES throttling for up to ~5 s before
 * the batch stops (functions/mailer/handler.ts): two minutes cover it. It must stay below the
 * reminder sending lease (shared/store/reminders.ts), or a retried copy could send meanwhile.
 */
export const MAILER_TIMEOUT = Duration.minutes(2);
/**
 * The functions that hand mail over pace it at SES's rate (shared/mail/queue.ts): a big day's mail
 * takes minutes, so they get Lambda's longest timeout; only the time used is billed.
 */
export const MAIL_HANDOVER_TIMEOUT = Duration.minutes(15);

export class MailDispatch extends Construct {
  /** The mailer's dead-letter queue: each message is a batch (`{ messages }`) that failed for good. */
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.deadLetterQueue = deadLetterQueue(this, 'DeadLetterQueue');
  }

  /**
   * The mailer's asynchronous invocation settings: retries, event age, and the dead-letter queue
   * (a function DLQ, not an on-failure destination, so a message's body is the batch itself and
   * resending it is one `aws lambda invoke`). Lambda sends there with the mailer's role, which
   * CDK grants sqs:SendMessage on this queue.
   */
  mailerOptions(): { deadLetterQueue: sqs.IQueue; retryAttempts: number; maxEventAge: Duration } {
    return {
      deadLetterQueue: this.deadLetterQueue,
      retryAttempts: MAIL_RETRY_ATTEMPTS,
      maxEventAge: MAIL_MAX_EVENT_AGE,
    };
  }

  /** `lambda:InvokeFunction` on the mailer's ARN, nothing else (no versions, no other function). */
  grantHandOver(grantee: iam.IGrantable, mailer: lambda.IFunction): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [mailer.functionArn] }),
    );
  }
}
